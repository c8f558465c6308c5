"""Demo callbacks 回访 (order 55: after the tickets (40) and complaints (50) made them, before the sweep (90)).

Completing a repair or closing a valid complaint made a callback already (csc.events). The tickets' and complaints'
demos then record the callback on the matter itself (ticket_callback, complaint_record_callback); here the callback
of every such matter is recorded with seed-004 answers at that same moment — mostly 满意 and scores of 7–10, a few
一般, and once or twice the problem is not solved or the resident unsatisfied, which sends a return visit to the
station. What stays open is the queue an agent finds in the morning: due and late callbacks, a couple tried once
without reaching anyone, two or three booked for later today or tomorrow because the resident was busy, and one
put back into the team's queue by the lead.

Idempotent: a callback is recorded only while open and its matter already called back; the queue is shaped once
(when no attempt other than a done survey exists); the return visits once (when no callback has one yet).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from callbacks import services
from callbacks.choices import OPEN_STATUSES, Attitude, Kind, Outcome, Status
from callbacks.models import Callback, CallbackAttempt
from csc.demo import DemoOptions, local_moment
from tickets.choices import Status as TicketStatus

CALLED_BACK = (TicketStatus.CALLED_BACK, TicketStatus.CLOSED)
SUGGESTIONS = {
    Attitude.AVERAGE: ["维修工到得比约定时间晚了半小时。", "希望上门前先打个电话。", "修好了，但屋里弄得有点脏。"],
    Attitude.SATISFIED: ["", "", "", "师傅很耐心，谢谢。", "希望以后也这么及时。"],
}
NOT_SOLVED = ("not_solved", "暖气还是不热，卧室只有15℃，师傅走后没多久又凉了。")
UNSATISFIED = ("unsatisfied", "维修工态度生硬，问题也没说清楚。")


def _rng(callback: Callback) -> random.Random:
    return random.Random(f"csc-demo-callbacks-{callback.kind}-{callback.ticket_id or callback.complaint_id}")


def _repair_answers(callback: Callback, special: str | None) -> dict:
    rng = _rng(callback)
    fee_charged = bool(callback.ticket.fee_charged)
    if special == NOT_SOLVED[0]:
        return {"solved": False, "attitude": Attitude.AVERAGE, "fee_charged": fee_charged, "score": 3,
                "suggestion": NOT_SOLVED[1]}  # fmt: skip
    if special == UNSATISFIED[0]:
        return {"solved": True, "attitude": Attitude.UNSATISFIED, "fee_charged": fee_charged, "score": 5,
                "suggestion": UNSATISFIED[1]}  # fmt: skip
    attitude = Attitude.SATISFIED if rng.random() < 0.86 else Attitude.AVERAGE
    score = rng.choice([8, 9, 9, 10, 10, 10]) if attitude == Attitude.SATISFIED else rng.choice([7, 7, 8])
    unpaid = rng.random() < 0.15
    return {
        "solved": True,
        "attitude": attitude,
        "fee_charged": fee_charged,
        "score": score,
        "suggestion": rng.choice(SUGGESTIONS[attitude]),
        "heating_fee_unpaid": unpaid,
        "fee_reminder_read": unpaid and attitude == Attitude.SATISFIED,
    }


def _complaint_answers(callback: Callback) -> dict:
    rng = _rng(callback)
    score = callback.complaint.satisfaction or rng.randint(7, 10)
    score = max(score, 7)  # the complaints' demo reopens nothing: its callback is recorded already
    return {
        "solved": True,
        "handling": Attitude.SATISFIED if score >= 8 else Attitude.AVERAGE,
        "score": score,
        "suggestion": "" if score >= 8 else "处理得有些慢，希望以后快一点。",
    }


def _worker(callback: Callback, lead: User) -> User:
    return callback.assignee or lead


def _record_called_back(lead: User, now: datetime) -> int:
    """Every open callback whose matter was called back already: recorded at that moment with the seed's answers."""
    rows = list(
        Callback.objects.filter(status__in=OPEN_STATUSES)
        .filter(
            ticket__status__in=CALLED_BACK,
            kind=Kind.REPAIR,
        )
        .select_related("ticket", "ticket__station", "assignee")
        .order_by("ticket__called_back_at", "pk")
    )
    complaints = list(
        Callback.objects.filter(
            status__in=OPEN_STATUSES, kind=Kind.COMPLAINT, complaint__callback_recorded_at__isnull=False
        )
        .select_related("complaint", "assignee")
        .order_by("complaint__callback_recorded_at", "pk")
    )
    special: dict[int, str] = {}
    if not Callback.objects.filter(follow_up_ticket__isnull=False).exists():
        # the last two recorded of the stations that have staff accounts: their return visits are worked in the demo
        recent = [c for c in rows if c.ticket.station and c.ticket.station.code in ("hongcheng", "yulong")] or rows
        for callback, kind in zip(reversed(recent), (NOT_SOLVED[0], UNSATISFIED[0]), strict=False):
            special[callback.pk] = kind
    for callback in rows:
        at = callback.ticket.called_back_at or now
        services.callback_record(
            callback=callback,
            actor=_worker(callback, lead),
            note="回访完毕",
            at=max(at, callback.created_at),
            **_repair_answers(callback, special.get(callback.pk)),
        )
    for callback in complaints:
        at = callback.complaint.callback_recorded_at
        services.callback_record(
            callback=callback,
            actor=_worker(callback, lead),
            note="客诉回访完毕",
            at=max(at, callback.created_at),
            **_complaint_answers(callback),
        )
    return len(rows) + len(complaints)


