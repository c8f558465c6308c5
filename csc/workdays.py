"""Working days on the Chinese calendar: public holidays and make-up working days 调休 (C-2, K-5).

The `chinese-calendar` package knows the State Council's published years; a supervisor's CalendarDay rows
override it (and cover a year the package does not know yet). Outside both, Monday–Friday are working days
except the fixed-date holidays.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import chinese_calendar
from django.utils import timezone

from csc.models import CalendarDay

logger = logging.getLogger(__name__)

# Statutory holidays on fixed solar dates (New Year, Labour Day, National Day); lunar ones need the data.
_FIXED_DATE_HOLIDAYS = {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}


def _package_says(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package has no data for yet
        logger.warning("No Chinese calendar data for %s: weekends and fixed-date holidays only.", day.year)
        return day.weekday() < 5 and (day.month, day.day) not in _FIXED_DATE_HOLIDAYS


def working_days_between(start: date, end: date) -> list[date]:
    """The working days d with start <= d <= end (one query for the overrides in the range)."""
    overrides = dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day"))
    days = []
    day = start
    while day <= end:
        working = overrides[day] if day in overrides else _package_says(day)
        if working:
            days.append(day)
        day += timedelta(days=1)
    return days


def is_working_day(day: date) -> bool:
    return bool(working_days_between(day, day))


def add_working_days(start: datetime, days: int) -> datetime:
    """`start` moved forward by `days` working days, keeping the local time of day (a deadline on day N)."""
    if days <= 0:
        return start
    local = timezone.localtime(start)
    horizon = local.date() + timedelta(days=days * 3 + 30)  # generous: the longest Chinese holiday is 8-9 days
    candidates = working_days_between(local.date() + timedelta(days=1), horizon)
    target = candidates[days - 1]
    return local.replace(year=target.year, month=target.month, day=target.day)


def add_days(start: datetime, days: int, *, working_days: bool) -> datetime:
    """Deadline helper: `days` calendar days, or `days` working days on the Chinese calendar."""
    return add_working_days(start, days) if working_days else start + timedelta(days=days)
