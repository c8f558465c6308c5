"""Thin Celery tasks: deliver one notification over one channel, and requeue what was lost (R-5, issue 7 §6)."""

from __future__ import annotations

import random

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from notifications import services


def backoff_seconds(retries: int) -> int:
    """30 s, 60 s, 120 s … capped at an hour, with jitter so that a receiver coming back is not stampeded."""
    base = min(3600, 30 * 2**retries)
    return base // 2 + random.randint(0, base // 2)


@shared_task(
    name="notifications.deliver",
    bind=True,
    acks_late=True,
    max_retries=None,  # counted against WEBHOOK_MAX_ATTEMPTS below, so the last failure is recorded, not raised
    time_limit=120,
    soft_time_limit=90,
)
def deliver(self, delivery_id: int) -> str:
    """One attempt at one delivery; transient failures retry with exponential backoff, then give up on record."""
    try:
        return services.delivery_attempt(delivery_id=delivery_id)
    except services.TransientDeliveryError as exc:
        if self.request.retries + 1 >= settings.WEBHOOK_MAX_ATTEMPTS:
            services.delivery_give_up(delivery_id=delivery_id, error=str(exc))
            return "failed"
        raise self.retry(exc=exc, countdown=backoff_seconds(self.request.retries)) from exc


@shared_task(name="notifications.requeue_stale", acks_late=True, time_limit=120, soft_time_limit=90)
def requeue_stale() -> int:
    """Beat: send again what was committed but never delivered (lost enqueue, dead worker)."""
    return services.deliveries_requeue_stale()


@shared_task(
    name="notifications.escalation_sweep",
    acks_late=True,
    time_limit=240,
    soft_time_limit=200,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def escalation_sweep() -> dict:
    """Beat, every few minutes (R-1): escalate what became late; safe to run twice or on two workers at once."""
    from csc import escalation

    result = escalation.sweep()
    return {"escalated": result.escalated, "notifications": result.notifications, "skipped": result.skipped}
