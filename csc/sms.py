"""Outgoing SMS through a pluggable gateway (SPEC C-13), chosen by the SMS_BACKEND setting.

Every message is first written to the SMS log (complaints.SmsMessage) inside the caller's transaction; the
gateway is called only after commit, so a rolled-back registration sends nothing. The embedded default,
`csc.sms.OutboxBackend`, delivers into that log itself: supervisors read the messages on the SMS outbox page.
A real gateway is a class with `name` and `send(*, to, body) -> str` (the gateway's message id) that raises
`SmsError` on failure; name its dotted path in SMS_BACKEND. Gateways with `in_worker = True` are called from
a Celery worker, so a slow provider never holds up a web request.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from csc.queueing import enqueue_each

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway refused or failed to take the message."""


class OutboxBackend:
    """The embedded default: the message stays in the outbox/log, marked sent; nothing leaves the machine."""

    name = "outbox"
    in_worker = False

    def send(self, *, to: str, body: str) -> str:
        logger.info("SMS to %s****: %s", to[:3], body)
        return ""


class LogBackend(OutboxBackend):
    """Like the outbox, and explicit in the log: for test systems that watch the log."""

    name = "log"


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "csc.sms.OutboxBackend"))()


def sms_send(*, to: str, body: str, complaint=None):
    """Log one message and hand it to the gateway after commit. Returns the log row."""
    from complaints.models import SmsMessage

    backend = get_backend()
    message = SmsMessage.objects.create(to=to, body=body[:500], complaint=complaint, backend=backend.name)
    if getattr(backend, "in_worker", False):
        from complaints.tasks import sms_deliver_task

        transaction.on_commit(lambda: enqueue_each(sms_deliver_task, [message.pk]))
    else:
        transaction.on_commit(lambda: sms_deliver(message_id=message.pk))
    return message


@transaction.atomic
def sms_deliver(*, message_id: int) -> None:
    """Hand one queued message to the gateway and record the outcome. The row stays locked while the gateway is
    called, and a message another worker holds is skipped: a retry or a requeue never sends twice."""
    from complaints.choices import SmsStatus
    from complaints.models import SmsMessage

    message = (
        SmsMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id, status=SmsStatus.QUEUED).first()
    )
    if message is None:
        return
    backend = get_backend()
    try:
        reference = backend.send(to=message.to, body=message.body)
    except SmsError as exc:
        message.status, message.error = SmsStatus.FAILED, str(exc)[:300]
        message.save(update_fields=["status", "error"])
        logger.warning("SMS %s failed: %s", message.pk, exc)
        return
    message.status, message.sent_at, message.gateway_reference = SmsStatus.SENT, timezone.now(), reference or ""
    message.save(update_fields=["status", "sent_at", "gateway_reference"])


def sms_requeue_stale(*, now=None, minutes: int = 10) -> int:
    """The safety net: messages still queued after `minutes` (the broker was down, a worker died) go out again."""
    from complaints.choices import SmsStatus
    from complaints.models import SmsMessage

    now = now or timezone.now()
    ids = list(
        SmsMessage.objects.filter(status=SmsStatus.QUEUED, created_at__lt=now - timedelta(minutes=minutes))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:1000]
    )
    if getattr(get_backend(), "in_worker", False):
        from complaints.tasks import sms_deliver_task

        return enqueue_each(sms_deliver_task, ids)
    for message_id in ids:
        sms_deliver(message_id=message_id)
    return len(ids)
