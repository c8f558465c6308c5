"""Reads of customer records and the compliance registers, always starting from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from compliance.models import (
    ENFORCEMENT_OPEN,
    AccessLogEntry,
    ArchiveLoan,
    ComplianceEvent,
    DestructionLogEntry,
    Disclosure,
    EnforcementRequest,
    ExportRecord,
    LoanStatus,
    RetentionRun,
)
from csc.permissions import scope
from customers.models import Customer


def customers_visible_to(*, user) -> QuerySet[Customer]:
    """Customers the user may list, phones and addresses prefetched (two queries whatever the page size); the
    list's search is compliance.filters.CustomerFilter."""
    return scope(user, Customer.objects.filter(is_active=True)).prefetch_related("phones", "addresses")


def access_log_visible_to(*, user) -> QuerySet[AccessLogEntry]:
    """The access log for those who may read it, none for the others (P-1); filtered by AccessLogFilter."""
    return scope(user, AccessLogEntry.objects.all()).select_related("user", "customer")


def export_records_visible_to(*, user) -> QuerySet[ExportRecord]:
    """The export log for those who may read it (the compliance officer), none for the others (P-1, D-2)."""
    return scope(user, ExportRecord.objects.all()).select_related("user")


@dataclass(frozen=True)
class UnusualAccess:
    user: User
    role: str
    day: date
    customers: int
    peer_mean: float
    peer_sd: float

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role


def unusual_access(
    *,
    until: datetime | None = None,
    window_days: int | None = None,
    sigma: float | None = None,
    floor: int | None = None,
) -> list[UnusualAccess]:
    """Staff days with far more distinct customers looked at than their peers (P-1).

    Per role, per member of staff, per Asia/Shanghai day: the number of distinct customers. A day is unusual when
    it exceeds the peers' mean + sigma x standard deviation, where the peers are the *other* holders of the same
    role over the window (leaving the person out, so one heavy user cannot hide in their own average), and is at
    least `floor`. All in one aggregate SQL statement; roles in UNUSUAL_ACCESS_EXCLUDED_ROLES (the telephony's
    screen-pops) are left out.
    """
    until = until or timezone.now()
    window_days = window_days or settings.UNUSUAL_ACCESS_WINDOW_DAYS
    sigma = float(sigma or settings.UNUSUAL_ACCESS_SIGMA)
    floor = floor or settings.UNUSUAL_ACCESS_MIN_CUSTOMERS
    since = until - timedelta(days=window_days)
    daily = (
        AccessLogEntry.objects.filter(at__gte=since, at__lt=until, user__groups__isnull=False)
        .exclude(user__groups__name__in=settings.UNUSUAL_ACCESS_EXCLUDED_ROLES)
        .annotate(role=F("user__groups__name"), day=TruncDate("at"))
        .values("user_id", "role", "day")
        .annotate(n=Count("customer_id", distinct=True))
        .order_by()
    )
    inner_sql, params = daily.query.sql_with_params()
    # Peers' figures = the role's sums minus the person's own sums: mean' = S'/K', var' = Q'/K' - mean'^2.
    # Compared squared (no SQRT, which SQLite may lack): n > mean' and (n - mean')^2 > sigma^2 * var'.
    sql = f"""
        WITH daily AS ({inner_sql}),
        role_sums AS (SELECT role, SUM(n) AS s, SUM(n * n) AS q, COUNT(*) AS k FROM daily GROUP BY role),
        user_sums AS (SELECT user_id, role, SUM(n) AS s, SUM(n * n) AS q, COUNT(*) AS k FROM daily GROUP BY user_id, role),
        peers AS (
            SELECT u.user_id, u.role,
                   CAST(r.s - u.s AS FLOAT) / (r.k - u.k) AS mean,
                   CAST(r.q - u.q AS FLOAT) / (r.k - u.k)
                     - (CAST(r.s - u.s AS FLOAT) / (r.k - u.k)) * (CAST(r.s - u.s AS FLOAT) / (r.k - u.k)) AS var
            FROM user_sums u JOIN role_sums r ON r.role = u.role
            WHERE r.k > u.k
        )
        SELECT d.user_id, d.role, d.day, d.n, p.mean, p.var
        FROM daily d JOIN peers p ON p.user_id = d.user_id AND p.role = d.role
        WHERE d.n >= %s AND d.n > p.mean AND (d.n - p.mean) * (d.n - p.mean) > %s * p.var
        ORDER BY d.day DESC, d.n DESC
    """  # noqa: S608  the inner SQL is Django's own, every value a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, floor, sigma * sigma])
        rows = cursor.fetchall()
    users = User.objects.in_bulk({row[0] for row in rows})
    result = []
    for user_id, role, day, n, mean, var in rows:
        if isinstance(day, str):  # SQLite returns the date as text
            day = date.fromisoformat(day)
        result.append(UnusualAccess(users[user_id], role, day, n, round(mean, 1), round(max(var, 0.0) ** 0.5, 1)))
    return result


def loans_overdue(*, moment: datetime) -> QuerySet[ArchiveLoan]:
    """Archive documents lent out and not back by their due date (P-4); for the reminder sweep (R-1)."""
    today = timezone.localtime(moment).date()
    return (
        ArchiveLoan.objects.filter(status=LoanStatus.LENT, due_date__lt=today)
        .select_related("customer", "borrower")
        .order_by("due_date", "id")
    )


def enforcement_requests_pending(*, older_than: datetime | timedelta) -> QuerySet[EnforcementRequest]:
    """Law-enforcement requests still open (awaiting approval or hand-over) received before `older_than`
    (a moment, or an age counted back from now); for the escalation sweep (R-1)."""
    if isinstance(older_than, timedelta):
        older_than = timezone.now() - older_than
    return EnforcementRequest.objects.filter(status__in=ENFORCEMENT_OPEN, received_at__lt=older_than).order_by(
        "received_at", "id"
    )


def enforcement_requests_visible_to(*, user) -> QuerySet[EnforcementRequest]:
    requests = scope(user, EnforcementRequest.objects.all()).select_related("registered_by")
    return requests.annotate(customer_count=Count("customers")).order_by(
        "-received_at", "-id"
    )  # GROUP BY drops Meta.ordering


def loans_visible_to(*, user) -> QuerySet[ArchiveLoan]:
    return scope(user, ArchiveLoan.objects.all()).select_related("customer", "borrower", "requested_by")


def disclosures_of(*, user, customer: Customer) -> QuerySet[Disclosure]:
    return scope(user, Disclosure.objects.filter(customer=customer)).select_related("actor").order_by("-at", "-id")


def events_of(*, target) -> QuerySet[ComplianceEvent]:
    return ComplianceEvent.objects.filter(target_type=target._meta.model_name, target_id=target.pk).select_related(
        "actor"
    )


def retention_runs(*, user) -> QuerySet[RetentionRun]:
    return scope(user, RetentionRun.objects.all()).select_related("actor")


def destruction_log(*, user) -> QuerySet[DestructionLogEntry]:
    return scope(user, DestructionLogEntry.objects.all()).select_related("actor", "run")


def compliance_figures() -> dict:
    """The compliance officer's home figures, in a constant number of queries."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    figures = AccessLogEntry.objects.filter(at__gte=today).aggregate(
        views=Count("id"), unmasked=Count("id", filter=Q(unmasked=True)), staff=Count("user", distinct=True)
    )
    figures["enforcement_open"] = EnforcementRequest.objects.filter(status__in=ENFORCEMENT_OPEN).count()
    figures["loans_overdue"] = loans_overdue(moment=timezone.now()).count()
    return figures
