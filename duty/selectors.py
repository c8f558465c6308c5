"""Reads of shifts, handovers, duty logs and incidents: who sees what, the month's rota, one's shifts, what a shift
carries over to the next, the duty logs' monthly check, the open incidents (K-7, K-9)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.roles import Role
from callbacks.choices import Status as CallbackStatus
from callbacks.models import Callback
from complaints.choices import OPEN_STATUSES as COMPLAINT_OPEN
from complaints.choices import CommitmentStatus
from complaints.models import Complaint, ReplyCommitment
from compliance.confidentiality import Level, cleared_for
from csc.periods import month_of
from csc.permissions import has_role, may
from csc.text import record_text
from duty.choices import IncidentState, ItemKind, SwapState
from duty.models import DutyLog, DutyLogCheck, DutySettings, Handover, Incident, RotaEntry, Shift, SwapRequest
from tickets.choices import AGENT_QUEUE
from tickets.models import Ticket

VIEW_ALL = "duty.view_all_handovers"
OPEN_INCIDENTS = (IncidentState.OPEN, IncidentState.ENDED)


# --- who sees what -----------------------------------------------------------------------------------------------


def handover_scope(user, queryset: QuerySet) -> QuerySet:
    """Secret 机密 (P-5): only cleared roles; the two agents of a handover, their leads, the supervisor."""
    if not cleared_for(user, Level.SECRET):
        return queryset.none()
    if may(user, VIEW_ALL):
        return queryset
    visible = Q(outgoing_id=user.pk) | Q(incoming_id=user.pk)
    if has_role(user, Role.TEAM_LEAD):
        visible |= Q(outgoing__team_id__in=sorted(user.answered_team_ids)) | Q(
            incoming__team_id__in=sorted(user.answered_team_ids)
        )
    return queryset.filter(visible)


def handover_object_rule(user, handover) -> bool:
    if not cleared_for(user, Level.SECRET):
        return False
    if may(user, VIEW_ALL) or user.pk in (handover.outgoing_id, handover.incoming_id):
        return True
    teams = user.answered_team_ids
    return has_role(user, Role.TEAM_LEAD) and bool(teams & {handover.outgoing.team_id, handover.incoming.team_id})


def duty_log_scope(user, queryset: QuerySet) -> QuerySet:
    return queryset if cleared_for(user, Level.SECRET) else queryset.none()


def duty_log_object_rule(user, log) -> bool:
    return cleared_for(user, Level.SECRET)


def swap_scope(user, queryset: QuerySet) -> QuerySet:
    if may(user, "duty.approve_swap") and may(user, VIEW_ALL):
        return queryset
    visible = Q(requester_id=user.pk) | Q(counterpart_id=user.pk)
    if has_role(user, Role.TEAM_LEAD):
        visible |= Q(requester__team_id__in=sorted(user.answered_team_ids))
    return queryset.filter(visible)


def swap_object_rule(user, swap) -> bool:
    if may(user, VIEW_ALL) or user.pk in (swap.requester_id, swap.counterpart_id):
        return True
    return has_role(user, Role.TEAM_LEAD) and swap.requester.team_id in user.answered_team_ids


# --- the rota ------------------------------------------------------------------------------------------------------


def shifts() -> list[Shift]:
    return list(Shift.objects.filter(is_active=True).order_by("order", "starts_at", "id"))


def rota_month(*, month: date) -> dict:
    """The month as a grid: each day, each shift, who is on it. Two queries."""
    first, last = month_of(month)
    columns = shifts()
    cells: dict[tuple[date, int], list] = defaultdict(list)
    for entry in (
        RotaEntry.objects.filter(day__gte=first, day__lte=last, cancelled_at__isnull=True)
        .select_related("agent")
        .order_by("agent__agent_number")
    ):
        cells[(entry.day, entry.shift_id)].append(entry)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return {
        "first": first,
        "last": last,
        "shifts": columns,
        "rows": [{"day": day, "cells": [cells.get((day, shift.pk), []) for shift in columns]} for day in days],
    }


def shifts_of(*, agent, first: date, days: int = 14) -> QuerySet[RotaEntry]:
    """One's own shifts from a day on (the home page shows the next ones)."""
    return (
        RotaEntry.objects.filter(
            agent=agent, cancelled_at__isnull=True, day__gte=first, day__lt=first + timedelta(days=days)
        )
        .select_related("shift")
        .order_by("starts_at")
    )


def current_entry(*, agent, now: datetime) -> RotaEntry | None:
    """The shift the agent is on now — or, within two hours of its end, the one just ended (the handover comes at
    the end of a shift, and may run a little late)."""
    return (
        RotaEntry.objects.filter(
            agent=agent, cancelled_at__isnull=True, starts_at__lte=now, ends_at__gt=now - timedelta(hours=2)
        )
        .select_related("shift")
        .order_by("-starts_at")
        .first()
    )


