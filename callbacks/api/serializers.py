"""Callback input and output shapes for the API. The answers are checked by `services.clean_answers`, the same rules
as the survey page: here they only arrive as plain values (a yes/no, a word, a number)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from callbacks.choices import OPEN_STATUSES, Attitude, Outcome
from callbacks.workflow import MACHINE

TEXT_MAX_LENGTH = 2000
ANSWERS = (
    "solved",
    "attitude",
    "fee_charged",
    "score",
    "suggestion",
    "heating_fee_unpaid",
    "fee_reminder_read",
    "handling",
)
RECORD_OUTCOMES = [
    (Outcome.DONE.value, Outcome.DONE.label),
    (Outcome.NOT_REACHED.value, Outcome.NOT_REACHED.label),
    (Outcome.NOT_CONVENIENT.value, Outcome.NOT_CONVENIENT.label),
]


class _Answer(serializers.Field):
    """One answer as given (a word, a number, true/false); the service says whether it is a valid answer."""

    default_error_messages = {"invalid": _("Not a valid value.")}

    def to_internal_value(self, data):
        if not isinstance(data, str | int | float | bool):
            self.fail("invalid")
        if isinstance(data, str) and len(data) > 40:
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoAnswer(_Answer):
    pass


@extend_schema_field(OpenApiTypes.STR)
class AttitudeAnswer(_Answer):
    """One of Attitude's values (satisfied, average, unsatisfied)."""


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 10})
class ScoreAnswer(_Answer):
    pass


class RecordInput(serializers.Serializer):
    """`POST callbacks/`: one call to the resident (K-5): the survey done, not reached, or not convenient now."""

    callback = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    outcome = serializers.ChoiceField(choices=RECORD_OUTCOMES)
    solved = YesNoAnswer(required=False, allow_null=True, default=None)
    attitude = AttitudeAnswer(required=False, allow_null=True, default=None, help_text=", ".join(Attitude.values))
    fee_charged = YesNoAnswer(required=False, allow_null=True, default=None)
    score = ScoreAnswer(required=False, allow_null=True, default=None)
    suggestion = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, allow_null=True, default=""
    )
    heating_fee_unpaid = YesNoAnswer(required=False, allow_null=True, default=None)
    fee_reminder_read = YesNoAnswer(required=False, allow_null=True, default=None)
    handling = AttitudeAnswer(required=False, allow_null=True, default=None, help_text=", ".join(Attitude.values))
    appointment_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        """Each outcome takes its own fields: answers only with a survey done, a time only with an appointment."""
        errors: dict[str, list[str]] = {}
        outcome = attrs["outcome"]
        if outcome != Outcome.DONE:
            for field in ANSWERS:
                if attrs.get(field) not in (None, "", False):
                    errors[field] = [str(_("Answers are recorded only with the outcome “done”."))]
        if outcome != Outcome.NOT_CONVENIENT and attrs.get("appointment_at") is not None:
            errors["appointment_at"] = [str(_("An appointment goes with the outcome “not_convenient”."))]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["suggestion"] = attrs.get("suggestion") or ""
        return attrs

    def answers(self) -> dict:
        return {field: self.validated_data.get(field) for field in ANSWERS}


class AssignInput(serializers.Serializer):
    """`POST callbacks/{id}/assign/`: to a member of staff by id, or back to the team's queue with null."""

    assignee = serializers.IntegerField(min_value=1, max_value=2**31 - 1, allow_null=True)


class GiveUpInput(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH)


class CallbackStaffOut(serializers.Serializer):
    id = serializers.IntegerField()
    agent_number = serializers.CharField(allow_null=True)
    name = serializers.CharField(source="__str__")


class CallbackOut(serializers.Serializer):
    """A callback as the queue shows it: the resident's name and phone masked (X-3); `actions` what the caller may do
    now (the state machine's `available`)."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    matter = serializers.CharField(source="matter_number")
    ticket = serializers.CharField(source="ticket.number", allow_null=True, default=None)
    complaint = serializers.CharField(source="complaint.number", allow_null=True, default=None)
    resident = serializers.CharField(source="name_masked")
    phone = serializers.CharField(source="phone_masked")
    station = serializers.CharField(source="station.code", allow_null=True, default=None)
    station_name = serializers.CharField(source="station.name", allow_null=True, default=None)
    technician = serializers.CharField()
    team = serializers.IntegerField(source="team_id", allow_null=True)
    team_name = serializers.CharField(source="team.name", allow_null=True, default=None)
    assignee = CallbackStaffOut(allow_null=True)
    created_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField()
    queue_at = serializers.DateTimeField()
    appointment_at = serializers.DateTimeField(allow_null=True)
    attempts = serializers.IntegerField()
    late = serializers.SerializerMethodField()
    ready = serializers.SerializerMethodField()
    done_at = serializers.DateTimeField(allow_null=True)
    done_by = CallbackStaffOut(allow_null=True)
    solved = serializers.BooleanField(allow_null=True)
    attitude = serializers.CharField()
    fee_charged = serializers.BooleanField(allow_null=True)
    score = serializers.IntegerField(allow_null=True)
    suggestion = serializers.CharField()
    heating_fee_unpaid = serializers.BooleanField(allow_null=True)
    fee_reminder_read = serializers.BooleanField()
    handling = serializers.CharField()
    give_up_reason = serializers.CharField()
    follow_up_ticket = serializers.CharField(source="follow_up_ticket.number", allow_null=True, default=None)
    follow_up_complaint = serializers.CharField(source="follow_up_complaint.number", allow_null=True, default=None)
    actions = serializers.SerializerMethodField()

    def _now(self):
        return self.context.setdefault("now", timezone.now())

    def get_late(self, obj) -> bool:
        return obj.status in OPEN_STATUSES and obj.deadline_at < self._now()

    def get_ready(self, obj) -> bool:
        return obj.status in OPEN_STATUSES and obj.queue_at <= self._now()

    def get_actions(self, obj) -> list[str]:
        user = self.context.get("user")
        return [t.name for t in MACHINE.available(obj, user)] if user is not None else []
