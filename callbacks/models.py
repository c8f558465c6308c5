"""Callbacks 回访 (K-5, C-10): one per completed repair, per closed valid complaint, per address of a closed outage.

A callback is due within N working days of the completion (CallbackSettings), sits in a team's queue or with an
agent, and ends done (the seed-004 answers recorded) or given up after the set number of failed attempts. Every
attempt is an append-only CallbackAttempt row; every change of the callback is in its history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from callbacks.choices import OPEN_STATUSES, Attitude, Kind, Outcome, Status
from csc.append_only import AppendOnlyModel
from customers import masking

OPENING = "您好，我们是供暖报修平台，对您家报修的处理情况进行回访。您现在方便吗？"
COMPLAINT_OPENING = "您好，我们是供暖服务热线，对您反映的问题（客诉【编号】）的处理情况进行回访。您现在方便吗？"
FEE_REMINDER = "我们的收费工作已经开始，请您方便的时候交纳供暖费。"
CLOSING = "感谢您的合作，以后有什么问题，请您随时拨打【热线】，我们将及时为您服务。"


class CallbackSettings(models.Model):
    """The supervisor's callback rules and script (one row; X-6: edited in the app)."""

    due_working_days = models.PositiveSmallIntegerField(
        _("due within working days"), default=2, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts before giving up"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    retry_minutes = models.PositiveSmallIntegerField(
        _("try again after minutes"), default=60, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    low_score = models.PositiveSmallIntegerField(
        _("reopen at a score of at most"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("A score at or below this reopens the matter for the supervisor."),
    )
    lead_after_hours = models.PositiveSmallIntegerField(
        _("tell the team lead after hours past due"), default=4, validators=[MaxValueValidator(24 * 14)]
    )
    supervisor_after_hours = models.PositiveSmallIntegerField(
        _("tell the supervisor after hours past due"), default=24, validators=[MaxValueValidator(24 * 30)]
    )
    hotline = models.CharField(_("hotline number"), max_length=30, default="96069")
    opening = models.CharField(_("opening line (repair)"), max_length=300, default=OPENING)
    complaint_opening = models.CharField(
        _("opening line (complaint)"),
        max_length=300,
        default=COMPLAINT_OPENING,
        help_text=_("【编号】 is replaced by the complaint's number."),
    )
    fee_reminder = models.CharField(_("fee reminder"), max_length=300, default=FEE_REMINDER)
    closing = models.CharField(
        _("closing line"), max_length=300, default=CLOSING, help_text=_("【热线】 is replaced by the hotline number.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("callback settings")
        verbose_name_plural = _("callback settings")

    def __str__(self) -> str:
        return str(_("callback settings"))


class Callback(models.Model):
    kind = models.CharField(pgettext_lazy("callback", "kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        pgettext_lazy("callback", "status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=pgettext_lazy("callback", "repair ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=pgettext_lazy("callback", "complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    outage = models.ForeignKey(
        "tickets.Outage",
        verbose_name=pgettext_lazy("callback", "area outage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=pgettext_lazy("callback", "customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    name = models.CharField(pgettext_lazy("callback", "resident"), max_length=80)
    phone = models.CharField(pgettext_lazy("callback", "phone"), max_length=20)
    address = models.CharField(pgettext_lazy("callback", "address"), max_length=200, blank=True)
    # who the figures are about (K-5: per station, technician and agent)
    station = models.ForeignKey(
        "tickets.Station",
        verbose_name=pgettext_lazy("callback", "station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    technician = models.CharField(pgettext_lazy("callback", "technician"), max_length=60, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent who took the matter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # whose work it is
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=pgettext_lazy("callback", "team queue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("callback", "assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks_assigned",
    )
    created_at = models.DateTimeField(pgettext_lazy("callback", "created at"), default=timezone.now)
    due_at = models.DateTimeField(pgettext_lazy("callback", "due at"))
    deadline_at = models.DateTimeField(
        _("escalates after"), help_text=_("The due time, or later when the resident chose a later appointment.")
    )
    queue_at = models.DateTimeField(_("in the queue from"))
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    done_at = models.DateTimeField(pgettext_lazy("callback", "done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("callback", "done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks_done",
    )
    # the answers (seed 004 a–f; for a complaint: solved, handling, score, suggestions)
    solved = models.BooleanField(_("problem solved"), null=True, blank=True)
    attitude = models.CharField(_("technician's attitude"), max_length=12, choices=Attitude.choices, blank=True)
    fee_charged = models.BooleanField(pgettext_lazy("callback", "fee charged"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        pgettext_lazy("callback", "score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    suggestion = models.TextField(_("suggestions or opinions"), blank=True)
    heating_fee_unpaid = models.BooleanField(_("heating fee not yet paid"), null=True, blank=True)
    fee_reminder_read = models.BooleanField(_("fee reminder read"), default=False)
    handling = models.CharField(
        _("satisfaction with the complaint's handling"), max_length=12, choices=Attitude.choices, blank=True
    )
    give_up_reason = models.TextField(_("reason for giving up"), blank=True)
    follow_up_ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("return visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("follow-up complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["queue_at", "id"]
        permissions = [
            ("record_callback", _("May make callbacks and record their answers")),
            ("manage_callback", _("May assign callbacks and record them for others (team lead)")),
            ("view_all_callbacks", _("May see every team's callbacks")),
            ("view_satisfaction", _("May see the satisfaction figures")),
        ]
        indexes = [
            # the queue: only the open rows, in the order they are called
            models.Index(fields=["queue_at", "id"], name="callback_queue_idx", condition=Q(status__in=OPEN_STATUSES)),
            models.Index(
                fields=["team", "queue_at", "id"], name="callback_team_queue_idx", condition=Q(status__in=OPEN_STATUSES)
            ),
            models.Index(
                fields=["assignee", "queue_at", "id"],
                name="callback_assignee_queue_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            models.Index(fields=["deadline_at"], name="callback_deadline_idx", condition=Q(status__in=OPEN_STATUSES)),
            models.Index(fields=["queue_at"], name="callback_appointed_idx", condition=Q(status="appointed")),
            # the reports: done callbacks by day, and the callbacks due in a period (response rate)
            models.Index(fields=["done_at"], name="callback_done_idx", condition=Q(status="done")),
            models.Index(fields=["due_at"], name="callback_due_idx"),
            models.Index(fields=["-created_at", "-id"], name="callback_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"], condition=Q(status__in=OPEN_STATUSES), name="callback_one_open_per_ticket"
            ),
            models.UniqueConstraint(
                fields=["complaint"], condition=Q(status__in=OPEN_STATUSES), name="callback_one_open_per_complaint"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=10), name="callback_score_1_to_10"
            ),
            models.CheckConstraint(
                condition=Q(attitude__in=["", *Attitude.values]) & Q(handling__in=["", *Attitude.values]),
                name="callback_attitude_values",
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.REPAIR, ticket__isnull=False) | Q(kind=Kind.COMPLAINT, complaint__isnull=False),
                name="callback_has_its_matter",
            ),
        ]

    def __str__(self) -> str:
        return f"HF{self.pk}"

    @property
    def number(self) -> str:
        """The reference read on pages and linked from the complaint: HF + id."""
        return f"HF{self.pk}"

    @property
    def matter_number(self) -> str:
        matter = self.complaint if self.kind == Kind.COMPLAINT else self.ticket
        return matter.number if matter is not None else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def phone_masked(self) -> str:
        return masking.mask_phone(self.phone)

    @property
    def name_masked(self) -> str:
        return masking.mask_name(self.name)


class CallbackAttempt(AppendOnlyModel):
    """One try at a callback, as it happened: never changed, never deleted."""

    callback = models.ForeignKey(Callback, on_delete=models.PROTECT, related_name="attempt_log")
    at = models.DateTimeField(pgettext_lazy("callback", "at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("callback", "by"), on_delete=models.PROTECT
    )
    outcome = models.CharField(pgettext_lazy("callback", "outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(pgettext_lazy("callback", "note"), blank=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)

    class Meta:
        verbose_name = _("callback attempt")
        verbose_name_plural = _("callback attempts")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["callback", "at"], name="callbackattempt_callback_idx")]

    def __str__(self) -> str:
        return f"HF{self.callback_id} {self.outcome}"