def next_shift_end(*, after: datetime) -> datetime:
    """When the shift that starts at `after` (the next one) ends: the end of the first active shift starting then,
    else eight hours on."""
    local = timezone.localtime(after)
    for shift in shifts():
        for day in (local.date() - timedelta(days=1), local.date()):
            start, end = shift.bounds(day)
            if start == after:
                return end
    return after + timedelta(hours=8)


def carry_over(*, agent, until: datetime, now: datetime) -> list[dict]:
    """What the outgoing agent leaves the next shift, read from the records — each important when it falls due
    before the next shift ends (or is late already). Five queries."""
    items: list[dict] = []
    for ticket in Ticket.objects.filter(created_by=agent, status__in=AGENT_QUEUE).order_by("created_at")[:100]:
        items.append(
            {
                "kind": ItemKind.TICKET,
                "ticket": ticket,
                "label": record_text(
                    gettext_noop("Repair ticket %(number)s: %(address)s, waiting for dispatch"),
                    number=ticket.number,
                    address=ticket.address[:80],
                ),
                "due_at": ticket.created_at,
                "important": True,  # a repair not yet at any station
            }
        )
    for complaint in Complaint.objects.filter(owner=agent, status__in=COMPLAINT_OPEN).order_by("due_at")[:100]:
        items.append(
            {
                "kind": ItemKind.COMPLAINT,
                "complaint": complaint,
                "label": record_text(
                    gettext_noop("Complaint %(number)s: %(subject)s"),
                    number=complaint.number,
                    subject=complaint.subject[:80],
                ),
                "due_at": complaint.due_at,
                "important": complaint.due_at <= until,
            }
        )
    for promise in (
        ReplyCommitment.objects.filter(status=CommitmentStatus.OPEN, due_at__lte=until, complaint__owner=agent)
        .select_related("complaint")
        .order_by("due_at")[:100]
    ):
        items.append(
            {
                "kind": ItemKind.PROMISE,
                "complaint": promise.complaint,
                "label": record_text(
                    gettext_noop("Reply promised on complaint %(number)s"), number=promise.complaint.number
                ),
                "due_at": promise.due_at,
                "important": True,
            }
        )
    mine = Q(assignee=agent) | Q(assignee__isnull=True, team_id=agent.team_id) if agent.team_id else Q(assignee=agent)
    for callback in Callback.objects.filter(mine, status=CallbackStatus.APPOINTED, appointment_at__lte=until).order_by(
        "appointment_at"
    )[:100]:
        items.append(
            {
                "kind": ItemKind.CALLBACK,
                "callback": callback,
                "label": record_text(gettext_noop("Callback appointed: %(name)s"), name=callback.name[:60]),
                "due_at": callback.appointment_at,
                "important": True,
            }
        )
    for incident in Incident.objects.filter(state__in=OPEN_INCIDENTS).order_by("started_at")[:50]:
        items.append(
            {
                "kind": ItemKind.INCIDENT,
                "incident": incident,
                "label": record_text(gettext_noop("Incident: %(title)s"), title=incident.title[:80]),
                "due_at": incident.started_at,
                "important": incident.state == IncidentState.OPEN,
            }
        )
    return items


def swaps_waiting(*, user) -> QuerySet[SwapRequest]:
    return swap_scope(user, SwapRequest.objects.filter(state=SwapState.REQUESTED)).select_related(
        "entry__shift", "requester", "counterpart", "counterpart_entry__shift"
    )


# --- duty logs -----------------------------------------------------------------------------------------------------


def log_coverage(*, month: date) -> dict:
    """The month's duty logs and how many the supervisor checked, against the share to check (seed 003: 20 %)."""
    first, last = month_of(month)
    logs = DutyLog.objects.filter(day__gte=first, day__lte=last)
    # Both distinct: the join to the checks repeats a log once per supervisor who checked it.
    counts = logs.aggregate(
        logs=Count("pk", distinct=True), checked=Count("pk", filter=Q(checks__isnull=False), distinct=True)
    )
    target = (DutySettings.objects.order_by("pk").values_list("log_check_share", flat=True).first()) or 20
    share = 100 * counts["checked"] / counts["logs"] if counts["logs"] else 0
    return {**counts, "share": share, "target": target, "met": counts["logs"] > 0 and share >= target}


def checks_of(*, log: DutyLog) -> QuerySet[DutyLogCheck]:
    return log.checks.select_related("checked_by")


# --- incidents -----------------------------------------------------------------------------------------------------


def open_incidents() -> QuerySet[Incident]:
    return Incident.objects.filter(state__in=OPEN_INCIDENTS).order_by("started_at")


def handovers_for_list(*, user) -> QuerySet[Handover]:
    return handover_scope(user, Handover.objects.all()).select_related("shift", "outgoing", "incoming", "lead")
