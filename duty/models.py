"""Shifts 排班, handover 交接班, the duty log 值班日志 and incidents 突发事件 (SPEC K-7, K-9; seeds 000, 003, 004).

- The rota: the day's shifts (`Shift`, times editable; three by default for the 24-hour heating season) and who works
  which (`RotaEntry`, with its start and end as moments, so overlaps are one query). An entry taken off the rota is
  cancelled, never deleted. A swap (`SwapRequest`) is asked a day ahead and changes the rota only when a lead approves.
- A handover (`Handover`) is one shift to the next: its items (`HandoverItem`) are read from the records when it
  starts — tickets waiting on the desk, open complaints, replies promised and callbacks appointed in the next shift,
  open incidents; both agents sign; an important item not dealt with needs the lead's signature too (seed 003).
- The duty log (`DutyLog`) is one per day: entries by whoever is on duty (`DutyLogEntry`, append-only), signed by the
  lead; the supervisor checks at least 20 % of a month's logs (`DutyLogCheck`, seed 003).
- An incident (`Incident`, seed 000): kind, times, what was done, who was told and when (`IncidentNotice`), the fault
  report, and the post-incident report (losses, cause, responsibility) without which it does not close.
Handover records and duty logs are secret 机密 (P-5): only roles cleared for that level see them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from csc.append_only import AppendOnlyModel
from csc.periods import day_start
from duty.choices import HandoverState, IncidentKind, IncidentState, ItemKind, NoticeChannel, SwapState


class Shift(models.Model):
    """One shift of the day (早班 08:00–16:00 …); a shift ending at or before its start runs past midnight."""

    name = models.CharField(pgettext_lazy("duty", "name"), max_length=20, unique=True)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    order = models.PositiveSmallIntegerField(pgettext_lazy("duty", "order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("duty", "in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["order", "starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    @property
    def crosses_midnight(self) -> bool:
        return self.ends_at <= self.starts_at

    def bounds(self, day: date) -> tuple[datetime, datetime]:
        """[start, end) of this shift on a day, as moments: a shift ending at or before its start ends the next day."""
        start = day_start(day).replace(hour=self.starts_at.hour, minute=self.starts_at.minute)
        end_day = day + timedelta(days=1) if self.crosses_midnight else day
        return start, day_start(end_day).replace(hour=self.ends_at.hour, minute=self.ends_at.minute)


class DutySettings(models.Model):
    """The one settings row of the rota (defaults when none was saved)."""

    swap_notice_days = models.PositiveSmallIntegerField(
        _("swap notice (days)"),
        default=1,
        validators=[MaxValueValidator(30)],
        help_text=_("A swap is asked for at least this many days before the shift (seed 004: a day ahead)."),
    )
    log_check_share = models.PositiveSmallIntegerField(
        _("duty logs checked each month (%)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Seed 003: the supervisor checks at least 20 per cent of a month's duty logs."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rota settings")
        verbose_name_plural = _("rota settings")
        permissions = [("manage_duty_settings", _("May edit the shifts and the rota settings"))]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class RotaEntry(models.Model):
    """One member of staff on one shift of one day."""

    day = models.DateField(_("day"))
    shift = models.ForeignKey(Shift, verbose_name=_("shift"), on_delete=models.PROTECT, related_name="entries")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="rota_entries"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("duty", "created at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("taken off the rota at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rota entry")
        verbose_name_plural = _("rota entries")
        ordering = ["day", "shift__order", "agent__agent_number"]
        indexes = [
            models.Index(fields=["agent", "starts_at"], name="rota_agent_start_idx", condition=Q(cancelled_at=None)),
            models.Index(fields=["day"], name="rota_day_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "shift", "agent"], condition=Q(cancelled_at=None), name="rota_once_per_shift"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="rota_ends_after_start"),
        ]
        permissions = [("manage_rota", _("May build the rota"))]

    def __str__(self) -> str:
        return f"{self.day} {self.shift.name} {self.agent}"


class SwapRequest(models.Model):
    """An agent asks to hand a shift to a colleague (and, for an exchange, to take one of theirs)."""

    entry = models.ForeignKey(
        RotaEntry, verbose_name=_("shift given"), on_delete=models.PROTECT, related_name="swaps_given"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="swaps_asked"
    )
    counterpart = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("colleague"), on_delete=models.PROTECT, related_name="swaps_offered"
    )
    counterpart_entry = models.ForeignKey(
        RotaEntry,
        verbose_name=_("shift taken in exchange"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="swaps_taken",
    )
    reason = models.TextField(pgettext_lazy("duty", "reason"))
    state = models.CharField(_("state"), max_length=10, choices=SwapState.choices, default=SwapState.REQUESTED)
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("lead's note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["state", "requested_at"], name="swap_state_idx")]
        permissions = [("approve_swap", _("May approve or refuse shift swaps"))]

    def __str__(self) -> str:
        return f"{self.entry} → {self.counterpart}"


class Handover(models.Model):
    """One shift handing over to the next 交接班: signed by the outgoing and the incoming agent."""

    day = models.DateField(_("day of the outgoing shift"))
    shift = models.ForeignKey(Shift, verbose_name=_("outgoing shift"), on_delete=models.PROTECT, related_name="+")
    outgoing = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handed over by"), on_delete=models.PROTECT, related_name="+"
    )
    incoming = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken over by"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    next_shift_ends_at = models.DateTimeField(_("next shift ends at"))
    equipment_checked = models.BooleanField(_("equipment checked"), default=False)
    equipment_notes = models.TextField(_("equipment notes"), blank=True)
    notes = models.TextField(pgettext_lazy("duty", "notes"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=HandoverState.choices, default=HandoverState.OPEN)
    outgoing_signed_at = models.DateTimeField(_("signed by the outgoing agent at"), null=True, blank=True)
    incoming_signed_at = models.DateTimeField(_("signed by the incoming agent at"), null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_signed_at = models.DateTimeField(_("signed by the lead at"), null=True, blank=True)
    lead_note = models.TextField(_("lead's note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["day", "shift"], name="handover_day_idx"),
            models.Index(fields=["state", "started_at"], name="handover_state_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["day", "shift", "outgoing"], name="handover_once_per_agent_shift"),
        ]
        permissions = [
            ("sign_handover_as_lead", _("May sign off a handover with an important item open")),
            ("view_all_handovers", _("May see every team's handovers and swaps")),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.shift.name} {self.outgoing} → {self.incoming}"


class HandoverItem(models.Model):
    """One follow-up carried over, as the records showed it when the handover started (the label keeps that)."""

    handover = models.ForeignKey(Handover, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(pgettext_lazy("duty", "kind"), max_length=10, choices=ItemKind.choices)
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    callback = models.ForeignKey(
        "callbacks.Callback", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incident = models.ForeignKey("duty.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(pgettext_lazy("duty", "item"), max_length=200)
    due_at = models.DateTimeField(pgettext_lazy("duty", "due at"), null=True, blank=True)
    important = models.BooleanField(_("important"), default=False)
    dealt_with = models.BooleanField(_("dealt with"), default=False)
    note = models.CharField(pgettext_lazy("duty", "note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["handover", "-important", "due_at", "id"]

    def __str__(self) -> str:
        return self.label


class DutyLog(models.Model):
    """The day's duty log 值班日志: entries through the day, signed by the lead."""

    day = models.DateField(_("day"), unique=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    summary = models.TextField(_("lead's summary"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty log")
        verbose_name_plural = _("duty logs")
        ordering = ["-day"]
        permissions = [
            ("sign_dutylog", _("May sign the day's duty log")),
            ("check_dutylog", _("May record the monthly check of duty logs")),
        ]

    def __str__(self) -> str:
        return f"{self.day}"


class DutyLogEntry(AppendOnlyModel):
    """One line of the duty log, by whoever was on duty; never changed (a correction is a new line)."""

    log = models.ForeignKey(DutyLog, on_delete=models.PROTECT, related_name="entries")
    at = models.DateTimeField(_("time"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("entry"))

    class Meta:
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log entries")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.log_id} {self.at:%H:%M}"


class DutyLogCheck(models.Model):
    """The supervisor's check of one day's log (seed 003: 主任每月不定期对值班记录抽查不少于20%)."""

    log = models.ForeignKey(DutyLog, on_delete=models.PROTECT, related_name="checks")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("duty", "checked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    findings = models.TextField(_("findings"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty log check")
        verbose_name_plural = _("duty log checks")
        ordering = ["-checked_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["log", "checked_by"], name="dutylogcheck_once")]

    def __str__(self) -> str:
        return f"{self.log} {self.checked_by}"


class Incident(models.Model):
    """An incident 突发事件 (seed 000): what happened, what was done, who was told, and the report that closes it."""

    kind = models.CharField(pgettext_lazy("incident", "kind"), max_length=20, choices=IncidentKind.choices)
    title = models.CharField(pgettext_lazy("incident", "title"), max_length=100)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    actions = models.TextField(_("actions taken"), blank=True)
    fault_report = models.TextField(
        _("fault report"), blank=True, help_text=_("故障申报修复单: what was reported to the technical unit, and when.")
    )
    losses = models.TextField(_("losses"), blank=True)
    cause = models.TextField(pgettext_lazy("incident", "cause"), blank=True)
    responsibility = models.TextField(_("responsibility"), blank=True)
    state = models.CharField(_("state"), max_length=8, choices=IncidentState.choices, default=IncidentState.OPEN)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("incident", "closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(pgettext_lazy("incident", "closed at"), null=True, blank=True)
    outage = models.ForeignKey(
        "tickets.Outage",
        verbose_name=_("area outage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    tickets = models.ManyToManyField("tickets.Ticket", verbose_name=_("repair tickets"), blank=True, related_name="+")
    complaints = models.ManyToManyField(
        "complaints.Complaint", verbose_name=_("complaints"), blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[tickets, complaints])

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["state", "started_at"], name="incident_state_idx")]
        permissions = [("manage_incident", _("May record notices and reports of incidents, and close them"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"


class IncidentNotice(AppendOnlyModel):
    """Who was told of an incident, how and when (the supervisor, the technical unit, 110 …)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="notices")
    notified = models.CharField(_("who was told"), max_length=100)
    channel = models.CharField(_("how"), max_length=10, choices=NoticeChannel.choices)
    at = models.DateTimeField(_("when"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("incident notice")
        verbose_name_plural = _("incident notices")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.notified}"
