"""Calls (SPEC K-1), their telephony events, recordings (K-3), scripts (K-2), consultations and standard answers (K-6)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from callcenter.choices import (
    CallEventType,
    CallSource,
    CallStatus,
    HangupCause,
    Holiday,
    PendingQuestionStatus,
    ScriptKind,
)
from csc.append_only import AppendOnlyModel
from customers import masking


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
    source = models.CharField(_("source"), max_length=10, choices=CallSource.choices, default=CallSource.TELEPHONY)
    status = models.CharField(_("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.QUEUED)
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
    agent_number = models.CharField(
        _("agent number reported"),
        max_length=20,
        blank=True,
        help_text=_("The 工号 the telephony sent, kept even when no staff member has it."),
    )
    customer = models.ForeignKey(
        "customers.Customer",
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
    ring_seconds = models.PositiveIntegerField(
        _("ring-to-answer seconds"), null=True, blank=True, help_text=_("Answer within 3 rings.")
    )
    hangup_cause = models.CharField(_("hang-up cause"), max_length=20, choices=HangupCause.choices, blank=True)
    call_type = models.CharField(_("type"), max_length=20, choices=CallType.choices, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    wrapped_up_at = models.DateTimeField(
        _("wrapped up at"), null=True, blank=True, help_text=_("When the agent saved the type and summary.")
    )
    repeated = models.BooleanField(
        _("contacted again"),
        default=False,
        help_text=_("The same number called again about the same kind of matter within the repeat window."),
    )
    created_at = models.DateTimeField(
        pgettext_lazy("call centre", "created at"), default=timezone.now, editable=False, db_index=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("call centre", "call")
        verbose_name_plural = pgettext_lazy("call centre", "calls")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agent", "created_at"], name="call_agent_created_idx"),
            models.Index(fields=["agent", "status"], name="call_agent_status_idx"),
            models.Index(fields=["customer", "-created_at"], name="call_customer_created_idx"),
            models.Index(fields=["caller_number", "-created_at"], name="call_caller_created_idx"),
        ]
        permissions = [
            ("view_all_calls", _("May see every agent's calls")),
            ("use_desk", _("May take calls at the agent desk")),
            ("view_call_figures", _("May see the contact-centre figures")),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.caller_number} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def caller_masked(self) -> str:
        return masking.mask_phone(self.caller_number)

    @property
    def customer_number(self) -> str:
        """The customer's side of the line: the caller on inbound calls, the called number on callbacks."""
        return self.called_number if self.direction == CallDirection.OUTBOUND else self.caller_number

    def answered_late(self) -> bool:
        return self.ring_seconds is not None and self.ring_seconds > settings.CALLCENTER_ANSWER_WITHIN_SECONDS


