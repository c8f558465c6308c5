"""Demo calls, scripts, holiday windows, standard answers and a pending question (idempotent: keyed by natural ids).

The calls of the season, replayed through the telephony's own service (`call_event_record`, as `POST
/api/v1/calls/` does) with each event received when it happened, so a call is listed at the time of its events:
- behind every repair ticket an agent opened (tickets' demo) the call it was opened on, and behind every complaint
  received by phone (complaints' demo) the call it was received on — answered by that agent, wrapped up, and
  linked to the ticket or complaint as the desk's attach tab links them;
- every day of `csc.demo.season_days` and today: consultations answered with the standard answer to the question
  asked, a praise or a suggestion now and then, and a caller or two who hung up in the queue.
Every answered call from a number on record pops the customer on the agent's desk: the look is in the access log.
Called by csc.demo.load_demo_data after the tickets and complaints exist. `manage.py play_call --agent 1001
--phone <a demo customer's number>` then pops a caller on agent1's desk.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts.models import User
from callcenter import metrics
from callcenter.choices import CallEventType, HangupCause
from callcenter.defaults import HOLIDAY_DEFAULTS, SYNONYM_DEFAULTS
from callcenter.models import (
    Call,
    CallHourStat,
    CallLink,
    CallType,
    Consultation,
    FaqEntry,
    FaqSynonym,
    HolidayGreeting,
    PendingQuestion,
)
from callcenter.services import (
    call_event_record,
    call_wrap_up,
    caller_screen_pop,
    consultation_record,
    faq_entry_create,
    pending_question_log,
)
from complaints.models import Complaint
from csc.demo import DemoOptions, day_random, local_moment, season_days
from csc.periods import day_start
from customers.models import CustomerPhone
from tickets.models import Ticket

FAQ = [
    (
        "室内温度不达标的处理",
        "暖气不热、家里冷",
        "先请住户确认进、回水阀门全开，散热器排气后等待半小时；室温仍低于18℃的，登记报修，维修站接单后30分钟内联系住户，需要时上门测温。",
        "不热，室温低，测温",
        "供热中心",
    ),
    (
        "暖气漏水的处理",
        "暖气片跑水、管道滴水",
        "请住户先关闭进、回水阀门，用容器接水、移开电器，立即登记报修（选“漏水”），维修站优先处理。",
        "漏水，跑水",
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
        "缴费，供暖费",
        "收费部",
    ),
    (
        "供暖起止时间",
        "什么时候来暖气、什么时候停暖",
        "本市法定供暖期为每年11月15日至次年3月15日，我公司自11月1日起热态试运行；遇气温异常按政府通知提前或延长。",
        "停暖，开始供暖",
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
        "报停，开栓",
        "收费部",
    ),
    (
        "维修是否收费",
        "师傅上门要钱吗",
        "供暖设施正常维修不收费；住户自行改装造成的故障按收费标准收取材料费，维修工须出示收费标准并开具票据。",
        "收费，维修费",
        "供热中心",
    ),
]

# The questions callers ask, by the standard answer that answers them (FAQ titles above).
QUESTIONS = {
    "室内温度不达标的处理": ["家里暖气不热，室温才16度，先要检查什么？", "屋里不暖和，阀门都开着，怎么办？"],
    "暖气漏水的处理": ["暖气片接口往下滴水，现在先怎么处理？"],
    "散热器冰凉的处理": ["暖气片冰凉，是我家的问题还是整栋楼的问题？"],
    "供暖费缴纳时间与方式": ["暖气费什么时候交、在哪儿交？", "供暖费可以在网上缴纳吗？"],
    "供暖起止时间": ["今年什么时候开始供暖？", "供暖到几号结束，什么时候停暖？"],
    "入户测温的申请": ["怎么申请上门测室温？"],
    "报停与恢复供暖": ["家里没人住，能不能报停暖气？", "去年报停了，今年想恢复供暖怎么办？"],
    "维修是否收费": ["师傅上门维修要收钱吗？", "换个阀门要收材料费吗？"],
}
OTHER_CALLS = [
    (CallType.PRAISE, "住户来电表扬维修师傅上门及时、服务周到"),
    (CallType.SUGGESTION, "住户建议维修工上门前电话告知大致到达时间"),
    (CallType.OTHER, "询问营业厅地址和营业时间，已告知"),
]
REPAIR_WORDS = {"not_warm": "暖气不热", "cold": "暖气冰凉", "temperature_check": "要求测温", "leak": "暖气漏水"}


@dataclass
class _Desk:
    """Who answers: the agents on duty by the hour, the telephony's account, and a random generator."""

    agents: dict[str, User]
    integration: User
    rng: random.Random

    def agent_at(self, moment: datetime) -> User:
        """agent1 works the day shift (until 14:00), agent2 the late one — as in the tickets' and complaints' demo."""
        return self.agents["agent1" if timezone.localtime(moment).hour < 14 else "agent2"]


