"""Demo rows of shifts, handovers, duty logs and incidents (idempotent: nothing is added once the rota exists).

- Last month's and this month's rota: agent1, agent2 and lead1 on the three shifts, each moving on a shift every
  three days (a 24-hour three-shift rota), built through the one-page month service.
- A swap approved last week and one waiting for lead1 (agent2 gives a shift next week to agent1).
- The past days' handovers at the end of each shift agent1 → agent2 … completed, signed by both; today's handover
  of agent1 started with the follow-ups read from the records, signed by agent1, waiting for agent2.
- Each past day's duty log with a line or two, signed by lead1; supervisor1 checked a quarter of last month's.
- Incidents: last month's system failure, closed with its post-incident report; today's power outage, open, told
  to the supervisor; a mass complaint about the demo's area outage, linked to its tickets.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from csc.demo import DemoOptions, season_days
from csc.periods import month_of
from duty import services
from duty.choices import IncidentKind, NoticeChannel
from duty.models import DutyLog, Handover, Incident, RotaEntry, Shift, SwapRequest
from tickets.models import Outage
from tickets.services import ticket_create

LOG_LINES = [
    "白班来电平稳，宏城站两张工单超时未接单，已电话督促。",
    "中班接报修较多，泰和宜园片区集中反映不热，已报供热中心。",
    "夜班无异常，录音设备正常。",
    "维修站电话无人接听一次，已记录并上报部长。",
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _rota(months: list[date], people: list[User], shifts: list[Shift], lead: User) -> None:
    for first in months:
        _first, last = month_of(first)
        wanted: dict[tuple[date, int], set[int]] = {}
        day = first
        while day <= last:
            n = (day - date(2026, 1, 1)).days
            for position, person in enumerate(people):
                shift = shifts[(position + n // 3) % len(shifts)]
                wanted.setdefault((day, shift.pk), set()).add(person.pk)
            day += timedelta(days=1)
        services.rota_month_save(month=first, wanted=wanted, actor=lead)


def load_demo(options: DemoOptions) -> dict[str, int]:
    if RotaEntry.objects.exists():
        return _counts()
    people = {u.username: u for u in User.objects.filter(username__in=["agent1", "agent2", "lead1", "supervisor1"])}
    agent1, agent2, lead, head = (people[name] for name in ("agent1", "agent2", "lead1", "supervisor1"))
    shifts = list(Shift.objects.filter(is_active=True).order_by("order"))
    today = options.today
    this_month = month_of(today)[0]
    last_month = month_of(this_month - timedelta(days=1))[0]
    _rota([last_month, this_month], [agent1, agent2, lead], shifts, lead)

    # Swaps: one approved last week (made then, when it was a day ahead), one waiting for the lead.
    later = RotaEntry.objects.filter(agent=agent2, day__gte=today + timedelta(days=3), cancelled_at__isnull=True)
    waiting = later.order_by("starts_at").first()
    if waiting is not None:
        services.swap_request(entry=waiting, actor=agent2, counterpart=agent1, reason="家中有事，请李晓梅代班。")
    past = RotaEntry.objects.filter(agent=agent1, day__gte=today + timedelta(days=8), cancelled_at__isnull=True)
    given = past.order_by("starts_at").first()
    if given is not None:
        swap = services.swap_request(entry=given, actor=agent1, counterpart=agent2, reason="参加培训。")
        services.swap_decide(swap=swap, actor=lead, approve=True, note="同意，已告知班组。")

    # Handovers at the end of agent1's shifts over the last days, and today's, waiting for the incoming agent.
    days = season_days(today)[-6:]
    for day in days:
        entry = (
            RotaEntry.objects.filter(agent=agent1, day=day, cancelled_at__isnull=True).select_related("shift").first()
        )
        if entry is None:
            continue
        end = entry.ends_at
        handover = services.handover_start(actor=agent1, incoming=agent2, day=day, shift=entry.shift, now=end)
        services.handover_update(handover=handover, actor=agent1, equipment_checked=True, notes="交接正常。")
        for item in handover.items.filter(important=True):
            services.handover_item_update(item=item, actor=agent1, dealt_with=True, note="已处理，已告知接班人。")
        services.handover_sign(handover=handover, actor=agent1, at=end)
        services.handover_sign(handover=handover, actor=agent2, at=end + timedelta(minutes=5))

    # Incidents: last month's system failure (closed with its report), today's power outage (open).
    failure = services.incident_report(
        actor=agent2,
        kind=IncidentKind.SYSTEM_FAILURE,
        title="坐席系统无法登录",
        started_at=_at(last_month + timedelta(days=17), 9, 20),
        description="9:20起三个坐席无法登录客服系统，来电改为纸质记录。",
        actions="报告主管，挂出故障牌，纸质登记来电，恢复后补录。",
    )
    services.incident_notice(
        incident=failure,
        actor=lead,
        notified="信息中心",
        channel=NoticeChannel.PHONE,
        at=_at(last_month + timedelta(days=17), 9, 25),
    )
    services.incident_update(
        incident=failure,
        actor=lead,
        ended_at=_at(last_month + timedelta(days=17), 10, 40),
        fault_report="9:30填写故障申报修复单，传真信息中心。",
        losses="约80分钟内12通来电改为纸质登记，无工单遗漏。",
        cause="认证服务器证书过期。",
        responsibility="信息中心运维未按期更新证书，已整改。",
    )
    services.incident_close(incident=failure, actor=head)
    power = services.incident_report(
        actor=agent1,
        kind=IncidentKind.POWER_OUTAGE,
        title="客服中心临时停电",
        started_at=options.now - timedelta(minutes=50),
        description="客服中心所在楼层停电，UPS供电中。",
        actions="联系物业和供电局了解停电情况，启用备用线路。",
    )
    services.incident_notice(
        incident=power,
        actor=agent1,
        notified="客服主管",
        channel=NoticeChannel.PHONE,
        at=options.now - timedelta(minutes=45),
    )
    outage = Outage.objects.filter(state=Outage.State.OPEN).first()
    if outage is not None:
        for number, (name, phone) in enumerate((("孙建国", "13911112201"), ("周玉兰", "13911112202")), start=5):
            ticket_create(  # residents of the outage's community calling in: linked to it, not dispatched (T-8)
                actor=agent1,
                category="not_warm",
                address=f"顺义区{outage.community}{number}号楼1单元302",
                caller_name=name,
                caller_phone=phone,
                fault_location="全屋暖气",
                severity="normal",
                confirmed_content=True,
                confirmed_address=True,
                confirmed_name=True,
                confirmed_phone=True,
            )
        services.incident_report(
            actor=lead,
            kind=IncidentKind.MASS_COMPLAINT,
            title=f"{outage.community}集中反映暖气不热",
            started_at=max(outage.opened_at, options.now - timedelta(days=2)),
            description="同一片区住户集中来电反映不热，部分住户要求投诉。",
            outage=outage,
        )

    # Today's handover, if agent1 is on the rota now: started and signed by agent1, waiting for agent2.
    entry = RotaEntry.objects.filter(agent=agent1, day=today, cancelled_at__isnull=True).select_related("shift").first()
    begun = entry is not None and entry.starts_at <= options.now  # a shift is handed over once it has begun
    if begun and not Handover.objects.filter(day=today, shift=entry.shift, outgoing=agent1).exists():
        handover = services.handover_start(
            actor=agent1, incoming=agent2, day=today, shift=entry.shift, now=min(options.now, entry.ends_at)
        )
        services.handover_update(handover=handover, actor=agent1, equipment_checked=True, notes="停电事件未结束。")
        services.handover_sign(handover=handover, actor=agent1, at=min(options.now, entry.ends_at))

    # Duty logs: the past days signed by lead1; a quarter of last month's checked by supervisor1.
    for offset, day in enumerate(season_days(today)):
        for line, hour in ((LOG_LINES[offset % len(LOG_LINES)], 12), (LOG_LINES[(offset + 2) % len(LOG_LINES)], 22)):
            services.duty_log_write(actor=agent1 if hour == 12 else agent2, text=line, day=day, at=_at(day, hour))
        services.duty_log_sign(day=day, actor=lead, summary="已阅，情况属实。", at=_at(day + timedelta(days=1), 8, 30))
    services.duty_log_write(
        actor=agent1, text="停电，UPS供电，已报告主管。", day=today, at=options.now - timedelta(minutes=40)
    )
    for log in DutyLog.objects.filter(day__gte=last_month, day__lt=this_month).order_by("day")[::4]:
        services.duty_log_check(log=log, actor=head, findings="记录完整，签字齐全。")
    return _counts()


def _counts() -> dict[str, int]:
    return {
        "rota_entries": RotaEntry.objects.filter(cancelled_at__isnull=True).count(),
        "handovers": Handover.objects.count(),
        "duty_logs": DutyLog.objects.count(),
        "incidents": Incident.objects.count(),
        "swaps": SwapRequest.objects.count(),
    }