class CallEvent(AppendOnlyModel):
    """One step of a call as the telephony reported it; the call's times and status are derived from these."""

    call = models.ForeignKey(
        Call, verbose_name=pgettext_lazy("call centre", "call"), on_delete=models.PROTECT, related_name="events"
    )
    event = models.CharField(pgettext_lazy("call centre", "event"), max_length=10, choices=CallEventType.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    received_at = models.DateTimeField(pgettext_lazy("call centre", "received at"), default=timezone.now)
    agent_number = models.CharField(_("agent number"), max_length=20, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cause = models.CharField(_("hang-up cause"), max_length=20, choices=HangupCause.choices, blank=True)
    payload = models.JSONField(_("as received"), default=dict)

    class Meta:
        verbose_name = _("call event")
        verbose_name_plural = _("call events")
        ordering = ["occurred_at", "id"]
        constraints = [
            # A retried event changes nothing; a ring at another agent is a new step.
            models.UniqueConstraint(fields=["call", "event", "agent_number"], name="callevent_once_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.event} {self.occurred_at:%H:%M:%S}"


def recording_upload_to(instance, filename: str) -> str:
    """The stored name is ours, never the uploader's: a random name under the month of upload."""
    extension = (filename.rsplit(".", 1)[-1] if "." in filename else "bin").lower()[:5]
    return f"recordings/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Recording(models.Model):
    """A call's recording (K-3): kept permanently; only a team lead may delete an empty one, with a reason."""

    call = models.ForeignKey(
        Call, verbose_name=pgettext_lazy("call centre", "call"), on_delete=models.PROTECT, related_name="recordings"
    )
    file = models.FileField(_("file"), upload_to=recording_upload_to, blank=True, max_length=200)
    url = models.URLField(_("URL at the telephony"), blank=True, max_length=500)
    original_name = models.CharField(_("file name sent"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=50, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration in seconds"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("call centre", "received at"), default=timezone.now, editable=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deletion_reason = models.TextField(_("reason for deletion"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["created_at", "id"]
        permissions = [("delete_empty_recording", _("May delete an empty recording, with a reason"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url="") | Q(deleted_at__isnull=False), name="recording_has_file_or_url"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.original_name or self.url}"

    @property
    def is_empty(self) -> bool:
        """Zero length or zero duration: the only recordings that may ever be deleted (seed 004 录音抽查制度)."""
        return self.size_bytes == 0 or self.duration_seconds == 0

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class RecordingDeletion(AppendOnlyModel):
    """The log of every deleted (empty) recording: who, when, why, and what it was."""

    recording = models.ForeignKey(Recording, on_delete=models.PROTECT, related_name="deletions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    file_name = models.CharField(max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True)
    duration_seconds = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("recording deletion")
        verbose_name_plural = _("recording deletions")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.recording_id} {self.at:%Y-%m-%d %H:%M}"


class Script(models.Model):
    """A line of the call script (K-2): the opening, the before-10:00 opening and the closing, editable (X-6)."""

    kind = models.CharField(
        pgettext_lazy("call centre", "kind"), max_length=20, choices=ScriptKind.choices, unique=True
    )
    text = models.CharField(_("text"), max_length=300, help_text=_("【工号】 is replaced by the agent's number."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("script line")
        verbose_name_plural = _("script lines")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class HolidayGreeting(models.Model):
    """A holiday opening line and the dates a supervisor set for it (seed 004 节日用语: 以每次节日通知为准)."""

    holiday = models.CharField(_("holiday"), max_length=20, choices=Holiday.choices)
    starts_on = models.DateField(pgettext_lazy("call centre", "from"))
    ends_on = models.DateField(_("to (inclusive)"))
    text = models.CharField(
        _("opening line"), max_length=300, help_text=_("【工号】 is replaced by the agent's number.")
    )
    is_active = models.BooleanField(pgettext_lazy("call centre", "active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday greeting")
        verbose_name_plural = _("holiday greetings")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="holidaygreeting_dates_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.get_holiday_display()} {self.starts_on}–{self.ends_on}"


class FaqEntry(models.Model):
    """A standard answer 常见问题标准答案 (K-6); its text is always the latest of its versions."""

    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question as callers ask it"), blank=True)
    answer = models.TextField(_("standard answer"))
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Other words callers use, separated by commas.")
    )
    department = models.CharField(_("responsible department"), max_length=60, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    search_text = models.TextField(editable=False, blank=True)
    is_active = models.BooleanField(pgettext_lazy("call centre", "active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard answer")
        verbose_name_plural = _("standard answers")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class FaqVersion(AppendOnlyModel):
    """One revision of a standard answer, kept for ever and viewable (K-6: the FAQ is revised, versioned)."""

    entry = models.ForeignKey(
        FaqEntry, verbose_name=_("standard answer"), on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"), blank=True)
    answer = models.TextField(_("standard answer"))
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    pending_question = models.ForeignKey(
        "callcenter.PendingQuestion",
        verbose_name=_("answers the pending question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("standard answer version")
        verbose_name_plural = _("standard answer versions")
        ordering = ["entry", "-version"]
        constraints = [models.UniqueConstraint(fields=["entry", "version"], name="faqversion_unique")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class FaqSynonym(models.Model):
    """A group of words callers and staff use for the same thing (暖气/供暖/室温), so searches find the standard answer."""

    terms = models.CharField(
        _("words"), max_length=300, help_text=_("Separated by commas, e.g. 不热,温度不达标,室温低")
    )
    is_active = models.BooleanField(pgettext_lazy("call centre", "active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.replace("，", ",").split(",") if t.strip()]


class Consultation(models.Model):
    """A consultation 咨询 answered on a call: the question, the answer given, the standard answer used (K-6)."""

    call = models.ForeignKey(
        Call,
        verbose_name=pgettext_lazy("call centre", "call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer given"), blank=True)
    faq_entry = models.ForeignKey(
        FaqEntry,
        verbose_name=_("standard answer used"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    faq_version = models.PositiveIntegerField(_("version used"), null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("call centre", "created at"), default=timezone.now, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.question[:40]


class PendingQuestion(models.Model):
    """A question with no standard answer: not improvised, but sent to a department, then added to the FAQ (K-6)."""

    question = models.TextField(_("question"))
    department = models.CharField(_("department asked"), max_length=60)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PendingQuestionStatus.choices,
        default=PendingQuestionStatus.OPEN,
        db_index=True,
    )
    call = models.ForeignKey(
        Call,
        verbose_name=pgettext_lazy("call centre", "call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("logged at"), default=timezone.now)
    answer = models.TextField(_("department's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    faq_entry = models.ForeignKey(
        FaqEntry, verbose_name=_("standard answer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pending question")
        verbose_name_plural = _("pending questions")
        ordering = ["status", "-created_at"]
        permissions = [("answer_pendingquestion", _("May record a department's answer to a pending question"))]

    def __str__(self) -> str:
        return self.question[:40]


class CallLink(AppendOnlyModel):
    """A call that concerned an existing repair ticket or complaint (K-1 links), attached from the desk.

    The ticket or complaint a call *created* points to the call itself (their `call` field); this table holds
    the further calls about it (the caller rings again to chase the repair).
    """

    call = models.ForeignKey(
        Call, verbose_name=pgettext_lazy("call centre", "call"), on_delete=models.PROTECT, related_name="links"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("repair ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("linked by"), on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        verbose_name = _("call link")
        verbose_name_plural = _("call links")
        ordering = ["linked_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket__isnull=False, complaint__isnull=True)
                | Q(ticket__isnull=True, complaint__isnull=False),
                name="calllink_one_target",
            ),
            models.UniqueConstraint(fields=["call", "ticket"], name="calllink_ticket_once"),
            models.UniqueConstraint(fields=["call", "complaint"], name="calllink_complaint_once"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} → {self.ticket_id or self.complaint_id}"


# --- contact-centre figures (K-10): hourly roll-up of the calls, kept exact -------------------------------------


class CallHourStat(models.Model):
    """The sums of one hour's inbound calls for one agent (none: calls that reached no agent), from which every K-10
    figure is computed (callcenter/metrics.py). Derived from the calls and rebuilt from them at any time, so no
    history: the calls and their events are the record."""

    hour = models.DateTimeField(_("hour"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    offered = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    answered_within = models.PositiveIntegerField(default=0)
    abandoned = models.PositiveIntegerField(default=0)
    short_abandoned = models.PositiveIntegerField(default=0)
    wait_seconds = models.FloatField(default=0)
    handled = models.PositiveIntegerField(default=0)
    handle_seconds = models.FloatField(default=0)
    typed = models.PositiveIntegerField(default=0)
    repeated = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("calls of an hour")
        verbose_name_plural = _("calls by hour")
        indexes = [
            models.Index(fields=["hour"], name="callhourstat_hour_idx"),
            models.Index(fields=["agent", "hour"], name="callhourstat_agent_hour_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}:00 {self.agent_id}"


class CallHourDirty(models.Model):
    """An hour already rolled up whose calls changed since (a late event, a wrap-up, a repeat contact): read from
    the calls until the roll-up has rebuilt it. `version` moves on with each change, so a rebuild that read an
    older version leaves the mark in place."""

    hour = models.DateTimeField(primary_key=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("hour to roll up again")
        verbose_name_plural = _("hours to roll up again")

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}:00"


class CallRollup(models.Model):
    """One row: the hours before `until` are rolled up (except those marked dirty)."""

    until = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("roll-up of the calls")
        verbose_name_plural = _("roll-up of the calls")

    def __str__(self) -> str:
        return f"{self.until}"
