"""Reads of notifications: the user's own list, the unread count, preferences, and the failures page."""

from __future__ import annotations

from django.db.models import QuerySet
from django_celery_results.models import TaskResult

from csc.messaging import KINDS
from notifications.models import Channel, ChannelPreference, Delivery, DeliveryStatus, Notification


def notifications_of(*, user) -> QuerySet[Notification]:
    """A user sees only their own notifications (notifications.filters narrows them to the unread)."""
    return Notification.objects.filter(recipient=user)


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preferences_matrix(*, user) -> list[dict]:
    """Every registered kind with the user's choice per channel (their stored one, else the kind's default)."""
    stored = {
        (kind, channel): enabled
        for kind, channel, enabled in ChannelPreference.objects.filter(user=user).values_list(
            "kind", "channel", "enabled"
        )
    }
    rows = []
    for code, kind in sorted(KINDS.items()):
        rows.append(
            {
                "code": code,
                "label": kind.label,
                "channels": [
                    {
                        "channel": channel,
                        "channel_label": Channel(channel).label,
                        "field": f"{code}|{channel}",
                        "enabled": stored.get((code, channel), kind.default_for(channel)),
                    }
                    for channel in Channel.values
                ],
            }
        )
    return rows


def failed_tasks() -> QuerySet[TaskResult]:
    """Celery tasks that ended in failure, newest first (results are stored by django-celery-results)."""
    return TaskResult.objects.filter(status__in=["FAILURE", "REVOKED"]).order_by("-date_done")


def failed_deliveries() -> QuerySet[Delivery]:
    return Delivery.objects.filter(status=DeliveryStatus.FAILED).select_related("notification__recipient")
