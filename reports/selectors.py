"""The report figures (R-2, R-3): built from the sections the apps register with csc.reporting, each read live
with aggregate SQL — a constant number of queries whatever the volume.

Every report is a plain dict of JSON values so that it can be archived, exported and served unchanged.
The daily report follows seed 004's table 日报表: per station — cumulative repairs and completions since the
start of the heating season, unfinished at the end of the day, repairs and completions that day; totals of
repairs, consultations, completions and callbacks; repairs by category; exception events (T-6).
Weekly and monthly reports are the same table over their period. A section that no installed app provides is
named under "missing", and the report says so instead of showing zeros as if they were counted.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from csc import reporting
from csc.periods import day_start, days_bounds, month_of, season_start, week_of

CATEGORIES = ["not_warm", "cold", "temperature_check", "leak", "other"]
CATEGORY_LABELS = {
    "not_warm": "不热",
    "cold": "冰凉",
    "temperature_check": "测温",
    "leak": "漏水",
    "other": "其他",
}
# The sections each report needs (provided by the apps' registrations).
REQUIRED_SECTIONS = {
    "daily": ["repairs", "consultations", "callbacks", "exceptions", "outages"],
    "weekly": ["repairs", "consultations", "callbacks", "exceptions", "outages"],
    "monthly": ["repairs", "consultations", "callbacks", "exceptions", "outages", "satisfaction"],
    "complaints_monthly": ["complaints"],
}


def _period(start: date, end: date) -> reporting.Period:
    since, until = days_bounds(start, end)
    return reporting.Period(start=start, end=end, since=since, until=until, season_from=day_start(season_start(start)))


def period_report(*, kind: str, start: date, end: date) -> dict:
    """The station table and totals for the days start..end inclusive (Asia/Shanghai days)."""
    figures, ran = reporting.build(kind, _period(start, end))
    totals = {"repairs": 0, "consultations": 0, "completed": 0, "callbacks": 0, **figures.pop("totals")}
    data = {
        "kind": kind,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "season_start": season_start(start).isoformat(),
        "generated_at": timezone.now().isoformat(),
        "stations": figures.get("stations", []),
        "station_totals": figures.get("station_totals", {}),
        "totals": totals,
        "categories": {code: figures.get("categories", {}).get(code, 0) for code in CATEGORIES},
        "exceptions": figures.get("exceptions", []),
        "outages": figures.get("outages", {"outages": 0, "linked_calls": 0}),
        "missing": [code for code in REQUIRED_SECTIONS[kind] if code not in ran],
    }
    # what a section lays out itself (the monthly report's satisfaction) is kept as the section gave it
    return {**data, **{key: value for key, value in figures.items() if key not in data}}


def daily_report(*, day: date) -> dict:
    return period_report(kind="daily", start=day, end=day)


def weekly_report(*, day: date) -> dict:
    start, end = week_of(day)
    return period_report(kind="weekly", start=start, end=end)


def monthly_report(*, day: date) -> dict:
    start, end = month_of(day)
    return period_report(kind="monthly", start=start, end=end)


def complaints_monthly_report(*, day: date) -> dict:
    """C-11 for the month of `day`, from the statistics the complaints app registers."""
    start, end = month_of(day)
    figures, ran = reporting.build("complaints_monthly", _period(start, end))
    return {
        "kind": "complaints_monthly",
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "generated_at": timezone.now().isoformat(),
        "statistics": figures.get("statistics"),
        "missing": [code for code in REQUIRED_SECTIONS["complaints_monthly"] if code not in ran],
    }


def previous_period_day(kind: str, today: date) -> date:
    """A day in the last finished period of this kind: yesterday, last week, last month (what opens by default and
    what beat builds)."""
    if kind == "daily":
        return today - timedelta(days=1)
    if kind == "weekly":
        return today - timedelta(days=7)
    return today.replace(day=1) - timedelta(days=1)


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