def _second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def _replay(desk: _Desk, *, external_id: str, number: str, at: datetime, talk: int, agent: User | None) -> Call:
    """The telephony's events of one call, each received when it happened: queued, ringing at the agent, answered
    at `at` (after a few seconds of ringing, now and then more than the 15 s of K-1), hung up `talk` seconds later.
    Without an agent the caller hung up in the queue, which they entered at `at`."""
    rng, second = desk.rng, timedelta(seconds=1)
    answered = _second(at)
    if agent is None:
        queued = answered
        steps = [
            (CallEventType.QUEUED, queued, "", ""),
            (CallEventType.HANGUP, queued + rng.randint(15, 60) * second, "", HangupCause.ABANDONED),
        ]
    else:
        ring = rng.randint(3, 12) if rng.random() > 0.08 else rng.randint(16, 28)
        ringing = answered - ring * second
        steps = [
            (CallEventType.QUEUED, ringing - rng.randint(2, 9) * second, "", ""),
            (CallEventType.RINGING, ringing, agent.agent_number or "", ""),
            (CallEventType.ANSWERED, answered, agent.agent_number or "", ""),
            (CallEventType.HANGUP, answered + talk * second, "", HangupCause.COMPLETED),
        ]
    for event, at, agent_number, cause in steps:
        result = call_event_record(
            external_id=external_id,
            event=event,
            occurred_at=at,
            received_at=at,
            caller_number=number,
            called_number="96069",
            agent_number=agent_number,
            cause=cause,
            actor=desk.integration,
        )
    call = result.call
    if agent is not None and call.customer_id and call.ringing_at:
        caller_screen_pop(number=number, actor=agent, at=call.ringing_at)
    return call


def _ticket_calls(desk: _Desk, since: datetime, existing: set[str]) -> None:
    """The call each desk ticket was opened on, answered by the agent who opened it, linked to the ticket."""
    tickets = (
        Ticket.objects.filter(created_at__gte=since, created_by__agent_number__isnull=False)
        .select_related("created_by", "station")
        .order_by("created_at")
    )
    for ticket in tickets:
        external_id = f"demo-{ticket.number}"
        if external_id in existing:
            continue
        agent = ticket.created_by
        created = _second(ticket.created_at)
        answered = created - desk.rng.randint(90, 200) * timedelta(seconds=1)
        talk = int((created - answered).total_seconds()) + desk.rng.randint(20, 60)
        call = _replay(desk, external_id=external_id, number=ticket.caller_phone, at=answered, talk=talk, agent=agent)
        what = REPAIR_WORDS.get(ticket.category, "报修")
        where = (
            f"已派{ticket.station.name}站" if ticket.station_id and ticket.status != "linked" else "已关联区域停热单"
        )
        summary = f"{what}:{ticket.description or ticket.fault_location},{where}({ticket.number})"
        wrapped = call.ended_at + desk.rng.randint(10, 40) * timedelta(seconds=1)
        call_wrap_up(call=call, call_type=CallType.REPAIR, summary=summary, actor=agent, at=wrapped)
        CallLink.objects.create(call=call, ticket=ticket, linked_by=agent, linked_at=wrapped)


def _complaint_calls(desk: _Desk, since: datetime, existing: set[str]) -> None:
    """The call each customer's phone complaint was received on, answered by its owner, linked to the complaint."""
    complaints = (
        Complaint.objects.filter(
            registered_at__gte=since, kind="customer", channel="phone", owner__agent_number__isnull=False
        )
        .select_related("owner")
        .order_by("registered_at")
    )
    for complaint in complaints:
        external_id = f"demo-{complaint.number}"
        if external_id in existing:
            continue
        registered = _second(complaint.registered_at)
        answered = registered - desk.rng.randint(180, 400) * timedelta(seconds=1)
        talk = int((registered - answered).total_seconds()) + desk.rng.randint(30, 90)
        owner = complaint.owner
        number = complaint.complainant_phone
        call = _replay(desk, external_id=external_id, number=number, at=answered, talk=talk, agent=owner)
        wrapped = call.ended_at + desk.rng.randint(10, 40) * timedelta(seconds=1)
        summary = f"投诉：{complaint.subject}，已登记投诉单 {complaint.number}"
        call_wrap_up(call=call, call_type=CallType.COMPLAINT, summary=summary, actor=owner, at=wrapped)
        CallLink.objects.create(call=call, complaint=complaint, linked_by=owner, linked_at=wrapped)