def _shape_queue(lead: User, now: datetime) -> None:
    """Once: a couple tried without reaching anyone, two or three booked for later, one back in the team's queue."""
    if CallbackAttempt.objects.exclude(outcome=Outcome.DONE).exists():
        return
    open_rows = list(
        Callback.objects.filter(status__in=OPEN_STATUSES, assignee__isnull=False)
        .select_related("assignee")
        .order_by("due_at", "pk")
    )
    late = [c for c in open_rows if c.due_at < now]
    coming = [c for c in open_rows if c.due_at >= now]
    # two of the late ones were tried once, the morning after they were made, without reaching anyone
    for callback in late[:2]:
        tried = max(callback.created_at + timedelta(hours=3), now - timedelta(days=1))
        services.callback_not_reached(callback=callback, actor=callback.assignee, note="无人接听", at=min(tried, now))
    # the residents who were busy named a time: later today when there is time left, else tomorrow
    today, tomorrow = timezone.localdate(now), timezone.localdate(now) + timedelta(days=1)
    later_today = local_moment(today, 18, 30)
    times = [
        later_today if later_today > now + timedelta(hours=1) else local_moment(tomorrow, 9, 30),
        local_moment(tomorrow, 10, 0),
        local_moment(tomorrow, 15, 30),
    ]
    busy = (coming + late[2:])[:3]
    for callback, appointment in zip(busy, times, strict=False):
        asked = max(callback.created_at + timedelta(minutes=30), now - timedelta(hours=2))
        services.callback_appoint(
            callback=callback,
            actor=callback.assignee,
            appointment_at=appointment,
            note="住户正在上班，不方便接听，约定时间再回访",
            at=min(asked, now),
        )
    # the lead put one late callback back into the team's queue (its agent is off today)
    rest = [c for c in late[2:] if c not in busy]
    if rest and lead.team_id:
        services.callback_assign(callback=rest[0], actor=lead, assignee=None, at=now - timedelta(minutes=15))


def hold_matter_steps(options: DemoOptions) -> dict[str, int]:
    """Before the tickets' and complaints' demos (order 35): their callback steps leave the callbacks open, so that
    `load_demo` records the surveys with answers at those moments."""
    services.defer_matter_steps(True)
    return {}


def load_demo(options: DemoOptions) -> dict[str, int]:
    services.defer_matter_steps(False)
    lead = User.objects.filter(username="lead1").first()
    if lead is None:
        return {"callbacks": Callback.objects.count()}
    _record_called_back(lead, options.now)
    _shape_queue(lead, options.now)
    return {
        "callbacks": Callback.objects.count(),
        "callbacks_done": Callback.objects.filter(status=Status.DONE).count(),
        "callbacks_open": Callback.objects.filter(status__in=OPEN_STATUSES).count(),
    }
