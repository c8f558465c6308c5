"""Days, weeks and months as the centre counts them: local days of Asia/Shanghai (the TIME_ZONE setting), stored
times in UTC. Every "which day / which month" question of a list filter, a count or a report is answered here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def day_start(day: date) -> datetime:
    """The first moment of a local day (an aware datetime)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a local day."""
    start = day_start(day)
    return start, day_start(day + timedelta(days=1))


def days_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, end of `last`) — the days first..last inclusive."""
    return day_start(first), day_start(last + timedelta(days=1))


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the day's week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_of(day: date) -> tuple[date, date]:
    """First and last day of the day's month."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def season_start(day: date) -> date:
    """The heating season the day belongs to starts on HEATING_SEASON_START (month-day) of that or the last year."""
    month, dom = (int(part) for part in settings.HEATING_SEASON_START.split("-"))
    start = date(day.year, month, dom)
    return start if start <= day else date(day.year - 1, month, dom)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar month."""
    first, last = month_of(date(year, month, 1))
    return days_bounds(first, last)


def previous_month(today: date | None = None) -> tuple[int, int]:
    """(year, month) of the month before today's."""
    today = today or timezone.localdate()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def parse_month(value: str) -> tuple[int, int]:
    """(year, month) of "YYYY-MM"; the previous month when empty; ValueError when it is no month."""
    if not value:
        return previous_month()
    year, month = (int(part) for part in value.split("-"))
    date(year, month, 1)  # ValueError for month 13
    return year, month
