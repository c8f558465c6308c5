"""Notifications (R-5): in-app messages, their e-mail and webhook deliveries, and the SMS log (C-13).

Notifications and deliveries are operational records, not domain records: a notification only ever changes
from unread to read, a delivery only moves forward through its states; both are written set-based (bulk
inserts, `update()`), so django-simple-history would record nothing useful and is not attached. The SMS log
keeps its history: it holds personal data (the number) that retention may destroy.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from csc.messaging import sms_kind_label
from csc.sms import backend_label
from customers import masking
from notifications.webhooks import validate_webhook_url


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


class Notification(models.Model):
    """One message to one user; it shows under the bell until read (R-5)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(pgettext_lazy("notification", "kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("about")
    )
    target_id = models.CharField(_("about id"), max_length=40, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("notification", "created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ChannelPreference(models.Model):
    """A user's choice to receive one kind of notification on one channel, or not (R-5)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(pgettext_lazy("notification", "kind"), max_length=60)
    channel = models.CharField(pgettext_lazy("notification", "channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("enabled"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="channelpreference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.channel}={self.enabled}"


def _new_secret() -> str:
    return secrets.token_hex(32)


class WebhookEndpoint(models.Model):
    """A URL of an integration account's system that receives that account's notifications, signed (R-5)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="webhook_endpoints",
        help_text=_("Notifications to this account are posted here (usually an integration client)."),
    )
    name = models.CharField(pgettext_lazy("notification", "name"), max_length=80)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=128,
        default=_new_secret,
        help_text=_("Shared with the receiver: each body is signed with HMAC-SHA256 under this key."),
    )
    is_active = models.BooleanField(pgettext_lazy("notification", "active"), default=True)
    created_at = models.DateTimeField(pgettext_lazy("notification", "created at"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def clean(self):
        validate_webhook_url(self.url)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One attempt chain to carry a notification over e-mail or a webhook: the delivery log (R-5, 8)."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(pgettext_lazy("notification", "channel"), max_length=10, choices=Channel.choices)
    endpoint = models.ForeignKey(
        WebhookEndpoint, null=True, blank=True, on_delete=models.PROTECT, related_name="deliveries"
    )
    address = models.CharField(
        pgettext_lazy("notification", "address"), max_length=500, help_text=_("E-mail address or URL at the time.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("notification", "created at"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(status__in=["pending", "sending", "retrying"]),
                name="delivery_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address}: {self.status}"


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class SmsMessage(models.Model):
    """Every SMS the centre sends (C-13): the log, and the outbox of the embedded default gateway."""

    to = models.CharField(pgettext_lazy("notification", "to"), max_length=20)
    body = models.CharField(_("text"), max_length=500)
    kind = models.CharField(pgettext_lazy("notification", "kind"), max_length=60, blank=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("about")
    )
    target_id = models.CharField(_("about id"), max_length=40, blank=True)
    reference = models.CharField(_("concerning"), max_length=40, blank=True, help_text=_("A complaint number, …"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    backend = models.CharField(_("gateway"), max_length=100)
    status = models.CharField(_("status"), max_length=8, choices=SmsStatus.choices, default=SmsStatus.QUEUED)
    created_at = models.DateTimeField(pgettext_lazy("notification", "created at"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    gateway_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{masking.mask_phone(self.to)} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def to_masked(self) -> str:
        return masking.mask_phone(self.to)

    @property
    def kind_label(self) -> str:
        return str(sms_kind_label(self.kind)) if self.kind else ""

    @property
    def backend_label(self) -> str:
        return backend_label(self.backend)
