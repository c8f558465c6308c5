"""The report figures, read live with aggregate SQL (R-2, R-3): a constant number of queries whatever the volume.

Every report is a plain dict of JSON values so that it can be archived, exported and served unchanged.
The daily report follows seed 004's table 日报表: per station — cumulative repairs and completions since the
start of the heating season, unfinished at the end of the day, repairs and completions that day; totals of
repairs, consultations, completions and callbacks; repairs by category; exception events (T-6).
Weekly and monthly reports are the same table over their period.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

TZ = ZoneInfo("Asia/Shanghai")
CATEGORIES = ["not_warm", "cold", "temperature_check", "leak", "other"]
CATEGORY_LABELS = {
    "not_warm": "不热",
    "cold": "冰凉",
    "temperature_check": "测温",
    "leak": "漏水",
    "other": "其他",
}


def _model(label: str):
    """A model of another app, or None while that app has not landed (the report then says what is missing)."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TZ)


def season_start(day: date) -> date:
    """The heating season the day belongs to starts on HEATING_SEASON_START (month-day) of that or the last year."""
    month, dom = (int(part) for part in settings.HEATING_SEASON_START.split("-"))
    start = date(day.year, month, dom)
    return start if start <= day else date(day.year - 1, month, dom)


def period_report(*, kind: str, start: date, end: date) -> dict:
    """The station table and totals for the days start..end inclusive (Asia/Shanghai days)."""
    since = day_start(start)
    until = day_start(end + timedelta(days=1))
    season_from = day_start(season_start(start))
    missing: list[str] = []

    Station = apps.get_model("tickets", "Station")
    stations = list(Station.objects.filter(is_active=True).order_by("sort_order", "name").values("pk", "name"))
    rows = {s["pk"]: {"station": s["name"], **dict.fromkeys(STATION_COLUMNS, 0)} for s in stations}
    totals = {"repairs": 0, "consultations": 0, "completed": 0, "callbacks": 0}
    categories = dict.fromkeys(CATEGORIES, 0)
    exceptions: list[dict] = []

    Ticket = _model("tickets.Ticket")
    if Ticket is None:
        missing.append("repairs")
    else:
        # One pass over the season's tickets plus those still open from before it (seed 004's columns).
        open_at_end = (Q(completed_at__isnull=True) | Q(completed_at__gte=until)) & ~Q(status="linked")
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
                target = rows.setdefault(None, {"station": "未分配", **dict.fromkeys(STATION_COLUMNS, 0)})
            for column in STATION_COLUMNS:
                target[column] += row[column]
        period = Ticket.objects.filter(created_at__gte=since, created_at__lt=until)
        by_category = period.values("category").annotate(n=Count("pk")).order_by()
        for row in by_category:
            key = row["category"] if row["category"] in categories else "other"
            categories[key] += row["n"]
        totals["repairs"] = sum(categories.values())
        totals["callbacks"] = Ticket.objects.filter(called_back_at__gte=since, called_back_at__lt=until).count()

    Call = _model("callcenter.Call")
    if Call is None:
        missing.append("consultations")
    else:
        totals["consultations"] = Call.objects.filter(
            call_type="consultation", created_at__gte=since, created_at__lt=until
        ).count()

    Complaint = _model("complaints.Complaint")
    if Complaint is not None and hasattr(Complaint, "callback_recorded_at"):
        totals["callbacks"] += Complaint.objects.filter(
            callback_recorded_at__gte=since, callback_recorded_at__lt=until
        ).count()

    ExceptionEvent = _model("tickets.ExceptionEvent")
    if ExceptionEvent is None:
        missing.append("exceptions")
    else:
        type_field = ExceptionEvent._meta.get_field("type")
        labels = dict(type_field.choices or [])
        counted = dict(
            ExceptionEvent.objects.filter(raised_at__gte=since, raised_at__lt=until)
            .values_list("type")
            .annotate(n=Count("pk"))
            .order_by()
        )
        exceptions = [
            {"type": code, "label": str(labels.get(code, code)), "count": counted.get(code, 0)}
            for code in [*labels, *sorted(set(counted) - set(labels))]
        ]

    table = [rows[s["pk"]] for s in stations]
    if None in rows:
        table.append(rows[None])
    station_totals = {column: sum(row[column] for row in table) for column in STATION_COLUMNS}
    totals["completed"] = station_totals["completed"]
    return {
        "kind": kind,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "season_start": season_start(start).isoformat(),
        "generated_at": timezone.now().isoformat(),
        "stations": table,
        "station_totals": station_totals,
        "totals": totals,
        "categories": categories,
        "exceptions": exceptions,
        "missing": missing,
    }


STATION_COLUMNS = ["cumulative_repairs", "cumulative_completed", "unfinished", "repairs", "completed"]


def daily_report(*, day: date) -> dict:
    return period_report(kind="daily", start=day, end=day)


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def weekly_report(*, day: date) -> dict:
    start, end = week_of(day)
    return period_report(kind="weekly", start=start, end=end)


def monthly_report(*, day: date) -> dict:
    start, end = month_of(day)
    return period_report(kind="monthly", start=start, end=end)


def complaints_monthly_report(*, day: date) -> dict:
    """C-11 for the month of `day`, from the complaints app's own statistics selector."""
    start, end = month_of(day)
    data = {
        "kind": "complaints_monthly",
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "generated_at": timezone.now().isoformat(),
        "statistics": None,
        "missing": [],
    }
    try:
        from complaints import selectors as complaint_selectors
    except ImportError:
        data["missing"].append("complaints")
        return data
    statistics = getattr(complaint_selectors, "monthly_statistics", None)
    if statistics is None:
        data["missing"].append("complaints")
        return data
    data["statistics"] = _jsonable(statistics(year=start.year, month=start.month))
    return data


def _jsonable(value):
    """Decimals, dates and dataclasses of the statistics as plain JSON values."""
    import dataclasses
    from decimal import Decimal

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


BUILDERS = {
    "daily": daily_report,
    "weekly": weekly_report,
    "monthly": monthly_report,
    "complaints_monthly": complaints_monthly_report,
}
PERIOD_OF = {
    "daily": lambda day: (day, day),
    "weekly": week_of,
    "monthly": month_of,
    "complaints_monthly": month_of,
}
