"""Every write on notifications: create them set-based, deliver them by e-mail and webhook, mark them read (R-5).

Other apps call `csc.messaging.notify`; `notifications_create` fills that port (NotificationsConfig.ready()). It
writes the in-app rows and the delivery rows in the caller's transaction with a constant number of statements,
and hands the deliveries to Celery only after the commit, so a rolled-back complaint never sends an e-mail. A
delivery that never reaches a worker (the process died between commit and enqueue) is picked up again by
`deliveries_requeue_stale`, run by beat.
"""

from __future__ import annotations

import json
import smtplib
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from csc.messaging import Message, absolute_url, kind
from csc.queueing import enqueue_each
from notifications import webhooks
from notifications.models import Channel, ChannelPreference, Delivery, DeliveryStatus, Notification, WebhookEndpoint


@transaction.atomic
def notifications_create(*, messages: Sequence[Message]) -> list[Notification]:
    """Write many notifications and their deliveries with a constant number of statements (R-1, R-5)."""
    if not messages:
        return []
    user_ids = {m.recipient_id for m in messages}
    kinds = {m.kind for m in messages}
    users = dict(get_user_model().objects.filter(pk__in=user_ids, is_active=True).values_list("pk", "email"))
    chosen = {
        (user_id, kind_code, channel): enabled
        for user_id, kind_code, channel, enabled in ChannelPreference.objects.filter(
            user_id__in=users.keys(), kind__in=kinds
        ).values_list("user_id", "kind", "channel", "enabled")
    }

    def wants(user_id: int, kind_code: str, channel: str) -> bool:
        return chosen.get((user_id, kind_code, channel), kind(kind_code).default_for(channel))

    now = timezone.now()
    rows = [
        Notification(
            recipient_id=m.recipient_id,
            kind=m.kind,
            title=m.title[:200],
            body=m.body,
            url=m.url[:500],
            target_type_id=m.target_type_id,
            target_id=m.target_id,
            created_at=now,
            # In-app turned off: the row is still the record of what was sent, but it does not light the bell.
            read_at=None if wants(m.recipient_id, m.kind, Channel.IN_APP) else now,
        )
        for m in messages
        if m.recipient_id in users
    ]
    _insert_notifications(rows)

    webhook_users = {n.recipient_id for n in rows if wants(n.recipient_id, n.kind, Channel.WEBHOOK)}
    endpoints: dict[int, list[WebhookEndpoint]] = {}
    if webhook_users:
        for endpoint in WebhookEndpoint.objects.filter(owner_id__in=webhook_users, is_active=True):
            endpoints.setdefault(endpoint.owner_id, []).append(endpoint)
    deliveries = []
    for notification in rows:
        email = users[notification.recipient_id]
        if email and wants(notification.recipient_id, notification.kind, Channel.EMAIL):
            deliveries.append(Delivery(notification=notification, channel=Channel.EMAIL, address=email, created_at=now))
        if notification.recipient_id in webhook_users:
            for endpoint in endpoints.get(notification.recipient_id, []):
                deliveries.append(
                    Delivery(
                        notification=notification,
                        channel=Channel.WEBHOOK,
                        endpoint=endpoint,
                        address=endpoint.url,
                        created_at=now,
                    )
                )
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        _enqueue_after_commit([d.pk for d in deliveries])
    return rows


_NOTIFICATION_COLUMNS = [
    ("recipient_id", "bigint"),
    ("kind", "varchar"),
    ("title", "varchar"),
    ("body", "text"),
    ("url", "varchar"),
    ("target_type_id", "integer"),
    ("target_id", "varchar"),
    ("created_at", "timestamptz"),
    ("read_at", "timestamptz"),
]


def _insert_notifications(rows: list[Notification]) -> None:
    """bulk_create, but for thousands of rows on PostgreSQL one INSERT … UNNEST of typed arrays (the sweep's path)."""
    if connection.vendor != "postgresql" or len(rows) < 200:
        Notification.objects.bulk_create(rows)
        return
    columns = ", ".join(name for name, _type in _NOTIFICATION_COLUMNS)
    arrays = ", ".join(f"%s::{sql_type}[]" for _name, sql_type in _NOTIFICATION_COLUMNS)
    sql = f"INSERT INTO {Notification._meta.db_table} ({columns}) SELECT * FROM UNNEST({arrays}) RETURNING id"  # noqa: S608
    params = [[getattr(row, name) for row in rows] for name, _type in _NOTIFICATION_COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = row.id = pk
            row._state.adding = False


def _enqueue_after_commit(delivery_ids: list[int]) -> None:
    """After commit, hand the deliveries to the worker; with the broker down they wait for the requeue sweep."""
    from notifications.tasks import deliver

    transaction.on_commit(lambda: enqueue_each(deliver, delivery_ids))


# --- reading --------------------------------------------------------------------------------------------


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or the given ids); returns how many changed."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user, choices: dict[tuple[str, str], bool]) -> int:
    """Store the user's channel choices {(kind, channel): enabled}; returns how many were stored."""
    ChannelPreference.objects.filter(user=user, kind__in={k for k, _ in choices}).delete()
    ChannelPreference.objects.bulk_create(
        [
            ChannelPreference(user=user, kind=kind_code, channel=channel, enabled=enabled)
            for (kind_code, channel), enabled in choices.items()
        ]
    )
    return len(choices)


