"""Thin Celery tasks: deliver one notification over one channel or one SMS, and requeue what was lost (R-5, C-13)."""

from __future__ import annotations

import random

from celery import shared_task
from django.conf import settings

from notifications import services, sms


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
    name="notifications.sms_deliver",
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    time_limit=60,
    soft_time_limit=45,
)
def sms_deliver_task(message_id: int) -> None:
    """Hand one logged SMS to a gateway that runs in the worker (C-13); a message is sent at most once."""
    sms.sms_deliver(message_id=message_id)


@shared_task(name="notifications.sms_requeue_stale", acks_late=True, time_limit=300, soft_time_limit=240)
def sms_requeue_stale() -> int:
    """C-13 safety net: SMS committed but never handed to the gateway go out again."""
    return sms.sms_requeue_stale()
