"""Demo calls, scripts, holiday windows, standard answers and a pending question (idempotent: keyed by natural ids).

Called by csc.demo.load_demo_data after the stations, accounts and customers exist. `manage.py play_call
--agent 1001 --phone <a demo customer's number>` then pops a caller on agent1's desk.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from callcenter.choices import CallEventType, HangupCause
from callcenter.defaults import HOLIDAY_DEFAULTS, SYNONYM_DEFAULTS
from callcenter.models import Call, Consultation, FaqEntry, FaqSynonym, HolidayGreeting, PendingQuestion
from callcenter.services import (
    call_event_record,
    call_wrap_up,
    consultation_record,
    faq_entry_create,
    pending_question_log,
)
from csc.demo import DemoOptions
from customers.models import CustomerPhone

FAQ = [
    (
        "室内温度不达标的处理",
        "暖气不热、家里冷",
        "先请住户确认进、回水阀门全开，散热器排气后等待半小时；室温仍低于18℃的，登记报修，维修站接单后30分钟内联系住户，需要时上门测温。",
        "不热,室温低,测温",
        "供热中心",
    ),
    (
        "暖气漏水的处理",
        "暖气片跑水、管道滴水",
        "请住户先关闭进、回水阀门，用容器接水、移开电器，立即登记报修（选“漏水”），维修站优先处理。",
        "漏水,跑水",
        "供热中心",
    ),
    (
        "散热器冰凉的处理",
        "暖气片一点都不热",
        "确认本楼其他住户是否也不热：整楼不热按区域故障处理；仅本户冰凉的，登记报修（选“冰凉”）。",
        "冰凉",
        "供热中心",
    ),
    (
        "供暖费缴纳时间与方式",
        "什么时候交暖气费、在哪交",
        "每年10月31日前缴纳，可到各营业厅、银行代收网点或网上营业厅缴纳；缴费后凭票据开栓。",
        "缴费,供暖费",
        "收费部",
    ),
    (
        "供暖起止时间",
        "什么时候来暖气、什么时候停暖",
        "本市供暖期为每年11月15日至次年3月15日，遇气温异常按政府通知提前或延长。",
        "停暖,开始供暖",
        "客服部",
    ),
    (
        "入户测温的申请",
        "要求测室温",
        "住户认为室温不达标的，可登记测温（选“要求测温”），维修站在约定时间上门，用标准温度计在房间中央离地1.5米处测量。",
        "测温",
        "供热中心",
    ),
    (
        "报停与恢复供暖",
        "不住了能不能报停",
        "报停须在供暖期开始前到营业厅办理并关断阀门；恢复供暖须补缴费用后办理开栓。",
        "报停,开栓",
        "收费部",
    ),
    (
        "维修是否收费",
        "师傅上门要钱吗",
        "供暖设施正常维修不收费；住户自行改装造成的故障按收费标准收取材料费，维修工须出示收费标准并开具票据。",
        "收费,维修费",
        "供热中心",
    ),
]

CALLS = [
    # external id, minutes ago, ring seconds, type, summary
    ("demo-call-1", 180, 6, "repair", "宏城花园住户反映暖气不热，已报修"),
    ("demo-call-2", 150, 19, "consultation", "询问供暖费缴纳时间"),
    ("demo-call-3", 90, 4, "praise", "住户表扬维修师傅上门及时"),
    ("demo-call-4", 40, 8, "consultation", "询问停暖时间"),
]


def load_demo(options: DemoOptions) -> dict[str, int]:
    supervisor = User.objects.get(username="supervisor1")
    agent = User.objects.get(username="agent1")
    integration = User.objects.get(username="integration1")

    if not FaqSynonym.objects.exists():
        FaqSynonym.objects.bulk_create(FaqSynonym(terms=terms) for terms in SYNONYM_DEFAULTS)
    existing = set(FaqEntry.objects.values_list("title", flat=True))
    for title, question, answer, keywords, department in FAQ:
        if title not in existing:
            faq_entry_create(
                title=title,
                question=question,
                answer=answer,
                keywords=keywords,
                department=department,
                actor=supervisor,
            )

    year = timezone.localdate().year
    windows = [
        ("new_year", date(year + 1, 1, 1), date(year + 1, 1, 3)),
        ("spring_festival", date(year + 1, 2, 1), date(year + 1, 2, 15)),
        ("labour_day", date(year + 1, 5, 1), date(year + 1, 5, 5)),
        ("mid_autumn", date(year + 1, 9, 24), date(year + 1, 9, 26)),
        ("national_day", date(year + 1, 10, 1), date(year + 1, 10, 7)),
    ]
    for holiday, starts_on, ends_on in windows:
        HolidayGreeting.objects.get_or_create(
            holiday=holiday, starts_on=starts_on, defaults={"ends_on": ends_on, "text": HOLIDAY_DEFAULTS[holiday]}
        )

    numbers = list(CustomerPhone.objects.order_by("customer_id").values_list("number", flat=True)[: len(CALLS)])
    now = timezone.now()
    for (external_id, minutes_ago, ring, call_type, summary), number in zip(CALLS, numbers, strict=False):
        if Call.objects.filter(external_id=external_id).exists():
            continue
        start = now - timedelta(minutes=minutes_ago)
        steps = [
            (CallEventType.QUEUED, start, "", ""),
            (CallEventType.RINGING, start + timedelta(seconds=10), agent.agent_number, ""),
            (CallEventType.ANSWERED, start + timedelta(seconds=10 + ring), agent.agent_number, ""),
            (CallEventType.HANGUP, start + timedelta(seconds=130 + ring), "", HangupCause.COMPLETED),
        ]
        for event, at, agent_number, cause in steps:
            result = call_event_record(
                external_id=external_id,
                event=event,
                occurred_at=at,
                caller_number=number,
                called_number="96069",
                agent_number=agent_number,
                cause=cause,
                actor=integration,
            )
        call_wrap_up(call=result.call, call_type=call_type, summary=summary, actor=agent)
        if call_type == "consultation":
            entry = (
                FaqEntry.objects.filter(title__in=["供暖费缴纳时间与方式", "供暖起止时间"]).order_by("title").first()
            )
            consultation_record(question=summary, answer=entry.answer, faq_entry=entry, call=result.call, actor=agent)
    if not PendingQuestion.objects.exists():
        pending_question_log(question="阳台加装暖气片需要审批吗？费用怎么算？", department="工程部", actor=agent)
    return {
        "calls": Call.objects.count(),
        "faq_entries": FaqEntry.objects.count(),
        "consultations": Consultation.objects.count(),
        "holiday_greetings": HolidayGreeting.objects.count(),
    }
