"""Platform tasks: the heartbeat that shows beat → broker → worker → database work end to end, and the
escalation sweep."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.db.models import F
from django.utils import timezone

from csc import escalation
from csc.models import Heartbeat


@shared_task(name="csc.heartbeat", acks_late=True, time_limit=30, soft_time_limit=20, ignore_result=False)
def heartbeat(name: str = "beat") -> int:
    """Bump the named heartbeat row; returns the run count (a set-based update, safe when two workers race)."""
    now = timezone.now()
    Heartbeat.objects.get_or_create(name=name, defaults={"last_run_at": now})
    Heartbeat.objects.filter(name=name).update(runs=F("runs") + 1, last_run_at=now)
    return Heartbeat.objects.values_list("runs", flat=True).get(name=name)


@shared_task(name="csc.ping", acks_late=True, time_limit=10, soft_time_limit=8)
def ping(value: int) -> int:
    """Echo a value doubled: used by the smoke test that a worker answers through the broker."""
    return value * 2


@shared_task(
    name="csc.escalation_sweep",
    acks_late=True,
    time_limit=240,
    soft_time_limit=200,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def escalation_sweep() -> dict:
    """Beat, every few minutes (R-1): escalate what became late; safe to run twice or on two workers at once."""
    result = escalation.sweep()
    return {"escalated": result.escalated, "notifications": result.notifications, "skipped": result.skipped}
