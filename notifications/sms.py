"""The SMS log and its delivery (C-13): every text message is written first, handed to the gateway after commit.

`sms_send` fills the csc.messaging port (NotificationsConfig.ready()): apps call `csc.messaging.sms_send`. A
rolled-back registration sends nothing; a gateway that runs in the worker gets the message through Celery, and
what never reached it (broker down, worker died) is sent by `sms_requeue_stale`, run by beat. The row stays
locked while the gateway is called and a message another worker holds is skipped, so nothing is sent twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from csc.messaging import target_of
from csc.queueing import enqueue_each
from csc.sms import SmsError, get_backend
from customers import phones
from notifications.models import SmsMessage, SmsStatus

logger = logging.getLogger(__name__)


def sms_send(*, to: str, body: str, kind: str, target=None, url: str = "", reference: str = "") -> SmsMessage:
    """Log one message (the number in the canonical form) and hand it to the gateway after commit; returns the row.

    PhoneError when `to` is no number a text message could go to."""
    from notifications.tasks import sms_deliver_task

    backend = get_backend()
    target_type_id, target_id = target_of(target)
    message = SmsMessage.objects.create(
        to=phones.normalise(to),
        body=body[:500],
        kind=kind,
        target_type_id=target_type_id,
        target_id=target_id,
        reference=reference[:40],
        url=url[:300],
        backend=backend.name,
    )
    if getattr(backend, "in_worker", False):
        transaction.on_commit(lambda: enqueue_each(sms_deliver_task, [message.pk]))
    else:
        transaction.on_commit(lambda: sms_deliver(message_id=message.pk))
    return message


@transaction.atomic
def sms_deliver(*, message_id: int) -> None:
    """Hand one queued message to the gateway and record the outcome (at most once, see the module)."""
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
    from notifications.tasks import sms_deliver_task

    now = now or timezone.now()
    ids = list(
        SmsMessage.objects.filter(status=SmsStatus.QUEUED, created_at__lt=now - timedelta(minutes=minutes))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:1000]
    )
    if getattr(get_backend(), "in_worker", False):
        return enqueue_each(sms_deliver_task, ids)
    for message_id in ids:
        sms_deliver(message_id=message_id)
    return len(ids)
