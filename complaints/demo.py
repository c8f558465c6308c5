"""Demo complaints in every state, so `make run` shows the list, the deadlines, the timeline and the statistics.

Idempotent: each demo complaint is keyed by its subject; a second run finds it and creates nothing.
Called by csc.demo.load_demo_data after the stations, the demo accounts and the customers exist.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from complaints import services
from complaints.models import ApprovalLevel, Complaint, ComplaintCategory, Department
from csc.demo import DemoOptions
from customers.models import Customer

# subject, category code, owner, severity, channel, days ago accepted, how far to take it
DEMO = [
    ("暖气片不热,报修后维修工态度差", "service_attitude", "agent1", "normal", "phone", 0, "registered"),
    ("维修后仍然漏水,要求赔偿地板损失", "repair_quality", "agent1", "major", "phone", 1, "investigating"),
    ("本月热费多收两百元", "billing", "agent2", "normal", "visit", 3, "proposed"),
    ("供热开栓延误一周", "delivery", "agent1", "normal", "letter", 6, "approved"),
    ("客服电话长时间无人接听", "service_attitude", "agent2", "normal", "government_hotline", 9, "closed"),
    ("维修站收费不开票", "billing", "agent1", "normal", "phone", 12, "closed_called_back"),
    ("室温长期低于18度", "product_quality", "agent2", "major", "web", 20, "investigating"),
    ("老人家中暖气爆裂无人处理", "repair_quality", "agent1", "critical", "phone", 0, "registered"),
]
INTERNAL_SUBJECT = "夜班排班不公平"


def _customer(index: int):
    return Customer.objects.filter(is_active=True).prefetch_related("phones").order_by("id")[index : index + 1].first()


def _take(complaint, stage: str, *, owner, supervisor, quality, repair) -> None:
    if stage == "registered":
        return
    services.complaint_reply(
        complaint=complaint,
        actor=owner,
        text="已受理,正在联系维修站核实。",
        next_reply_at=timezone.now() + timedelta(hours=20),
    )
    services.complaint_investigate(complaint=complaint, actor=owner, note="调取报修记录和录音")
    if stage == "investigating":
        return
    services.complaint_classify(complaint=complaint, actor=owner, cause_class="non_quality")
    services.complaint_set_responsibility(
        complaint=complaint, actor=owner, shares=[(repair, 70), (quality, 30)], loss_amount=Decimal("200")
    )
    services.complaint_propose(
        complaint=complaint,
        actor=owner,
        resolution="致歉并减免部分热费",
        remedy_type="credit",
        remedy_amount=Decimal("200"),
    )
    if stage == "proposed":
        return
    services.complaint_approve(complaint=complaint, actor=supervisor, note="同意")
    if stage == "approved":
        return
    services.complaint_inform(complaint=complaint, actor=owner, text="已致歉,减免热费200元,下月账单体现。")
    services.complaint_close(complaint=complaint, actor=owner, customer_accepted=True)
    if stage == "closed_called_back":
        services.complaint_record_callback(complaint=complaint, actor=owner, reference="demo", satisfaction=9)


@transaction.atomic
def load_demo(options: DemoOptions) -> dict[str, int]:
    users = {u.username: u for u in User.objects.filter(username__in=["agent1", "agent2", "supervisor1", "gm1"])}
    if len(users) < 4:
        return {"complaints": Complaint.objects.count()}
    supervisor, gm = users["supervisor1"], users["gm1"]
    for rank, user in ((1, supervisor), (3, gm)):
        level = ApprovalLevel.objects.filter(rank=rank).first()
        if level is not None:
            level.members.add(user)
    quality = Department.objects.filter(code="quality").first()
    repair = Department.objects.filter(code="repair").first()
    categories = {c.code: c for c in ComplaintCategory.objects.all()}
    existing = set(
        Complaint.objects.filter(subject__in=[d[0] for d in DEMO] + [INTERNAL_SUBJECT]).values_list(
            "subject", flat=True
        )
    )
    now = timezone.now()
    for index, (subject, code, owner_name, severity, channel, days_ago, stage) in enumerate(DEMO):
        if subject in existing or code not in categories or quality is None or repair is None:
            continue
        customer = _customer(index)
        phone = customer.phones.all()[0].number if customer and customer.phones.all() else f"1380000{index:04d}"
        owner = users[owner_name]
        complaint = services.complaint_register(
            actor=owner,
            category=categories[code],
            complainant_name=customer.name if customer else "张先生",
            complainant_phone=phone,
            subject=subject,
            statement=f"{subject}。客户来电反映,要求尽快处理并给予答复。",
            remedy_sought="尽快修复并道歉" if index % 2 else "减免费用",
            channel=channel,
            severity=severity,
            customer=customer,
            accepted_at=now - timedelta(days=days_ago, hours=1),
        )
        _take(complaint, stage, owner=owner, supervisor=supervisor, quality=quality, repair=repair)
    if INTERNAL_SUBJECT not in existing and "staff_conduct" in categories:
        internal = services.complaint_register(
            actor=supervisor,
            category=categories["staff_conduct"],
            kind="internal",
            complainant_name="王丽",
            complainant_phone="13800001002",
            complainant_user=users["agent2"],
            subject=INTERNAL_SUBJECT,
            statement="连续三周被安排夜班,认为排班不公平。",
            remedy_sought="调整排班",
            send_sms=False,
        )
        services.complaint_classify(complaint=internal, actor=supervisor, validity="invalid", reason="排班符合轮换制度")
        services.complaint_inform(complaint=internal, actor=supervisor, text="经核实排班按轮换制度执行。")
        services.complaint_close(complaint=internal, actor=supervisor, customer_accepted=False)
        services.complaint_appeal(complaint=internal, actor=users["agent2"], reason="轮换制度未考虑个人请假")
    return {"complaints": Complaint.objects.count()}
