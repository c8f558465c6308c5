"""Duty API shapes (K-7, K-9): input serializers check the form of a value (a number, a day, a moment, a choice), the
services decide whether it is allowed; output serializers shape the rows as the pages show them.

People, shifts, rota entries, outages arrive by id. Days are YYYY-MM-DD, moments ISO 8601 with an offset, both within
the years 2000–2999 (anything else is a typing error, not a day to compute a shift on). Names carry the app's prefix
where another app has the same word (the OpenAPI components are one namespace).
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from duty.choices import HandoverState, IncidentKind, IncidentState, ItemKind, NoticeChannel, SwapState

TEXT_MAX_LENGTH = 2000
ID = {"min_value": 1, "max_value": 2**31 - 1}
FIRST_YEAR, LAST_YEAR = 2000, 2999
MAX_CELLS = 31 * 10  # a month of up to ten shifts a day
MAX_PEOPLE_PER_CELL = 50


def _text(**kwargs) -> serializers.CharField:
    """Free text the service checks (its message says what is missing): blank arrives, the service says why not."""
    return serializers.CharField(max_length=kwargs.pop("max_length", TEXT_MAX_LENGTH), allow_blank=True, **kwargs)


class DutyDayField(serializers.DateField):
    """A day, YYYY-MM-DD, in the years 2000–2999."""

    default_error_messages = {"range": _("Not a date (YYYY-MM-DD).")}

    def to_internal_value(self, value) -> date:
        day = super().to_internal_value(value)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.fail("range")
        return day


class DutyMomentField(serializers.DateTimeField):
    """A moment, ISO 8601 (with an offset, else Asia/Shanghai), in the years 2000–2999."""

    default_error_messages = {"range": _("Give a time in the years 2000 to 2999.")}

    def to_internal_value(self, value) -> datetime:
        moment = super().to_internal_value(value)
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            self.fail("range")
        return moment


# --- input ------------------------------------------------------------------------------------------------------


class RotaAssignInput(serializers.Serializer):
    """`POST duty/rota/`: one member of staff on one shift of one day."""

    day = DutyDayField()
    shift = serializers.IntegerField(**ID)
    agent = serializers.IntegerField(**ID)


class RotaCellInput(serializers.Serializer):
    day = DutyDayField()
    shift = serializers.IntegerField(**ID)
    agents = serializers.ListField(
        child=serializers.IntegerField(**ID), max_length=MAX_PEOPLE_PER_CELL, allow_empty=True
    )


class RotaMonthInput(serializers.Serializer):
    """`PUT duty/rota/month/`: the people wanted on each (day, shift) given; a cell not given is left as it is, a cell
    given with no one takes everyone off it."""

    month = serializers.CharField(max_length=7, help_text="YYYY-MM")
    cells = serializers.ListField(child=RotaCellInput(), max_length=MAX_CELLS, allow_empty=True)


class SwapCreateInput(serializers.Serializer):
    """`POST duty/swaps/`: give one's shift to a colleague, or exchange it for one of theirs (`counterpart_entry`)."""

    entry = serializers.IntegerField(**ID, help_text="the rota entry (one's own shift) given")
    counterpart = serializers.IntegerField(**ID, help_text="the colleague who takes it")
    counterpart_entry = serializers.IntegerField(
        **ID, required=False, allow_null=True, default=None, help_text="the colleague's shift taken in exchange"
    )
    reason = _text()


class NoteInput(serializers.Serializer):
    """A swap refused or approved, a handover signed: with an optional note (the lead's signature needs one)."""

    note = _text(required=False, default="")


