"""Health of the parts the system needs: the database, the Celery broker, and the scheduler's pulse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from csc.celery import app
from csc.models import Heartbeat
from csc.schedule import HEARTBEAT_STALE_SECONDS


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the message says which
        return f"error: {exc.__class__.__name__}"
    return "ok"


def broker_status() -> str:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


@dataclass(frozen=True)
class Pulse:
    """The scheduler's heartbeat as a page shows it: when it last ran, how often, and whether it has stopped."""

    last_run_at: datetime | None
    runs: int
    age_seconds: int | None

    @property
    def stale(self) -> bool:
        return self.age_seconds is None or self.age_seconds > HEARTBEAT_STALE_SECONDS


def scheduler_pulse() -> Pulse:
    beat = Heartbeat.objects.filter(name="beat").first()
    if beat is None:
        return Pulse(None, 0, None)
    return Pulse(beat.last_run_at, beat.runs, int((timezone.now() - beat.last_run_at).total_seconds()))
