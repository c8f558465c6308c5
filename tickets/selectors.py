"""Reads for ticket lists, the station view, the sweep and reports (T-3, T-5, T-7, T-8)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from csc.permissions import access_or_404, scope
from tickets.choices import AT_STATION, LimitKind, Status
from tickets.models import ExceptionEvent, Outage, Ticket
from tickets.outages import open_outage_for

# One condition per limit, each matching a partial index of Ticket exactly (see Ticket.Meta.indexes).
_LATE = {
    LimitKind.ACCEPT: lambda m: Q(status=Status.DISPATCHED, accept_due_at__lt=m),
    LimitKind.CONTACT: lambda m: Q(status=Status.ACCEPTED, contact_due_at__lt=m),
    LimitKind.ARRIVE: lambda m: Q(status=Status.CONTACTED, arrive_due_at__lt=m),
    LimitKind.FINISH: lambda m: Q(status__in=AT_STATION, finish_due_at__lt=m),
}


def late_condition(*, moment: datetime, limit_kind: str | None = None) -> Q:
    """Tickets past a T-5 limit at `moment`: one limit, or any of them (an OR the planner answers from the indexes)."""
    if limit_kind:
        return _LATE[LimitKind(limit_kind)](moment)
    condition = Q()
    for build in _LATE.values():
        condition |= build(moment)
    return condition


# The deadline of the step a ticket waits for: the same pairs of status and deadline as _LATE (the finish limit runs
# alongside the others while the ticket is at the station).
_DUE = {
    LimitKind.ACCEPT: (Q(status=Status.DISPATCHED), "accept_due_at"),
    LimitKind.CONTACT: (Q(status=Status.ACCEPTED), "contact_due_at"),
    LimitKind.ARRIVE: (Q(status=Status.CONTACTED), "arrive_due_at"),
    LimitKind.FINISH: (Q(status__in=AT_STATION), "finish_due_at"),
}


def due_condition(*, since: datetime, until: datetime) -> Q:
    """Tickets whose current step's T-5 deadline falls in [since, until) — passed already or not (due today)."""
    condition = Q()
    for waiting, field in _DUE.values():
        condition |= waiting & Q(**{f"{field}__gte": since, f"{field}__lt": until})
    return condition


def tickets_late(*, moment: datetime, limit_kind: str) -> QuerySet[Ticket]:
    """Tickets past one limit (accept / contact / arrive / finish) at `moment`, oldest deadline first.

    For the scheduled sweep (R-1): one indexed query per limit, no loop over open rows.
    """
    field = {
        "accept": "accept_due_at",
        "contact": "contact_due_at",
        "arrive": "arrive_due_at",
        "finish": "finish_due_at",
    }[LimitKind(limit_kind).value]
    return Ticket.objects.filter(late_condition(moment=moment, limit_kind=limit_kind)).order_by(field)


def tickets_visible_to(*, user) -> QuerySet[Ticket]:
    """Every ticket the user may see: all for the centre's staff, its own station's for station staff (T-7)."""
    return scope(user, Ticket.objects.all(), "tickets.view_ticket")


def access_ticket(*, user, number: str, perm: str = "tickets.view_ticket") -> Ticket:
    """The ticket by number, or 404 for missing and for another station's ticket alike (never 403)."""
    return access_or_404(user, perm, Ticket.objects.select_related("station", "created_by", "customer"), number=number)


def tickets_for_list(*, user) -> QuerySet[Ticket]:
    """The list for agents, supervisors and stations before its filters (tickets.filters): newest first, what each
    row shows joined; constant queries per page."""
    return tickets_visible_to(user=user).select_related("station", "created_by").order_by("-created_at", "-id")


def station_queue(*, user) -> QuerySet[Ticket]:
    """The station's work on its own screen: new tickets first (to accept or reject), then those in progress."""
    return (
        tickets_visible_to(user=user)
        .filter(status__in=AT_STATION)
        .select_related("station")
        .order_by("status", "-created_at")
    )


def exceptions_visible_to(*, user) -> QuerySet[ExceptionEvent]:
    return scope(user, ExceptionEvent.objects.all(), "tickets.view_exceptionevent").select_related(
        "ticket", "station", "raised_by", "resolved_by"
    )


def exception_counts(*, since: datetime, until: datetime) -> dict[str, int]:
    """Exception events by type for the daily / weekly / monthly reports (T-6)."""
    rows = (
        ExceptionEvent.objects.filter(raised_at__gte=since, raised_at__lt=until)
        .values("type")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["type"]: row["n"] for row in rows}


def outages_visible_to(*, user) -> QuerySet[Outage]:
    return (
        scope(user, Outage.objects.all(), "tickets.view_outage")
        .select_related("station")
        .annotate(calls=Count("tickets"))
    )


def outage_report(*, since: datetime, until: datetime) -> dict[str, int]:
    """T-8: reports count the outage once and the calls behind it separately."""
    outages = Outage.objects.filter(opened_at__gte=since, opened_at__lt=until).exclude(state=Outage.State.DISMISSED)
    counts = outages.aggregate(outages=Count("pk", distinct=True), linked_calls=Count("tickets"))  # one query
    return {"outages": counts["outages"], "linked_calls": counts["linked_calls"]}


def outage_for_route(route) -> Outage | None:
    """The open area outage covering an exactly routed address, if any (the intake reads its notice to the caller)."""
    return open_outage_for(route) if route is not None and route.is_exact else None
