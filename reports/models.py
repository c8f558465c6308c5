"""Report snapshots (R-2, R-3): what a report said when it was built, kept unchanged for season-end analysis.

A snapshot is written in one INSERT once its figures are complete, so a worker killed half-way leaves no
half-written report; a re-run for the same period adds a new version and the old ones stay. Exports (.xlsx,
printable HTML) are rendered from the stored figures, so they always match the archived version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class ReportKind(models.TextChoices):
    DAILY = "daily", _("Daily report")
    WEEKLY = "weekly", _("Weekly report")
    MONTHLY = "monthly", _("Monthly report")
    COMPLAINTS_MONTHLY = "complaints_monthly", _("Monthly complaint statistics")


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", _("Scheduled")
    ON_DEMAND = "on_demand", _("On demand")


class ReportSnapshot(models.Model):
    """One version of one report for one period; immutable once written."""

    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(pgettext_lazy("report", "from"))
    period_end = models.DateField(pgettext_lazy("report", "to"))
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("figures"))
    checksum = models.CharField(_("SHA-256 of the figures"), max_length=64)
    trigger = models.CharField(_("made"), max_length=10, choices=Trigger.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("built at"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        ordering = ["-period_start", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_start", "version"], name="reportsnapshot_version_unique"),
        ]
        indexes = [models.Index(fields=["kind", "-period_start", "-version"], name="reportsnapshot_lookup_idx")]
        permissions = [
            ("view_report", _("May see reports")),
            ("build_report", _("May build and archive reports on demand")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            # Only the e-mail stamp may be set afterwards, and only through QuerySet.update in the service.
            raise RuntimeError("Report snapshots are immutable; build a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Report snapshots are kept; they are never deleted.")


class ReportRecipient(models.Model):
    """A leader who receives a report by e-mail (R-2: "e-mailed to the configured leaders")."""

    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_subscriptions",
    )
    email = models.EmailField(_("e-mail address"), blank=True, help_text=_("For a leader without an account."))
    is_active = models.BooleanField(pgettext_lazy("report", "active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report recipient")
        verbose_name_plural = _("report recipients")
        ordering = ["kind", "email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""), name="reportrecipient_has_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user or self.email}"

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user_id else "")
