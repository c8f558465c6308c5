"""Calls (SPEC K-1). The agent-desk issue adds recordings, consultations, FAQ, QA and shifts around them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CallDirection(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound callback")


class CallType(models.TextChoices):
    REPAIR = "repair", _("Repair")
    CONSULTATION = "consultation", _("Consultation")
    COMPLAINT = "complaint", _("Complaint")
    PRAISE = "praise", _("Praise")
    SUGGESTION = "suggestion", _("Suggestion")
    OTHER = "other", _("Other")


class Call(models.Model):
    """One telephone call, logged whether the telephony reported it or an agent started it by hand. Never deleted."""

    external_id = models.CharField(
        _("telephony call id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The CTI's own id: events for the same call are matched on it."),
    )
    direction = models.CharField(_("direction"), max_length=10, choices=CallDirection.choices)
    caller_number = models.CharField(_("caller number"), max_length=30, db_index=True)
    called_number = models.CharField(_("called number"), max_length=30, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    customer = models.ForeignKey(
        "compliance.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    queued_at = models.DateTimeField(_("entered queue at"), null=True, blank=True)
    ringing_at = models.DateTimeField(_("ringing at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    call_type = models.CharField(_("type"), max_length=20, choices=CallType.choices, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agent", "created_at"], name="call_agent_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.caller_number} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def ring_seconds(self) -> float | None:
        """Ring-to-answer time (K-1: answer within 3 rings)."""
        if self.ringing_at and self.answered_at:
            return (self.answered_at - self.ringing_at).total_seconds()
        return None
