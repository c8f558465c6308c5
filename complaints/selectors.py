"""Reads of complaints: what a user may see, the filtered lists, the sweeps' queries and the monthly statistics."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from complaints.choices import OPEN_STATUSES, CommitmentStatus, Kind, Status, Validity
from complaints.models import Complaint, ComplaintHandler, ReplyCommitment, ResponsibilityShare
from csc.periods import day_bounds, month_bounds
from csc.permissions import may, scope
from customers import phones

VIEW = "complaints.view_complaint"
VIEW_ALL = "complaints.view_all_complaints"


# --- visibility: used by csc.permissions for lists and single objects alike ------------------------


def _involves(user) -> Q:
    return (
        Q(owner=user)
        | Q(registered_by=user)
        | Q(complainant_user=user)
        | Q(responsible_user=user)
        | Q(pk__in=ComplaintHandler.objects.filter(user=user).values("complaint_id"))
    )


def complaint_scope(user, queryset: QuerySet) -> QuerySet:
    """Customer complaints are open to all complaint staff; internal (employee) ones only to those involved."""
    if may(user, VIEW_ALL):
        return queryset
    return queryset.filter(Q(kind=Kind.CUSTOMER) | _involves(user))


def complaint_object_rule(user, complaint) -> bool:
    if may(user, VIEW_ALL) or complaint.kind == Kind.CUSTOMER:
        return True
    if user.pk in (
        complaint.owner_id,
        complaint.registered_by_id,
        complaint.complainant_user_id,
        complaint.responsible_user_id,
    ):
        return True
    return ComplaintHandler.objects.filter(complaint=complaint, user=user).exists()


def complaints_visible_to(*, user) -> QuerySet[Complaint]:
    return scope(user, Complaint.objects.all(), VIEW)


# --- lists ---------------------------------------------------------------------------------------------


def complaints_for_list(*, user, mine: bool = False) -> QuerySet[Complaint]:
    """The complaint list before its filters (complaints.filters): what the user may see — "mine" is what they own or
    handle — with what each row shows joined."""
    queryset = complaints_visible_to(user=user).select_related("category", "owner")
    if mine:
        queryset = queryset.filter(
            Q(owner=user) | Q(pk__in=ComplaintHandler.objects.filter(user=user).values("complaint_id"))
        )
    return queryset


_PEOPLE = (
    "registered_by",
    "proposed_by",
    "approved_by",
    "closed_by",
    "penalty_approved_by",
    "complainant_user",
    "responsible_user",
    "appealed_by",
    "decided_by",
)


def complaint_detail(*, pk: int) -> Complaint:
    """One complaint with everything its page shows, in a constant number of queries.

    The nine staff references are read in one query rather than nine more joins: with fifteen joins
    PostgreSQL spends longer planning the statement than running it.
    """
    complaint = (
        Complaint.objects.select_related("category", "owner", "call")
        .prefetch_related(
            Prefetch("handlers", queryset=ComplaintHandler.objects.select_related("user", "department")),
            Prefetch(
                "shares",
                queryset=ResponsibilityShare.objects.filter(superseded_at__isnull=True).select_related("department"),
                to_attr="current_shares",
            ),
            Prefetch("commitments", queryset=ReplyCommitment.objects.select_related("made_by")),
            Prefetch("follow_ups", queryset=Complaint.objects.only("pk", "number", "reopened_from_id")),
        )
        .get(pk=pk)
    )
    ids = {getattr(complaint, f"{name}_id") for name in _PEOPLE} - {None}
    people = User.objects.in_bulk(ids) if ids else {}
    for name in _PEOPLE:
        user_id = getattr(complaint, f"{name}_id")
        if user_id is not None:
            setattr(complaint, name, people[user_id])
    return complaint


def timeline(complaint: Complaint):
    """C-9: every entry, transition and promise of the complaint in time order (one query)."""
    return complaint.entries.select_related("author").order_by("at", "id")


# --- for the escalation sweeps and dashboards -------------------------------------------------------


def complaints_due_before(*, moment: datetime) -> QuerySet[Complaint]:
    """Open complaints whose closing deadline falls before `moment` (uses the partial index on open rows)."""
    return Complaint.objects.filter(status__in=OPEN_STATUSES, due_at__lt=moment)


def commitments_due_before(*, moment: datetime) -> QuerySet[ReplyCommitment]:
    """Open promises to customers whose time falls before `moment` (C-6), for the escalation sweep."""
    return ReplyCommitment.objects.filter(status=CommitmentStatus.OPEN, due_at__lt=moment)


def callbacks_due(*, queryset: QuerySet[Complaint] | None = None) -> QuerySet[Complaint]:
    """C-10: closed valid complaints without a recorded callback."""
    queryset = Complaint.objects.all() if queryset is None else queryset
    return queryset.filter(status=Status.CLOSED, validity=Validity.VALID, callback_recorded_at__isnull=True)


def complaint_counts(*, user, now: datetime | None = None) -> dict[str, int]:
    """Open / overdue / due today / mine / callback due of what the user sees (home panels).

    Two queries, each reading only a partial index's rows (open complaints; closed ones awaiting a callback),
    never the whole table.
    """
    now = now or timezone.now()
    start, end = day_bounds(timezone.localdate(now))
    visible = complaints_visible_to(user=user)
    counts = visible.filter(status__in=OPEN_STATUSES).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        due_today=Count("pk", filter=Q(due_at__gte=start, due_at__lt=end)),
        mine=Count("pk", filter=Q(owner=user)),
    )
    counts["callback_due"] = callbacks_due(queryset=visible).count()
    return counts


def public_status(*, number: str, phone: str) -> Complaint | None:
    """C-13: the complaint with this number whose complainant phone matches, else None (the same for both misses)."""
    digits = phones.normalise_or_digits(phone)
    if not number.isdigit() or not digits:
        return None
    return (
        Complaint.objects.filter(number=number, complainant_phone=digits)
        .only("number", "status", "next_reply_due_at", "due_at")
        .first()
    )


# --- C-11 monthly statistics --------------------------------------------------------------------------


def _seconds(delta) -> float | None:
    return None if delta is None else round(delta.total_seconds(), 1)


def monthly_statistics(*, year: int, month: int) -> dict:
    """C-11: the month's closed complaints by category, cause class, channel and responsible department (with
    shares), overdue count, average and 90th-percentile handling time, callback rate and satisfaction.
    A fixed number of aggregate queries, whatever the month's size.
    """
    start, end = month_bounds(year, month)
    closed = Complaint.objects.filter(status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
    handling = ExpressionWrapper(F("closed_at") - F("accepted_at"), output_field=DurationField())
    totals = closed.aggregate(
        total=Count("pk"),
        valid=Count("pk", filter=Q(validity=Validity.VALID)),
        overdue=Count("pk", filter=Q(closed_at__gt=F("due_at"))),
        called_back=Count("pk", filter=Q(validity=Validity.VALID, callback_recorded_at__isnull=False)),
        satisfaction_average=Avg("satisfaction"),
        satisfaction_n=Count("satisfaction"),
        average_handling=Avg(handling),
    )
    n = totals["total"]
    p90 = None
    if n:
        index = max(int(-(-9 * n // 10)) - 1, 0)  # nearest-rank 90th percentile
        row = (
            closed.annotate(handling=handling)
            .order_by("handling")
            .values_list("handling", flat=True)[index : index + 1]
        )
        p90 = next(iter(row), None)

    def by(field: str, label_field: str | None = None) -> list[dict]:
        rows = (
            closed.values(field, *([label_field] if label_field else []))
            .annotate(count=Count("pk"))
            .order_by("-count", field)
        )
        return [
            {"key": r[field], "label": r[label_field] if label_field else r[field], "count": r["count"]} for r in rows
        ]

    departments = (
        ResponsibilityShare.objects.filter(complaint__in=closed, superseded_at__isnull=True)
        .values("department_id", "department__name")
        .annotate(complaints=Count("complaint", distinct=True), share_sum=Sum("percent"))
        .order_by("-share_sum", "department__name")
    )
    labels = {
        "cause_class": dict(Complaint._meta.get_field("cause_class").choices),
        "channel": dict(Complaint._meta.get_field("channel").choices),
    }
    by_cause = by("cause_class")
    for row in by_cause:
        row["label"] = str(labels["cause_class"].get(row["key"], row["key"]))
    by_channel = by("channel")
    for row in by_channel:
        row["label"] = str(labels["channel"].get(row["key"], row["key"]))
    return {
        "month": f"{year:04d}-{month:02d}",
        "closed": n,
        "valid": totals["valid"],
        "overdue": totals["overdue"],
        "average_handling_seconds": _seconds(totals["average_handling"]),
        "p90_handling_seconds": _seconds(p90),
        "called_back": totals["called_back"],
        "callback_rate": round(totals["called_back"] / totals["valid"], 4) if totals["valid"] else None,
        "satisfaction": round(float(totals["satisfaction_average"]), 2)
        if totals["satisfaction_average"] is not None
        else None,
        "satisfaction_n": totals["satisfaction_n"],
        "by_category": by("category_id", "category__name"),
        "by_cause_class": by_cause,
        "by_channel": by_channel,
        "by_department": [
            {
                "key": r["department_id"],
                "label": r["department__name"],
                "complaints": r["complaints"],
                # the department's weighted count: 60% of one complaint counts 0.6
                "weighted": float((Decimal(r["share_sum"]) / 100).quantize(Decimal("0.01"))),
            }
            for r in departments
        ],
    }