class HandoverCreateInput(serializers.Serializer):
    """`POST duty/handovers/`: the outgoing agent starts the handover to `incoming`; the shift is the one they are on
    now unless `day` and `shift` are both given."""

    incoming = serializers.IntegerField(**ID)
    day = DutyDayField(required=False, allow_null=True, default=None)
    shift = serializers.IntegerField(**ID, required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if (attrs["day"] is None) != (attrs["shift"] is None):
            missing = "day" if attrs["day"] is None else "shift"
            raise serializers.ValidationError({missing: [_("Give both the day and the shift, or neither.")]})
        return attrs


class HandoverUpdateInput(serializers.Serializer):
    """`PATCH duty/handovers/{id}/`: what is given changes, the rest stays."""

    equipment_checked = serializers.BooleanField(required=False)
    equipment_notes = _text(required=False)
    notes = _text(required=False)


class HandoverItemUpdateInput(serializers.Serializer):
    dealt_with = serializers.BooleanField(required=False)
    note = _text(required=False, max_length=300)


class LogEntryInput(serializers.Serializer):
    text = _text()


class LogSignInput(serializers.Serializer):
    summary = _text(required=False, default="")


class LogCheckInput(serializers.Serializer):
    findings = _text()


class IncidentCreateInput(serializers.Serializer):
    """`POST duty/incidents/`: recorded at once by whoever is on duty; a mass complaint may name the area outage."""

    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    title = _text(max_length=100)
    started_at = DutyMomentField()
    description = _text()
    actions = _text(required=False, default="")
    outage = serializers.IntegerField(**ID, required=False, allow_null=True, default=None)


class IncidentUpdateInput(serializers.Serializer):
    """`PATCH duty/incidents/{id}/`: what was done, the fault report, the post-incident report, the end."""

    actions = _text(required=False)
    fault_report = _text(required=False)
    losses = _text(required=False)
    cause = _text(required=False)
    responsibility = _text(required=False)
    ended_at = DutyMomentField(required=False)


class NoticeInput(serializers.Serializer):
    notified = _text(max_length=100, help_text="who was told (the supervisor, the technical unit, 110 …)")
    channel = serializers.ChoiceField(choices=NoticeChannel.choices)
    at = DutyMomentField()


# --- output ------------------------------------------------------------------------------------------------------


class DutyStaffOut(serializers.Serializer):
    id = serializers.IntegerField()
    agent_number = serializers.CharField(allow_null=True)
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.display_name or obj.get_full_name() or obj.username


class ShiftOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_at = serializers.TimeField(format="%H:%M")
    ends_at = serializers.TimeField(format="%H:%M")
    order = serializers.IntegerField()
    crosses_midnight = serializers.BooleanField(help_text="it ends the next day")


class ShiftRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RotaEntryOut(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    shift = ShiftRefOut()
    agent = DutyStaffOut()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    cancelled_at = serializers.DateTimeField(allow_null=True)


class RotaPersonOut(serializers.Serializer):
    entry = serializers.IntegerField(source="id")
    agent = DutyStaffOut()


class RotaCellOut(serializers.Serializer):
    shift = serializers.IntegerField()
    people = RotaPersonOut(many=True)


class RotaDayOut(serializers.Serializer):
    day = serializers.DateField()
    cells = RotaCellOut(many=True)


class RotaMonthOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    shifts = ShiftOut(many=True)
    days = RotaDayOut(many=True)


class RotaMonthSavedOut(serializers.Serializer):
    added = serializers.IntegerField()
    removed = serializers.IntegerField()


class SwapOut(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=SwapState.choices)
    entry = RotaEntryOut()
    requester = DutyStaffOut()
    counterpart = DutyStaffOut()
    counterpart_entry = RotaEntryOut(allow_null=True)
    reason = serializers.CharField()
    requested_at = serializers.DateTimeField()
    decided_by = DutyStaffOut(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()


class HandoverItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    label = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    important = serializers.BooleanField()
    dealt_with = serializers.BooleanField()
    note = serializers.CharField()
    ticket = serializers.CharField(source="ticket.number", allow_null=True, default=None)
    complaint = serializers.CharField(source="complaint.number", allow_null=True, default=None)
    callback = serializers.IntegerField(source="callback_id", allow_null=True)
    incident = serializers.IntegerField(source="incident_id", allow_null=True)


class HandoverOut(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    shift = ShiftRefOut()
    outgoing = DutyStaffOut()
    incoming = DutyStaffOut()
    state = serializers.ChoiceField(choices=HandoverState.choices)
    started_at = serializers.DateTimeField()
    next_shift_ends_at = serializers.DateTimeField()
    equipment_checked = serializers.BooleanField()
    outgoing_signed_at = serializers.DateTimeField(allow_null=True)
    incoming_signed_at = serializers.DateTimeField(allow_null=True)
    lead = DutyStaffOut(allow_null=True)
    lead_signed_at = serializers.DateTimeField(allow_null=True)


class HandoverDetailOut(HandoverOut):
    equipment_notes = serializers.CharField()
    notes = serializers.CharField()
    lead_note = serializers.CharField()
    items = HandoverItemOut(many=True, source="item_list")


class DutyLogOut(serializers.Serializer):
    day = serializers.DateField()
    signed_by = DutyStaffOut(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    summary = serializers.CharField()
    entries = serializers.IntegerField(source="entry_count")
    checks = serializers.IntegerField(source="check_count")


class DutyLogEntryOut(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    author = DutyStaffOut()
    text = serializers.CharField()


class DutyLogCheckOut(serializers.Serializer):
    id = serializers.IntegerField()
    checked_by = DutyStaffOut()
    checked_at = serializers.DateTimeField()
    findings = serializers.CharField()


class DutyLogDetailOut(serializers.Serializer):
    """One day's log; a day nobody wrote in yet shows empty and unsigned."""

    day = serializers.DateField()
    signed_by = DutyStaffOut(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    summary = serializers.CharField()
    entries = DutyLogEntryOut(many=True)
    checks = DutyLogCheckOut(many=True)


class LogCoverageOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    logs = serializers.IntegerField(help_text="duty logs of the month")
    checked = serializers.IntegerField(help_text="of them checked by a supervisor")
    share = serializers.FloatField(help_text="per cent checked")
    target = serializers.IntegerField(help_text="per cent to check (seed 003: 20)")
    met = serializers.BooleanField()


class IncidentOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=IncidentState.choices)
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    reported_by = DutyStaffOut()
    reported_at = serializers.DateTimeField()
    closed_by = DutyStaffOut(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    outage = serializers.CharField(source="outage.number", allow_null=True, default=None)


class IncidentNoticeOut(serializers.Serializer):
    id = serializers.IntegerField()
    notified = serializers.CharField()
    channel = serializers.ChoiceField(choices=NoticeChannel.choices)
    at = serializers.DateTimeField()
    recorded_by = DutyStaffOut()
    recorded_at = serializers.DateTimeField()


class IncidentDetailOut(IncidentOut):
    description = serializers.CharField()
    actions = serializers.CharField()
    fault_report = serializers.CharField()
    losses = serializers.CharField()
    cause = serializers.CharField()
    responsibility = serializers.CharField()
    notices = IncidentNoticeOut(many=True, source="notice_list")
    tickets = serializers.ListField(child=serializers.CharField(), source="ticket_numbers")
    complaints = serializers.ListField(child=serializers.CharField(), source="complaint_numbers")
