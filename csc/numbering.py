"""Gapless per-month numbers (SPEC C-1), shared by complaints (26110001) and repair tickets (their own prefix).

The counter row for (scope, month) is bumped with one INSERT … ON CONFLICT … DO UPDATE … RETURNING inside the
caller's transaction. The row lock is held until the caller commits, so concurrent registrations queue on it
and a rolled-back registration gives its number back: no duplicates, no holes. (A sequence would leave
holes; MAX()+1 and select_for_update on a row that does not exist yet both race.)
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.utils import timezone

from csc.models import NumberCounter

_TABLE = NumberCounter._meta.db_table  # from the model, never from input
_SQL = (
    f"INSERT INTO {_TABLE} (scope, period, last_value) VALUES (%s, %s, 1) "  # noqa: S608
    f"ON CONFLICT (scope, period) DO UPDATE SET last_value = {_TABLE}.last_value + 1 "
    "RETURNING last_value"
)


def period_of(moment: datetime) -> str:
    """YYMM of the moment in the centre's time zone (Asia/Shanghai), not UTC."""
    return timezone.localtime(moment).strftime("%y%m")


def next_number(*, scope: str, at: datetime | None = None, prefix: str = "", width: int = 4) -> str:
    """The next number of `scope` for the month of `at`: prefix + YYMM + serial (zero-padded, wider past 9999).

    Must run inside the transaction that saves the numbered record, so that a rollback returns the number.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that saves the numbered record.")
    period = period_of(at or timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_SQL, [scope, period])
        (serial,) = cursor.fetchone()
    return f"{prefix}{period}{serial:0{width}d}"
