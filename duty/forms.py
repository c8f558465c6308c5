"""The duty pages' input, shaped for the services: the forms read and type what a page posts (a day, a time, one of
the rows offered); the services decide the rules (a day's notice, who signs when, the report that closes an
incident) and their errors are put back on these forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from csc.filters import within_the_years
from csc.text import list_time
from duty.choices import IncidentKind, NoticeChannel
from duty.models import (
    DutyLog,
    DutyLogCheck,
    DutyLogEntry,
    DutySettings,
    Handover,
    HandoverItem,
    Incident,
    IncidentNotice,
    RotaEntry,
    Shift,
    SwapRequest,
)

TEXT_LIMIT = 4000  # longer text is refused by the form (the services hold the real rules)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
NOT_A_MOMENT = {"invalid": _("Enter a date and time, for example 2026-01-15 14:30.")}
NOT_A_DAY = {"invalid": _("Not a date (YYYY-MM-DD).")}
NOT_A_TIME = {"invalid": _("Enter a time, for example 08:00.")}


def put_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: each message next to its field, the rest on top of the form."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, messages in exc.message_dict.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


def entry_label(entry: RotaEntry) -> str:
    """A shift on the rota as a choice reads: 12-05 白班 08:00–16:00."""
    return f"{list_time(entry.day)} {entry.shift.name} {entry.shift.starts_at:%H:%M}–{entry.shift.ends_at:%H:%M}"


def label(model, field: str):
    """A field's label is its model field's name (one word for it in the catalogue), capitalised."""
    return capfirst(model._meta.get_field(field).verbose_name)


class PageForm(forms.Form):
    """The labels stand above their fields: no colon after them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class EntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return entry_label(obj)


class ColleagueEntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agent} · {entry_label(obj)}"


class ShiftChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} {obj.starts_at:%H:%M}–{obj.ends_at:%H:%M}"


def moment_field(label, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        validators=[within_the_years],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages=NOT_A_MOMENT,
    )


def text_field(label, *, rows: int = 3, required: bool = False, max_length: int = TEXT_LIMIT) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
    )


# --- swaps ---------------------------------------------------------------------------------------------------------


class SwapForm(PageForm):
    """An agent's own shift to give, the colleague, optionally one of theirs to take, the reason (the service checks
    the notice and whose shifts they are)."""

    entry = EntryChoice(label=label(SwapRequest, "entry"), queryset=RotaEntry.objects.none(), empty_label="—")
    counterpart = forms.ModelChoiceField(label=label(SwapRequest, "counterpart"), queryset=None, empty_label="—")
    counterpart_entry = ColleagueEntryChoice(
        label=label(SwapRequest, "counterpart_entry"),
        queryset=RotaEntry.objects.none(),
        required=False,
        empty_label=_("None: I only give mine"),
    )
    reason = text_field(label(SwapRequest, "reason"), rows=2, max_length=1000)

    def __init__(self, *args, entries, colleagues, colleague_entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
        self.fields["counterpart"].queryset = colleagues
        self.fields["counterpart_entry"].queryset = colleague_entries


class DecideForm(PageForm):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    note = forms.CharField(required=False, max_length=1000)


# --- handovers -----------------------------------------------------------------------------------------------------


class HandoverStartForm(PageForm):
    """Who takes over; the day and the shift handed over (the current one unless chosen)."""

    incoming = forms.ModelChoiceField(label=label(Handover, "incoming"), queryset=None, empty_label="—")
    day = forms.DateField(
        label=label(Handover, "day"),
        required=False,
        validators=[within_the_years],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=NOT_A_DAY,
    )
    shift = ShiftChoice(label=label(Handover, "shift"), queryset=Shift.objects.none(), required=False, empty_label="—")

    def __init__(self, *args, colleagues, shifts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incoming"].queryset = colleagues
        self.fields["shift"].queryset = shifts


class HandoverForm(PageForm):
    equipment_checked = forms.BooleanField(label=label(Handover, "equipment_checked"), required=False)
    equipment_notes = text_field(label(Handover, "equipment_notes"), rows=2)
    notes = text_field(label(Handover, "notes"), rows=3)


class HandoverItemForm(PageForm):
    dealt_with = forms.BooleanField(label=label(HandoverItem, "dealt_with"), required=False)
    note = forms.CharField(label=label(HandoverItem, "note"), required=False, max_length=300)


class SignForm(PageForm):
    note = text_field(label(Handover, "lead_note"), rows=2)


# --- the duty log --------------------------------------------------------------------------------------------------


class LogLineForm(PageForm):
    text = text_field(label(DutyLogEntry, "text"), rows=2)


class LogSignForm(PageForm):
    summary = text_field(label(DutyLog, "summary"), rows=2)


class LogCheckForm(PageForm):
    findings = text_field(label(DutyLogCheck, "findings"), rows=2)


# --- incidents -----------------------------------------------------------------------------------------------------


class OutageChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.community}"


class IncidentForm(PageForm):
    kind = forms.ChoiceField(label=label(Incident, "kind"), choices=[("", "—"), *IncidentKind.choices])
    title = forms.CharField(label=label(Incident, "title"), required=False, max_length=100)
    started_at = moment_field(label(Incident, "started_at"), required=False)
    description = text_field(label(Incident, "description"), rows=3)
    actions = text_field(label(Incident, "actions"), rows=3)
    outage = OutageChoice(
        label=label(Incident, "outage"),
        queryset=None,
        required=False,
        empty_label=_("No area outage"),
    )

    def __init__(self, *args, outages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outage"].queryset = outages
        self.fields["kind"].required = False  # the service names a missing kind


class IncidentReportForm(PageForm):
    """What was done, the fault report, and the post-incident report (losses, cause, responsibility); the end."""

    ended_at = moment_field(label(Incident, "ended_at"), required=False)
    actions = text_field(label(Incident, "actions"), rows=3)
    fault_report = text_field(label(Incident, "fault_report"), rows=2)
    losses = text_field(label(Incident, "losses"), rows=2)
    cause = text_field(label(Incident, "cause"), rows=2)
    responsibility = text_field(label(Incident, "responsibility"), rows=2)


class NoticeForm(PageForm):
    notified = forms.CharField(label=label(IncidentNotice, "notified"), required=False, max_length=100)
    channel = forms.ChoiceField(
        label=label(IncidentNotice, "channel"), choices=[("", "—"), *NoticeChannel.choices], required=False
    )
    at = moment_field(label(IncidentNotice, "at"), required=False)


# --- settings ------------------------------------------------------------------------------------------------------


class ShiftForm(PageForm):
    name = forms.CharField(label=label(Shift, "name"), required=False, max_length=40)
    starts_at = forms.TimeField(
        label=label(Shift, "starts_at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages=NOT_A_TIME,
    )
    ends_at = forms.TimeField(
        label=label(Shift, "ends_at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages=NOT_A_TIME,
    )
    order = forms.CharField(label=label(Shift, "order"), required=False, max_length=5)
    is_active = forms.BooleanField(label=label(Shift, "is_active"), required=False)


class DutySettingsForm(PageForm):
    swap_notice_days = forms.CharField(label=label(DutySettings, "swap_notice_days"), max_length=5, required=False)
    log_check_share = forms.CharField(label=label(DutySettings, "log_check_share"), max_length=5, required=False)
