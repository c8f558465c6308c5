"""Demo complaints in every state, so `make run` shows the list, the deadlines, the timeline and the statistics.

Two sets, registered together in the order they were received, so that the numbers (C-1) follow the registration
times: the showcase — one complaint at each stage, the oldest 20 days back, an internal one appealed — and the
season, about one complaint every other past day of `csc.demo.season_days`, from residents and by every channel.
Each is registered at the moment it was received and taken through the workflow at the times the owner would,
as far as those times are past: a first reply within two hours with the next reply promised (and kept), the
cause and responsibility the next day, a proposal, its approval, the outcome told, closed, the callback. A few
take longer than their 15 days, a few are invalid. Only today's complaints send their acknowledgement SMS now.

Idempotent: the showcase is keyed by its subjects; a past day that has season complaints is left as it is.
Called by csc.demo.load_demo_data after the stations, the demo accounts and the customers exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from complaints import services
from complaints.choices import CauseClass, Validity
from complaints.models import ApprovalLevel, Complaint, ComplaintCategory, Department
from csc.demo import DemoOptions, day_random, local_moment, season_days
from csc.periods import day_bounds, day_start
from customers.models import Customer

# subject, category code, owner, severity, channel, days ago accepted, how far to take it
DEMO = [
    ("暖气片不热，报修后维修工态度差", "service_attitude", "agent1", "normal", "phone", 0, "registered"),
    ("维修后仍然漏水，要求赔偿地板损失", "repair_quality", "agent1", "major", "phone", 1, "investigating"),
    ("本月热费多收两百元", "billing", "agent2", "normal", "visit", 3, "proposed"),
    ("供热开栓延误一周", "delivery", "agent1", "normal", "letter", 6, "approved"),
    ("客服电话长时间无人接听", "service_attitude", "agent2", "normal", "government_hotline", 9, "closed"),
    ("维修站收费不开票", "billing", "agent1", "normal", "phone", 12, "closed_called_back"),
    ("室温长期低于18度", "product_quality", "agent2", "major", "web", 20, "investigating"),
    ("老人家中暖气爆裂无人处理", "repair_quality", "agent1", "critical", "phone", 0, "registered"),
    ("维修工两次上门未带配件，至今未修好", "repair_quality", "agent2", "normal", "phone", 0, "investigating"),
]
INTERNAL_SUBJECT = "夜班排班不公平"
INTERNAL_DAYS_AGO = 8

# The season's complaints by category: what went wrong, the departments responsible (shares), the resolution,
# its remedy type and amount (yuan; None: no money), the cause class.
SEASON_ISSUES = {
    "product_quality": [
        (
            "室温长期不达标",
            [("production", 60), ("quality", 40)],
            "入户测温后调整管网平衡，减免半月热费",
            "credit",
            300,
        ),
        ("暖气时冷时热", [("production", 100)], "排查单元立管气堵并致歉", "repair", None),
    ],
    "service_attitude": [
        ("客服电话久拨不通", [("customer_service", 100)], "致歉并说明高峰时段增加坐席", "apology", None),
        ("维修工态度生硬", [("repair", 100)], "维修站站长上门致歉，对维修工批评教育", "apology", None),
    ],
    "billing": [
        ("热费计算有误", [("finance", 100)], "核对面积后退还多收热费", "credit", 180),
        ("报停后仍被收取热费", [("finance", 70), ("customer_service", 30)], "核实报停记录，退还热费", "credit", 450),
    ],
    "delivery": [
        ("开栓延误三天", [("production", 100)], "致歉并按延误天数减免热费", "credit", 120),
    ],
    "repair_quality": [
        ("维修后仍漏水", [("repair", 70), ("quality", 30)], "返工维修并赔偿清洁费用", "compensation", 200),
        ("维修后暖气仍不热", [("repair", 100)], "派技术骨干返工，复测室温达标", "repair", None),
    ],
}
SEASON_CHANNELS = [("phone", 55), ("government_hotline", 15), ("web", 15), ("visit", 10), ("letter", 5)]


@dataclass
class _Plan:
    """One complaint: who, what, when it was received, and the workflow steps at their times."""

    at: datetime
    subject: str
    category: str
    owner: str
    severity: str
    channel: str
    customer: Customer | None
    name: str
    phone: str
    statement: str
    remedy_sought: str
    steps: list[tuple[str, datetime, dict]] = field(default_factory=list)


def _on_duty(moment: datetime) -> str:
    """agent1 works the day shift (until 14:00), agent2 the late one — the same rota as the desk's calls."""
    return "agent1" if timezone.localtime(moment).hour < 14 else "agent2"


