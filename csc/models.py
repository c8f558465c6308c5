"""Platform plumbing shared by every app: idempotent API replays, the scheduler's heartbeat, gapless counters,
calendar overrides and the escalation ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """The first response to a state-changing API request sent with an Idempotency-Key (SPEC §7)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class Heartbeat(models.Model):
    """Proof that Celery beat and a worker run: the heartbeat task bumps its row every minute."""

    name = models.CharField(max_length=60, unique=True)
    last_run_at = models.DateTimeField()
    runs = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        permissions = [
            ("view_operations", _("May see operations dashboards")),
            ("view_api_docs", _("May read the API documentation")),
        ]

    def __str__(self) -> str:
        return self.name


class NumberCounter(models.Model):
    """The last serial handed out per numbering scope and month: the gapless counter behind C-1 numbers."""

    scope = models.CharField(max_length=30)
    period = models.CharField(max_length=10, help_text="YYMM in Asia/Shanghai time.")
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "period"], name="numbercounter_scope_period_unique")]

    def __str__(self) -> str:
        return f"{self.scope} {self.period}: {self.last_value}"


class CalendarDay(models.Model):
    """A supervisor's override of the Chinese calendar for one date (a new year's holidays, a local 调休)."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'work' if self.is_working_day else 'holiday'}"


class EscalationLevel(models.IntegerChoices):
    OWNER = 1, _("Owner")
    SUPERVISOR = 2, _("Supervisor")
    GM_OFFICE = 3, _("GM office")


class Escalation(models.Model):
    """That one item reached one escalation level and that level was notified: at most once (R-1).

    The ledger of csc.escalation's sweep. Append-only: the sweep inserts with ON CONFLICT DO NOTHING on
    (item type, item id, cycle, level).
    """

    item_type = models.CharField(_("item type"), max_length=60)
    item_id = models.BigIntegerField(_("item id"))
    cycle = models.BigIntegerField(
        _("cycle"), default=0, help_text=_("For items that can fall due again (a new password): which time.")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=EscalationLevel.choices)
    escalated_at = models.DateTimeField(_("escalated at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-escalated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item_type", "item_id", "cycle", "level"], name="escalation_once_per_cycle_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_type}#{self.item_id}/{self.cycle} level {self.level}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Escalation rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Escalation rows are append-only.")
