"""Thin Celery tasks of complaints: take ids, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    name="complaints.sms_deliver",
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    time_limit=60,
    soft_time_limit=45,
)
def sms_deliver_task(message_id: int) -> None:
    """Hand one logged SMS to a gateway that runs in the worker (C-13); a message is sent at most once."""
    from csc.sms import sms_deliver

    sms_deliver(message_id=message_id)


@shared_task(name="complaints.sms_requeue_stale", acks_late=True, time_limit=300, soft_time_limit=240)
def sms_requeue_stale() -> int:
    """C-13 safety net: SMS committed but never handed to the gateway go out again."""
    from csc.sms import sms_requeue_stale as requeue

    return requeue()
