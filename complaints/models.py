"""Complaints 客诉 (SPEC §1): the complaint, its append-only timeline, promises, responsibility and settings."""

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

from complaints.choices import (
    OPEN_STATUSES,
    CauseClass,
    Channel,
    CommitmentKind,
    CommitmentStatus,
    EntryKind,
    Kind,
    RemedyType,
    Severity,
    Status,
    Validity,
)
from csc.append_only import AppendOnlyModel
from customers import masking

STATEMENT_MAX_LENGTH = 5000
TEXT_MAX_LENGTH = 5000


class ComplaintCategory(models.Model):
    """A complaint category with its deadline policy (C-2, C-4): supervisors edit both in the app."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(pgettext_lazy("complaint", "name"), max_length=60, unique=True)
    domestic_days = models.PositiveSmallIntegerField(
        _("days to close (domestic)"), default=15, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    foreign_days = models.PositiveSmallIntegerField(
        _("days to close (foreign)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    working_days = models.BooleanField(
        _("count working days"),
        default=False,
        help_text=_("Count Chinese working days (holidays and make-up days) instead of calendar days."),
    )
    is_active = models.BooleanField(pgettext_lazy("complaint", "active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department that handles complaints or carries responsibility for them (C-3 handlers, C-7 shares)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(pgettext_lazy("complaint", "name"), max_length=60, unique=True)
    handles_internal = models.BooleanField(
        _("handles internal complaints"), default=False, help_text=_("The HR and administration department.")
    )
    is_active = models.BooleanField(pgettext_lazy("complaint", "active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApprovalLevel(models.Model):
    """One rung of the approval authority 核决权限 (C-8): who may approve remedies up to which amount."""

    rank = models.PositiveSmallIntegerField(_("rank"), unique=True, help_text=_("Higher ranks approve more."))
    name = models.CharField(pgettext_lazy("complaint", "name"), max_length=60)
    max_amount = models.DecimalField(
        _("up to amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Empty: no upper limit."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="approval_levels"
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("approval level")
        verbose_name_plural = _("approval levels")
        ordering = ["rank"]

    def __str__(self) -> str:
        limit = _("no limit") if self.max_amount is None else f"≤ ¥{self.max_amount}"
        return f"{self.name} ({limit})"

    def covers(self, amount: Decimal) -> bool:
        return self.max_amount is None or amount <= self.max_amount


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Complaint(models.Model):
    """One complaint from registration to closure; its number is its public identifier (C-1)."""

    number = models.CharField(pgettext_lazy("complaint", "number"), max_length=16, unique=True, editable=False)
    kind = models.CharField(
        pgettext_lazy("complaint", "kind"), max_length=10, choices=Kind.choices, default=Kind.CUSTOMER
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.REGISTERED)
    category = models.ForeignKey(
        ComplaintCategory,
        verbose_name=pgettext_lazy("complaint", "category"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    cause_class = models.CharField(
        _("cause class"), max_length=12, choices=CauseClass.choices, blank=True, default=CauseClass.UNDETERMINED
    )
    severity = models.CharField(
        pgettext_lazy("complaint", "severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL
    )
    channel = models.CharField(
        pgettext_lazy("complaint", "channel"), max_length=20, choices=Channel.choices, default=Channel.PHONE
    )
    validity = models.CharField(_("validity"), max_length=8, choices=Validity.choices, default=Validity.VALID)
    is_foreign = models.BooleanField(_("foreign customer"), default=False)

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    call = models.ForeignKey(
        "callcenter.Call",
        verbose_name=pgettext_lazy("complaint", "call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    complainant_name = models.CharField(_("complainant"), max_length=80)
    complainant_phone = models.CharField(_("complainant phone"), max_length=20)
    complainant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("complaining employee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    statement = models.TextField(
        _("original statement"),
        max_length=STATEMENT_MAX_LENGTH,
        help_text=_("What the customer said, as registered. Never edited: add a correction entry instead."),
    )
    remedy_sought = models.TextField(_("remedy sought by the customer"), max_length=2000, blank=True)

    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    accepted_at = models.DateTimeField(pgettext_lazy("complaint", "accepted at"))
    due_at = models.DateTimeField(_("due at"))
    deadline_days = models.PositiveSmallIntegerField(_("deadline days"))
    deadline_working_days = models.BooleanField(_("deadline counts working days"))
    first_reply_due_at = models.DateTimeField(_("first reply due at"))
    first_replied_at = models.DateTimeField(_("first replied at"), null=True, blank=True)
    next_reply_due_at = models.DateTimeField(_("next reply due at"), null=True, blank=True)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_complaints"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )

    loss_amount = models.DecimalField(_("loss amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    penalty_decision = models.TextField(_("penalty decision"), max_length=2000, blank=True)
    penalty_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penalty approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    resolution = models.TextField(_("proposed resolution"), max_length=TEXT_MAX_LENGTH, blank=True)
    remedy_type = models.CharField(_("remedy"), max_length=15, choices=RemedyType.choices, blank=True)
    remedy_amount = models.DecimalField(_("remedy amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    required_level = models.ForeignKey(
        ApprovalLevel,
        verbose_name=_("approval level required"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    customer_reply = models.TextField(_("reply to the customer"), max_length=TEXT_MAX_LENGTH, blank=True)
    informed_at = models.DateTimeField(_("customer informed at"), null=True, blank=True)
    customer_accepted = models.BooleanField(_("customer accepted the outcome"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("complaint", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("complaint", "closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopened_from = models.ForeignKey(
        "self",
        verbose_name=_("follows complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )

    # C-10: the callback itself is recorded by the callbacks feature; this is its link.
    callback_recorded_at = models.DateTimeField(_("callback recorded at"), null=True, blank=True)
    callback_reference = models.CharField(_("callback reference"), max_length=40, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("complaint-handling satisfaction (1-10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    # C-12: one appeal, then the GM's final decision.
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appealed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appeal_reason = models.TextField(_("appeal reason"), max_length=TEXT_MAX_LENGTH, blank=True)
    final_decision = models.TextField(_("final decision"), max_length=TEXT_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("complaint", "decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(pgettext_lazy("complaint", "decided at"), null=True, blank=True)

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-registered_at", "-id"]
        permissions = [
            ("view_all_complaints", _("May see every complaint, internal ones included")),
            ("supervise_complaint", _("May transfer, close and reopen any complaint")),
            ("approve_complaint", _("May approve resolutions up to their approval level")),
            ("decide_complaint_appeal", _("May take the final decision on an appeal")),
            ("manage_complaint_settings", _("May edit complaint categories, deadlines and approval levels")),
            ("view_complaint_statistics", _("May see complaint statistics")),
        ]
        indexes = [
            models.Index(fields=["-registered_at", "-id"], name="complaint_registered_idx"),
            models.Index(fields=["owner", "-registered_at"], name="complaint_owner_idx"),
            models.Index(fields=["status", "-registered_at"], name="complaint_status_idx"),
            models.Index(fields=["category", "-registered_at"], name="complaint_category_idx"),
            models.Index(fields=["complainant_phone"], name="complaint_phone_idx"),
            models.Index(fields=["closed_at"], name="complaint_closed_idx"),
            # Sweeps and "overdue now" / "due today" read only open complaints: small partial indexes.
            models.Index(fields=["due_at"], condition=Q(status__in=OPEN_STATUSES), name="complaint_open_due_idx"),
            models.Index(
                fields=["-registered_at", "-id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="complaint_open_recent_idx",
            ),
            models.Index(
                fields=["next_reply_due_at"], condition=Q(status__in=OPEN_STATUSES), name="complaint_open_reply_idx"
            ),
            models.Index(
                fields=["first_reply_due_at"],
                condition=Q(first_replied_at__isnull=True) & Q(status__in=OPEN_STATUSES),
                name="complaint_first_reply_idx",
            ),
            models.Index(
                fields=["closed_at"],
                condition=Q(status="closed", validity="valid", callback_recorded_at__isnull=True),
                name="complaint_callback_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_statement", None)
        if self.pk is not None and loaded is not None and loaded != self.statement:
            raise PermissionError("The original statement of a complaint is never edited (C-9).")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Complaints are never deleted (X-2).")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_statement = getattr(instance, "statement", None) if "statement" in field_names else None
        return instance

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())

    @property
    def callback_due(self) -> bool:
        """C-10: a closed valid complaint needs a callback until one is recorded."""
        return self.status == Status.CLOSED and self.validity == Validity.VALID and self.callback_recorded_at is None

    @property
    def phone_masked(self) -> str:
        return masking.mask_phone(self.complainant_phone)

    @property
    def name_masked(self) -> str:
        return masking.mask_name(self.complainant_name)

    @property
    def may_appeal(self) -> bool:
        return self.kind == Kind.INTERNAL and self.status == Status.CLOSED and self.appealed_at is None


class ComplaintHandler(models.Model):
    """A member of staff or a department added to work on a complaint beside its owner (C-3)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="handlers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handler")
        verbose_name_plural = _("handlers")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, department__isnull=True)
                | Q(user__isnull=True, department__isnull=False),
                name="complainthandler_user_xor_department",
            ),
            models.UniqueConstraint(
                fields=["complaint", "user"], condition=Q(user__isnull=False), name="complainthandler_user_unique"
            ),
            models.UniqueConstraint(
                fields=["complaint", "department"],
                condition=Q(department__isnull=False),
                name="complainthandler_department_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user or self.department)


class ResponsibilityShare(models.Model):
    """One responsible department's percentage of a complaint (C-7); a new attribution supersedes the old one."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="shares")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField(
        _("share (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility share")
        verbose_name_plural = _("responsibility shares")
        ordering = ["-percent", "id"]
        indexes = [models.Index(fields=["complaint", "superseded_at"], name="share_complaint_current_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=1, percent__lte=100), name="share_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.percent}%"


class ReplyCommitment(models.Model):
    """A reply promised to the customer by a time (C-6): the 2-hour first reply and every later promise."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="commitments")
    kind = models.CharField(pgettext_lazy("complaint", "kind"), max_length=12, choices=CommitmentKind.choices)
    due_at = models.DateTimeField(_("reply due at"))
    made_at = models.DateTimeField(_("promised at"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("promised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    fulfilled_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reply commitment")
        verbose_name_plural = _("reply commitments")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(status="open"), name="commitment_open_due_idx"),
            models.Index(fields=["complaint", "due_at"], name="commitment_complaint_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"

    def is_missed(self, now=None) -> bool:
        if self.status == CommitmentStatus.MISSED:
            return True
        return self.status == CommitmentStatus.OPEN and self.due_at < (now or timezone.now())


class ComplaintEntry(AppendOnlyModel):
    """One timestamped line of the complaint's record by a named person (C-9). Append-only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="entries")
    at = models.DateTimeField(_("at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("complaint", "by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(pgettext_lazy("complaint", "kind"), max_length=15, choices=EntryKind.choices)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH, blank=True)
    from_status = models.CharField(_("from status"), max_length=15, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=15, choices=Status.choices, blank=True)

    class Meta:
        verbose_name = _("complaint record entry")
        verbose_name_plural = _("complaint record entries")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaintentry_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"
