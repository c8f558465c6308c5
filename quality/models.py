"""Recording spot checks 录音抽查 (K-4) and the agent's monthly appraisal 月考核 (K-8), seed 004.

- A score sheet is edited by saving a new *version*; a check keeps the version it was scored on, so an old check
  reads exactly as it was scored.
- A spot check scores one call's recording item by item, by deduction (扣分) as the printed sheet does: each item's
  deduction, their sum (扣分合计数) and the resulting score. A fatal item missed, or an error that zeroes a check
  (rude manner, wrong station), scores the whole check zero. The agent acknowledges it (签字确认) with a remark.
- Marks are the counted errors (with their fine in yuan) and praise of an agent, from a check, from a repair ticket
  a station rejected for a wrong station, or by a lead's hand with a reason; a lead may waive one with a reason.
- The appraisal is computed from these records; closing a month freezes each agent's row (AppraisalRow).
Nothing here is ever deleted.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from quality.choices import CheckerLevel, MarkKind, MarkSource, MarkState, Purpose, SheetKind

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class ScoreSheet(models.Model):
    """A score sheet 抽查测评表 (the intake card, the callback card); its items live in its versions."""

    name = models.CharField(pgettext_lazy("quality", "name"), max_length=60, unique=True)
    kind = models.CharField(pgettext_lazy("quality", "kind"), max_length=10, choices=SheetKind.choices)
    is_active = models.BooleanField(pgettext_lazy("quality", "in use"), default=True)
    order = models.PositiveSmallIntegerField(pgettext_lazy("quality", "order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["order", "id"]
        permissions = [("manage_quality_settings", _("May edit score sheets, error amounts and reward levels"))]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> ScoreSheetVersion | None:
        return self.versions.order_by("-number").first()


class ScoreSheetVersion(models.Model):
    """One edition of a sheet's items. Never changed once saved: an edit saves the next version."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    total_points = models.PositiveSmallIntegerField(_("total points"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("quality", "saved at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score sheet version")
        verbose_name_plural = _("score sheet versions")
        ordering = ["sheet", "-number"]
        constraints = [models.UniqueConstraint(fields=["sheet", "number"], name="scoresheetversion_once")]

    def __str__(self) -> str:
        return f"{self.sheet} v{self.number}"


