"""The repair figures of the daily, weekly and monthly reports (R-2, seed 004's 日报表), one section each.

"repairs": per station the season's cumulative repairs and completions, what was unfinished at the end of the
period, the period's repairs and completions (tickets of no active station on a last row flagged "unrouted", counted
in the totals); repairs by category. (已回访 is the callbacks app's: done repair callbacks.) "exceptions": the period's
exception events by type (T-6). Registered with csc.reporting from TicketsConfig.ready().
"""

from __future__ import annotations

from django.db.models import Count, Q

from csc.reporting import Period, register_section
from tickets.choices import Category, ExceptionType, Status
from tickets.models import Station, Ticket
from tickets.selectors import exception_counts, outage_report

STATION_COLUMNS = ["cumulative_repairs", "cumulative_completed", "unfinished", "repairs", "completed"]
UNROUTED = "未分配"
PERIOD_REPORTS = {"daily", "weekly", "monthly"}


def repairs(period: Period) -> dict:
    """One pass over the season's tickets plus those still open from before it; a constant number of queries."""
    stations = list(Station.objects.filter(is_active=True).order_by("sort_order", "name").values("pk", "name"))
    rows = {s["pk"]: {"station": s["name"], **dict.fromkeys(STATION_COLUMNS, 0)} for s in stations}
    open_at_end = (Q(completed_at__isnull=True) | Q(completed_at__gte=period.until)) & ~Q(status=Status.LINKED)
    season_from, since, until = period.season_from, period.since, period.until
    per_station = (
        Ticket.objects.filter(created_at__lt=until)
        .filter(Q(created_at__gte=season_from) | Q(completed_at__gte=season_from) | Q(completed_at__isnull=True))
        .values("station_id")
        .annotate(
            cumulative_repairs=Count("pk", filter=Q(created_at__gte=season_from)),
            cumulative_completed=Count("pk", filter=Q(completed_at__gte=season_from, completed_at__lt=until)),
            unfinished=Count("pk", filter=open_at_end),
            repairs=Count("pk", filter=Q(created_at__gte=since)),
            completed=Count("pk", filter=Q(completed_at__gte=since, completed_at__lt=until)),
        )
        .order_by()
    )
    for row in per_station:
        target = rows.get(row.pop("station_id"))
        if target is None:  # not yet routed, or an inactive station: counted in the totals only
            target = rows.setdefault(None, {"station": UNROUTED, "unrouted": True, **dict.fromkeys(STATION_COLUMNS, 0)})
        for column in STATION_COLUMNS:
            target[column] += row[column]
    categories = dict.fromkeys(Category.values, 0)
    by_category = (
        Ticket.objects.filter(created_at__gte=since, created_at__lt=until)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in by_category:
        key = row["category"] if row["category"] in categories else Category.OTHER
        categories[key] += row["n"]
    table = [rows[s["pk"]] for s in stations]
    if None in rows:
        table.append(rows[None])
    station_totals = {column: sum(row[column] for row in table) for column in STATION_COLUMNS}
    return {
        "stations": table,
        "station_totals": station_totals,
        "categories": categories,
        "totals": {
            "repairs": sum(categories.values()),
            "completed": station_totals["completed"],
        },
    }


def exceptions(period: Period) -> dict:
    """Every exception type with its count in the period, types without events included (T-6)."""
    counted = exception_counts(since=period.since, until=period.until)
    labels = dict(ExceptionType.choices)
    return {
        "exceptions": [
            {"type": code, "label": str(labels.get(code, code)), "count": counted.get(code, 0)}
            for code in [*labels, *sorted(set(counted) - set(labels))]
        ]
    }


def outages(period: Period) -> dict:
    """T-8: an area outage counts once, and the calls linked to it are counted apart from the repairs."""
    return {"outages": outage_report(since=period.since, until=period.until)}


def register() -> None:
    register_section("repairs", kinds=PERIOD_REPORTS, build=repairs, order=10)
    register_section("exceptions", kinds=PERIOD_REPORTS, build=exceptions, order=40)
    register_section("outages", kinds=PERIOD_REPORTS, build=outages, order=50)