# --- delivering -----------------------------------------------------------------------------------------


class TransientDeliveryError(Exception):
    """The receiver may accept later (timeout, 5xx, connection refused): retry with backoff."""


def _claim(delivery_id: int) -> Delivery | None:
    """Take one open delivery for one attempt; None when it is done or another worker is sending it now."""
    now = timezone.now()
    abandoned_before = now - timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 3 + 60)
    claimed = Delivery.objects.filter(
        Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
        | Q(status=DeliveryStatus.SENDING, last_attempt_at__lt=abandoned_before),
        pk=delivery_id,
    ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return None
    return Delivery.objects.select_related("notification__recipient", "notification__target_type", "endpoint").get(
        pk=delivery_id
    )


def _finish(delivery: Delivery, *, status: str, error: str = "", code: int | None = None) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status,
        last_error=error[:500],
        response_code=code,
        sent_at=timezone.now() if status == DeliveryStatus.SENT else None,
    )


def webhook_payload(notification: Notification) -> bytes:
    data = {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "url": absolute_url(notification.url),
        "recipient": notification.recipient.username,
        "target": {
            "type": notification.target_type.model if notification.target_type_id else None,
            "id": notification.target_id or None,
        },
        "created_at": notification.created_at.isoformat(),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def delivery_attempt(*, delivery_id: int) -> str:
    """Try one delivery once: returns its new status, or raises TransientDeliveryError to be retried."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return "skipped"
    if delivery.channel == Channel.EMAIL:
        return _attempt_email(delivery)
    return _attempt_webhook(delivery)


def _attempt_email(delivery: Delivery) -> str:
    notification = delivery.notification
    try:
        validate_email(delivery.address)
    except Exception:
        _finish(delivery, status=DeliveryStatus.FAILED, error="invalid address")
        return DeliveryStatus.FAILED
    text = "\n\n".join(part for part in (notification.body, absolute_url(notification.url)) if part)
    message = EmailMessage(subject=notification.title, body=text or notification.title, to=[delivery.address])
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
        # The server refused the address for good (a bounce at the door): retrying sends nothing new.
        _finish(delivery, status=DeliveryStatus.FAILED, error=f"refused: {exc}")
        return DeliveryStatus.FAILED
    except (OSError, smtplib.SMTPException) as exc:
        _finish(delivery, status=DeliveryStatus.RETRYING, error=f"{exc.__class__.__name__}: {exc}")
        raise TransientDeliveryError(str(exc)) from exc
    _finish(delivery, status=DeliveryStatus.SENT)
    return DeliveryStatus.SENT


def _attempt_webhook(delivery: Delivery) -> str:
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.is_active:
        _finish(delivery, status=DeliveryStatus.FAILED, error="endpoint inactive")
        return DeliveryStatus.FAILED
    try:
        result = webhooks.post(
            endpoint.url,
            body=webhook_payload(delivery.notification),
            secret=endpoint.secret,
            delivery_id=delivery.pk,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        )
    except webhooks.WebhookRefused as exc:
        _finish(delivery, status=DeliveryStatus.FAILED, error=str(exc))
        return DeliveryStatus.FAILED
    except Exception as exc:  # DNS failure, refused connection, timeout, TLS or protocol error: all retryable
        _finish(delivery, status=DeliveryStatus.RETRYING, error=f"{exc.__class__.__name__}: {exc}")
        raise TransientDeliveryError(str(exc)) from exc
    if 200 <= result.status < 300:
        _finish(delivery, status=DeliveryStatus.SENT, code=result.status)
        return DeliveryStatus.SENT
    if result.status in (408, 429) or result.status >= 500:
        _finish(delivery, status=DeliveryStatus.RETRYING, error=f"HTTP {result.status}", code=result.status)
        raise TransientDeliveryError(f"HTTP {result.status}")
    _finish(delivery, status=DeliveryStatus.FAILED, error=f"HTTP {result.status}", code=result.status)
    return DeliveryStatus.FAILED


def delivery_give_up(*, delivery_id: int, error: str) -> int:
    """After the last retry: the delivery is failed for good and shows in the delivery log as such."""
    return Delivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.RETRYING]
    ).update(status=DeliveryStatus.FAILED, last_error=f"gave up: {error}"[:500])


def deliveries_requeue_stale(*, now=None) -> int:
    """The safety net: deliveries never picked up (lost enqueue) or stranded by a dead worker go out again."""
    from notifications.tasks import deliver

    now = now or timezone.now()
    stale = Delivery.objects.filter(
        Q(status=DeliveryStatus.PENDING, created_at__lt=now - timedelta(minutes=10))
        | Q(status=DeliveryStatus.SENDING, last_attempt_at__lt=now - timedelta(minutes=10))
        | Q(status=DeliveryStatus.RETRYING, last_attempt_at__lt=now - timedelta(hours=2))
    ).values_list("pk", flat=True)[:1000]
    return enqueue_each(deliver, stale)