class ErrorType(models.Model):
    """A kind of counted error (with its fine, seed 004 处罚) or of praise (列入个人月考核). Amounts are editable."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(pgettext_lazy("quality", "name"), max_length=60)
    kind = models.CharField(pgettext_lazy("quality", "kind"), max_length=10, choices=MarkKind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=8, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    zeroes_check = models.BooleanField(
        _("scores the check zero"),
        default=False,
        help_text=_("Found in a spot check, this error scores the whole check zero (rude manner, wrong station)."),
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("quality", "order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("quality", "in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("error or praise type")
        verbose_name_plural = _("error and praise types")
        ordering = ["kind", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ScoreItem(models.Model):
    """One line of a sheet version: its points, its place, whether missing it is fatal (the check scores zero)."""

    version = models.ForeignKey(ScoreSheetVersion, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveSmallIntegerField(pgettext_lazy("quality", "order"))
    label = models.CharField(_("item"), max_length=60)
    points = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(1)])
    fatal = models.BooleanField(
        _("fatal"), default=False, help_text=_("Missing this item entirely scores the whole check zero.")
    )
    error_type = models.ForeignKey(
        ErrorType,
        verbose_name=_("counted as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Missing this item entirely counts this error against the agent."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score sheet item")
        verbose_name_plural = _("score sheet items")
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="scoreitem_order_once")]

    def __str__(self) -> str:
        return f"{self.label} ({self.points})"


class SpotCheck(models.Model):
    """One scoring of one call's recording by a lead or the department head (K-4)."""

    call = models.ForeignKey(
        "callcenter.Call",
        verbose_name=pgettext_lazy("call centre", "call"),
        on_delete=models.PROTECT,
        related_name="spot_checks",
    )
    recording = models.ForeignKey(
        "callcenter.Recording",
        verbose_name=_("recording"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spot_checks",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="spot_checks"
    )
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="checks_made"
    )
    checker_level = models.CharField(_("checked as"), max_length=10, choices=CheckerLevel.choices)
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.CHECK)
    sheet_version = models.ForeignKey(
        ScoreSheetVersion, verbose_name=_("score sheet"), on_delete=models.PROTECT, related_name="checks"
    )
    total_points = models.PositiveSmallIntegerField(_("total points"))
    deducted = models.PositiveSmallIntegerField(_("points deducted"))
    score = models.PositiveSmallIntegerField(_("score"))
    zeroed = models.BooleanField(_("scored zero"), default=False)
    problems = models.TextField(_("problems found"), blank=True)
    good_points = models.TextField(_("good points"), blank=True, help_text=_("闪光点: what others should learn from."))
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    agent_remark = models.TextField(_("agent's remark"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        ordering = ["-checked_at", "-id"]
        indexes = [
            models.Index(fields=["agent", "checked_at"], name="spotcheck_agent_idx"),
            models.Index(fields=["checker", "checked_at"], name="spotcheck_checker_idx"),
            models.Index(fields=["checked_at"], name="spotcheck_checked_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["call", "checker"], name="spotcheck_once_per_checker"),
            models.CheckConstraint(condition=Q(score__lte=models.F("total_points")), name="spotcheck_score_in_range"),
        ]
        permissions = [
            ("acknowledge_spotcheck", _("May acknowledge a spot check of their own call")),
            ("view_all_spotchecks", _("May see every agent's spot checks")),
            ("view_recording_gaps", _("May see the calls missing their recording")),
        ]

    def __str__(self) -> str:
        return f"{self.agent} {self.checked_at:%Y-%m-%d} {self.score}/{self.total_points}"

    @property
    def score_percent(self) -> Decimal:
        return Decimal(self.score * 100) / self.total_points if self.total_points else Decimal(0)


class ItemScore(models.Model):
    """One item's deduction in one check (0 … the item's points)."""

    check_row = models.ForeignKey(SpotCheck, on_delete=models.PROTECT, related_name="scores")
    item = models.ForeignKey(ScoreItem, on_delete=models.PROTECT, related_name="+")
    deducted = models.PositiveSmallIntegerField(_("points deducted"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["check_row", "item__order"]
        constraints = [models.UniqueConstraint(fields=["check_row", "item"], name="itemscore_once")]

    def __str__(self) -> str:
        return f"{self.item.label}: -{self.deducted}"


class Mark(models.Model):
    """A counted error or a praise of one agent, dated on the day it concerns; waived, never deleted."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="quality_marks"
    )
    error_type = models.ForeignKey(
        ErrorType, verbose_name=pgettext_lazy("quality", "type"), on_delete=models.PROTECT, related_name="marks"
    )
    kind = models.CharField(pgettext_lazy("quality", "kind"), max_length=10, choices=MarkKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=8, decimal_places=2, default=Decimal("0"))
    occurred_on = models.DateField(_("day"))
    source = models.CharField(pgettext_lazy("quality", "source"), max_length=12, choices=MarkSource.choices)
    spot_check = models.ForeignKey(
        SpotCheck, verbose_name=_("spot check"), null=True, blank=True, on_delete=models.PROTECT, related_name="marks"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("repair ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quality_marks",
    )
    source_key = models.CharField(max_length=60, null=True, blank=True, unique=True, editable=False)
    reason = models.TextField(pgettext_lazy("quality", "reason"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MarkState.choices, default=MarkState.COUNTED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("counted error or praise")
        verbose_name_plural = _("counted errors and praise")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["agent", "occurred_on"], name="mark_agent_idx"),
            models.Index(fields=["occurred_on", "state"], name="mark_day_state_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "error_type"], name="mark_once_per_check"),
        ]
        permissions = [("manage_mark", _("May record, confirm and waive counted errors and praise"))]

    def __str__(self) -> str:
        return f"{self.agent} {self.error_type} {self.occurred_on}"


class RewardBand(models.Model):
    """The seed's five levels of the monthly bonus 奖金 (100 … 500 yuan), reached by the month's average check score."""

    level = models.PositiveSmallIntegerField(_("level"), unique=True, validators=[MinValueValidator(1)])
    min_score = models.DecimalField(_("lowest average score (%)"), max_digits=5, decimal_places=2, validators=PERCENT)
    amount = models.DecimalField(_("bonus (yuan)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reward level")
        verbose_name_plural = _("reward levels")
        ordering = ["level"]

    def __str__(self) -> str:
        return f"{self.level}: {self.amount}"


class TypingTest(models.Model):
    """Seed 004 打字速度测试: English and Chinese characters per minute, each with its accuracy."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="typing_tests"
    )
    tested_on = models.DateField(_("test day"))
    english_per_minute = models.PositiveSmallIntegerField(_("English per minute"))
    english_accuracy = models.DecimalField(
        _("English accuracy (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    chinese_per_minute = models.PositiveSmallIntegerField(_("Chinese per minute"))
    chinese_accuracy = models.DecimalField(
        _("Chinese accuracy (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("typing test")
        verbose_name_plural = _("typing tests")
        ordering = ["-tested_on", "-id"]
        indexes = [models.Index(fields=["agent", "tested_on"], name="typingtest_agent_idx")]

    def __str__(self) -> str:
        return f"{self.agent} {self.tested_on}"


class AppraisalMonth(models.Model):
    """A month whose appraisal the supervisor closed: its rows are frozen from then on."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closed appraisal month")
        verbose_name_plural = _("closed appraisal months")
        ordering = ["-month"]
        permissions = [
            ("view_appraisal", _("May see monthly appraisals (own, own team's, or all by role)")),
            ("close_appraisal", _("May close a month's appraisal")),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class AppraisalRow(models.Model):
    """One agent's frozen appraisal of a closed month: the figures as they stood when the month was closed."""

    appraisal_month = models.ForeignKey(AppraisalMonth, on_delete=models.PROTECT, related_name="rows")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    figures = models.JSONField(_("figures"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal row")
        verbose_name_plural = _("appraisal rows")
        constraints = [models.UniqueConstraint(fields=["appraisal_month", "agent"], name="appraisalrow_once")]

    def __str__(self) -> str:
        return f"{self.appraisal_month} {self.agent_id}"