def _workflow(
    rng: random.Random, at: datetime, *, issue: tuple, valid: bool, slow: bool
) -> list[tuple[str, datetime, dict]]:
    """The owner's steps from registration at `at` to the callback; every promise is kept by the next reply."""
    hour, day = timedelta(hours=1), timedelta(days=1)
    _text, shares, resolution, remedy_type, amount = issue
    if not valid:
        classify = at + rng.randint(20, 60) * timedelta(minutes=1)
        return [
            ("classify", classify, {"validity": Validity.INVALID, "reason": "经核实属正常供热调节，不属于投诉"}),
            ("inform", classify + 30 * timedelta(minutes=1), {"text": "已向客户解释供热调节情况，客户表示理解。"}),
            ("close", classify + 40 * timedelta(minutes=1), {"customer_accepted": True}),
        ]
    first_reply = at + rng.randint(20, 100) * timedelta(minutes=1)
    classify = at + day + rng.randint(0, 4) * hour
    # a slow one waits for the departments for two weeks, and closes after its 15 days
    propose = classify + (rng.randint(13, 15) if slow else rng.randint(1, 3)) * day
    approve = propose + day + rng.randint(0, 3) * hour
    inform = approve + rng.randint(2, 6) * hour
    close = inform + rng.randint(1, 20) * hour
    callback = close + rng.randint(20, 40) * hour
    replies = [first_reply]
    while replies[-1] + 2 * day < inform - 12 * hour:  # keep the customer posted every two days
        replies.append(replies[-1] + 2 * day)
    cause = CauseClass.QUALITY if shares[0][0] in ("production", "quality") else CauseClass.NON_QUALITY
    steps: list[tuple[str, datetime, dict]] = []
    for index, moment in enumerate(replies):
        following = replies[index + 1] if index + 1 < len(replies) else inform
        reply = "已受理，正在联系相关部门核实。" if index == 0 else "正在处理中，已与责任部门确认处理方案。"
        steps.append(("reply", moment, {"text": reply, "next_reply_at": following + 2 * hour}))
        if index == 0:
            steps.append(("investigate", moment + 5 * timedelta(minutes=1), {"note": "调取报修记录和通话录音"}))
    steps += [
        ("classify", classify, {"cause_class": cause}),
        ("responsibility", classify + 10 * timedelta(minutes=1), {"shares": shares, "loss_amount": amount}),
        ("propose", propose, {"resolution": resolution, "remedy_type": remedy_type, "remedy_amount": amount}),
        ("approve", approve, {"note": "同意"}),
        ("inform", inform, {"text": f"{resolution}。已电话告知客户。"}),
        ("close", close, {"customer_accepted": True}),
        ("callback", callback, {"reference": "回访", "satisfaction": rng.randint(6, 10)}),
    ]
    return sorted(steps, key=lambda step: step[1])


def _showcase_workflow(at: datetime, now: datetime, issue: tuple, stop_after: str) -> list[tuple[str, datetime, dict]]:
    """The showcase's steps up to its stage, squeezed into the days it has had when they would not fit; an open
    one's last reply promises a time still ahead (nothing is missed but what the escalation shows on its own)."""
    steps = _workflow(random.Random(at.isoformat()), at, issue=issue, valid=True, slow=False)
    steps = steps[: next(i for i, step in enumerate(steps) if step[0] == stop_after) + 1]
    span, planned = max(now - at - timedelta(minutes=30), (now - at) / 2), steps[-1][1] - at
    if planned > span:  # keep their order and the first reply's two hours
        ratio = span / planned
        steps = [(action, at + (moment - at) * ratio, kwargs) for action, moment, kwargs in steps]
        steps = [
            (a, t, {**kw, "next_reply_at": at + (kw["next_reply_at"] - at) * ratio}) if a == "reply" else (a, t, kw)
            for a, t, kw in steps
        ]
    if stop_after not in ("close", "callback"):
        last = max(i for i, step in enumerate(steps) if step[0] == "reply")
        action, moment, kwargs = steps[last]
        steps[last] = (
            action,
            moment,
            {**kwargs, "next_reply_at": max(kwargs["next_reply_at"], now + timedelta(hours=20))},
        )
    return steps