def _day_calls(desk: _Desk, day: date, now: datetime, numbers: list[str], faq: dict[str, FaqEntry], existing: set[str]):
    """A day's consultations, praise, suggestions and calls abandoned in the queue; today's up to now."""
    rng = desk.rng = day_random("calls", day)
    back = (timezone.localdate(now) - day).days
    kinds = ["consultation"] * (rng.randint(2, 3) + (1 if 0 < back <= 3 else 0))
    kinds += ["abandoned"] * rng.randint(0, 2)
    kinds += [kind for kind, chance in (("praise", 0.15), ("suggestion", 0.1), ("other", 0.1)) if rng.random() < chance]
    if back == 0:  # today: the hours before now
        first, last = max(local_moment(day, 0, 30), now - timedelta(hours=8)), now - timedelta(minutes=10)
    else:
        first, last = local_moment(day, 8), local_moment(day, 21)
    if last <= first:
        return
    moments = sorted(first + (last - first) * rng.random() for _kind in kinds)
    for index, (kind, moment) in enumerate(zip(kinds, moments, strict=True), start=1):
        external_id = f"demo-{day:%Y%m%d}-{index:02d}"
        number = (
            rng.choice(numbers)
            if numbers and rng.random() < 0.6
            else f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        )
        if external_id in existing:
            continue
        if kind == "abandoned":
            _replay(desk, external_id=external_id, number=number, at=moment, talk=0, agent=None)
            continue
        agent = desk.agent_at(moment)
        call = _replay(desk, external_id=external_id, number=number, at=moment, talk=rng.randint(50, 240), agent=agent)
        wrapped = call.ended_at + rng.randint(10, 40) * timedelta(seconds=1)
        if kind == "consultation":
            title = rng.choice(sorted(QUESTIONS))
            question, entry = rng.choice(QUESTIONS[title]), faq.get(title)
            if entry is not None:
                consultation_record(
                    question=question,
                    answer=entry.answer,
                    faq_entry=entry,
                    call=call,
                    actor=agent,
                    at=call.answered_at + timedelta(seconds=40),
                )
            call_wrap_up(call=call, call_type=CallType.CONSULTATION, summary=question, actor=agent, at=wrapped)
        else:
            call_type, summary = next(row for row in OTHER_CALLS if row[0] == kind)
            call_wrap_up(call=call, call_type=call_type, summary=summary, actor=agent, at=wrapped)


def load_demo(options: DemoOptions) -> dict[str, int]:
    supervisor = User.objects.get(username="supervisor1")
    agents = {u.username: u for u in User.objects.filter(username__in=["agent1", "agent2"])}
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

    year = options.today.year
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

    days = [*season_days(options.today), options.today]
    since = day_start(days[0])
    calls = set(Call.objects.filter(external_id__startswith="demo-").values_list("external_id", flat=True))
    desk = _Desk(agents=agents, integration=integration, rng=random.Random("csc-demo-calls"))
    _ticket_calls(desk, since, calls)
    _complaint_calls(desk, since, calls)
    numbers = list(CustomerPhone.objects.order_by("customer_id", "id").values_list("number", flat=True))
    faq = {entry.title: entry for entry in FaqEntry.objects.all()}
    for day in days:
        _day_calls(desk, day, options.now, numbers, faq, calls)
    if not PendingQuestion.objects.exists():
        pending_question_log(
            question="阳台加装暖气片需要审批吗？费用怎么算？", department="工程部", actor=agents["agent1"]
        )
    return {
        "calls": Call.objects.count(),
        "faq_entries": FaqEntry.objects.count(),
        "consultations": Consultation.objects.count(),
        "holiday_greetings": HolidayGreeting.objects.count(),
    }


def load_figures(options: DemoOptions) -> dict[str, int]:
    """The contact-centre figures' hourly roll-up over the demo's calls (beat keeps it up to date afterwards)."""
    done = metrics.rollup(now=options.now)
    return {"call figure hours": CallHourStat.objects.count(), "hours rolled up": done["hours"]}