def _season_plans(options: DemoOptions, residents: list[Customer], skip: set) -> list[_Plan]:
    plans = []
    categories = list(SEASON_ISSUES)
    for day in season_days(options.today):
        rng = day_random("complaints", day)
        if day in skip or rng.random() < 0.45:
            continue
        start = rng.randint(8 * 60, 20 * 60)
        at = local_moment(day, start // 60, start % 60, rng.randint(0, 59))
        category = rng.choice(categories)
        issue = rng.choice(SEASON_ISSUES[category])
        customer = rng.choice(residents) if residents else None
        address = customer.addresses.all()[0].address if customer and customer.addresses.all() else ""
        community = address.removeprefix("顺义区").split("号楼")[0].rstrip("0123456789") if address else ""
        channel = rng.choices([c for c, _w in SEASON_CHANNELS], weights=[w for _c, w in SEASON_CHANNELS])[0]
        valid, slow = rng.random() > 0.1, rng.random() < 0.15
        plan = _Plan(
            at=at,
            subject=f"{community}住户：{issue[0]}" if community else issue[0],
            category=category,
            owner=_on_duty(at),
            severity="major" if slow else "normal",
            channel=channel,
            customer=customer,
            name=customer.name if customer else "张先生",
            phone=customer.phones.all()[0].number if customer and customer.phones.all() else "13900000000",
            statement=f"{issue[0]}。{'客户来电' if channel == 'phone' else '客户'}反映，要求尽快处理并给予答复。",
            remedy_sought="尽快解决并道歉" if issue[4] is None else "减免或退还费用",
        )
        plan.steps = _workflow(rng, at, issue=issue, valid=valid, slow=slow)
        plans.append(plan)
    return plans


def _showcase_plans(now: datetime, existing: set[str]) -> list[_Plan]:
    plans, today = [], timezone.localdate(now)
    for index, (subject, code, owner, severity, channel, days_ago, stage) in enumerate(DEMO):
        if subject in existing:
            continue
        # an hour before, today's too (unless today began less than an hour ago: then halfway since midnight)
        at = (now - timedelta(days=days_ago) - min(timedelta(hours=1), (now - day_start(today)) / 2)).replace(
            microsecond=0
        )
        customer = _customer(index)
        phone = customer.phones.all()[0].number if customer and customer.phones.all() else f"1380000{index:04d}"
        issue = ("", [("repair", 70), ("quality", 30)], "致歉并减免部分热费", "credit", 200)
        stop_after = {
            "investigating": "investigate",
            "proposed": "propose",
            "approved": "approve",
            "closed": "close",
            "closed_called_back": "callback",
        }.get(stage, "")
        steps = _showcase_workflow(at, now, issue, stop_after) if stop_after else []
        plans.append(
            _Plan(
                at=at,
                subject=subject,
                category=code,
                owner=owner,
                severity=severity,
                channel=channel,
                customer=customer,
                name=customer.name if customer else "张先生",
                phone=phone,
                statement=f"{subject}。{'客户来电' if channel == 'phone' else '客户'}反映，要求尽快处理并给予答复。",
                remedy_sought="尽快修复并道歉" if index % 2 else "减免费用",
                steps=steps,
            )
        )
    return plans


def _customer(index: int):
    return Customer.objects.filter(is_active=True).prefetch_related("phones").order_by("id")[index : index + 1].first()


def _take(complaint: Complaint, plan: _Plan, *, users: dict[str, User], departments: dict, now: datetime) -> None:
    """The planned steps whose time has come, each through its service at its time (the approver by the amount)."""
    owner = users[plan.owner]
    for action, at, kwargs in plan.steps:
        if at >= now:
            return
        if action == "reply":
            complaint = services.complaint_reply(complaint=complaint, actor=owner, at=at, **kwargs)
        elif action == "investigate":
            complaint = services.complaint_investigate(complaint=complaint, actor=owner, at=at, **kwargs)
        elif action == "classify":
            complaint = services.complaint_classify(complaint=complaint, actor=owner, at=at, **kwargs)
        elif action == "responsibility":
            shares = [(departments[code], percent) for code, percent in kwargs["shares"]]
            amount = kwargs["loss_amount"]
            complaint = services.complaint_set_responsibility(
                complaint=complaint, actor=owner, shares=shares, loss_amount=amount and Decimal(amount), at=at
            )
        elif action == "propose":
            amount = kwargs["remedy_amount"]
            complaint = services.complaint_propose(
                complaint=complaint, actor=owner, **{**kwargs, "remedy_amount": amount and Decimal(amount)}, at=at
            )
        elif action == "approve":
            approver = (
                users["gm1"]
                if (complaint.required_level and complaint.required_level.rank > 1)
                else users["supervisor1"]
            )
            complaint = services.complaint_approve(complaint=complaint, actor=approver, at=at, **kwargs)
        elif action == "inform":
            complaint = services.complaint_inform(complaint=complaint, actor=owner, at=at, **kwargs)
        elif action == "close":
            complaint = services.complaint_close(complaint=complaint, actor=owner, at=at, **kwargs)
        elif action == "callback":
            complaint = services.complaint_record_callback(complaint=complaint, actor=owner, at=at, **kwargs)


def _internal(users: dict[str, User], categories: dict, now: datetime) -> None:
    """C-12: an employee's complaint, found invalid, closed, and appealed once."""
    at = (now - timedelta(days=INTERNAL_DAYS_AGO)).replace(microsecond=0)
    minute = timedelta(minutes=1)
    supervisor = users["supervisor1"]
    internal = services.complaint_register(
        actor=supervisor,
        category=categories["staff_conduct"],
        kind="internal",
        complainant_name="王丽",
        complainant_phone="13800001002",
        complainant_user=users["agent2"],
        subject=INTERNAL_SUBJECT,
        statement="连续三周被安排夜班，认为排班不公平。",
        remedy_sought="调整排班",
        send_sms=False,
        at=at,
    )
    services.complaint_classify(
        complaint=internal, actor=supervisor, validity="invalid", reason="排班符合轮换制度", at=at + 60 * minute
    )
    services.complaint_inform(
        complaint=internal, actor=supervisor, text="经核实排班按轮换制度执行。", at=at + 90 * minute
    )
    services.complaint_close(complaint=internal, actor=supervisor, customer_accepted=False, at=at + 100 * minute)
    services.complaint_appeal(
        complaint=internal, actor=users["agent2"], reason="轮换制度未考虑个人请假", at=at + timedelta(days=1)
    )


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
    departments = {d.code: d for d in Department.objects.all()}
    categories = {c.code: c for c in ComplaintCategory.objects.all()}
    now = options.now
    showcase = [d[0] for d in DEMO] + [INTERNAL_SUBJECT]
    existing = set(Complaint.objects.filter(subject__in=showcase).values_list("subject", flat=True))
    days_with_season = {
        day
        for day in season_days(options.today)
        if Complaint.objects.filter(registered_at__gte=day_bounds(day)[0], registered_at__lt=day_bounds(day)[1])
        .exclude(subject__in=showcase)
        .exists()
    }
    residents = list(
        Customer.objects.filter(is_active=True).prefetch_related("phones", "addresses").order_by("account_number")
    )
    plans = _showcase_plans(now, existing) + _season_plans(options, residents, days_with_season)
    needed = {p.category for p in plans} | {"staff_conduct"}
    responsible = {code for issues in SEASON_ISSUES.values() for issue in issues for code, _share in issue[1]}
    if not needed <= set(categories) or not responsible | {"quality", "repair"} <= set(departments):
        return {"complaints": Complaint.objects.count()}
    internal_at = now - timedelta(days=INTERNAL_DAYS_AGO)
    internal_done = INTERNAL_SUBJECT in existing
    for plan in sorted(plans, key=lambda p: p.at):  # numbers follow the registration times (C-1)
        if not internal_done and plan.at > internal_at:
            _internal(users, categories, now)
            internal_done = True
        complaint = services.complaint_register(
            actor=users[plan.owner],
            category=categories[plan.category],
            complainant_name=plan.name,
            complainant_phone=plan.phone,
            subject=plan.subject,
            statement=plan.statement,
            remedy_sought=plan.remedy_sought,
            channel=plan.channel,
            severity=plan.severity,
            customer=plan.customer,
            send_sms=timezone.localdate(plan.at) == options.today,  # the acknowledgement goes out now: today's only
            at=plan.at,
        )
        _take(complaint, plan, users=users, departments=departments, now=now)
    if not internal_done:
        _internal(users, categories, now)
    return {"complaints": Complaint.objects.count()}
