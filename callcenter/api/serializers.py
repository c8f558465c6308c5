from __future__ import annotations

import copy
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from callcenter.choices import CallEventType, HangupCause
from callcenter.models import Call, CallDirection, Recording
from customers import masking, phones

FUTURE_TOLERANCE = timedelta(minutes=5)  # clocks drift; an event further ahead is a mistake, not a call


def _phone(value: str) -> str:
    try:
        return phones.normalise(value)
    except phones.PhoneError:
        raise serializers.ValidationError(
            _("Not a phone number: %(value)s. Digits with +86, spaces, dashes or brackets are accepted.")
            % {"value": value[:40]}
        ) from None


class CallEventInputSerializer(serializers.Serializer):
    """One step of a call as a CTI pushes it: the telephony's call id, the step, the numbers, the agent's 工号.

    Its fields are flat (no nested serializers, no context), so each instance takes shallow copies of the
    declared ones instead of DRF's deep copy, a third of this serializer's cost at 300 events a second.
    """

    def get_fields(self):
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}

    external_id = serializers.CharField(max_length=100, help_text="The telephony's call id; every event repeats it.")
    event = serializers.ChoiceField(choices=CallEventType.choices)
    occurred_at = serializers.DateTimeField(required=False, help_text="When the step happened; default: now.")
    caller_number = serializers.CharField(max_length=40)
    called_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    direction = serializers.ChoiceField(choices=CallDirection.choices, default=CallDirection.INBOUND)
    agent_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    cause = serializers.ChoiceField(choices=HangupCause.choices, required=False, allow_blank=True, default="")

    def validate_external_id(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("The telephony's call id is required."))
        return value

    def validate_caller_number(self, value: str) -> str:
        return _phone(value)

    def validate_called_number(self, value: str) -> str:
        return _phone(value) if value.strip() else ""

    def validate_agent_number(self, value: str) -> str:
        return value.strip()

    def validate_occurred_at(self, value):
        if value > timezone.now() + FUTURE_TOLERANCE:
            raise serializers.ValidationError(_("This time is in the future; check the telephony's clock."))
        return value

    def validate(self, attrs):
        if attrs.get("cause") and attrs["event"] != CallEventType.HANGUP:
            raise serializers.ValidationError({"cause": [_("A cause is given only with a hang-up event.")]})
        if attrs["event"] in (CallEventType.RINGING, CallEventType.ANSWERED) and not attrs.get("agent_number"):
            raise serializers.ValidationError(
                {"agent_number": [_("Ringing and answered events name the agent's number (工号).")]}
            )
        return attrs


class CallSerializer(serializers.ModelSerializer):
    """A call as the API shows it: the caller's number masked (X-3)."""

    caller_number = serializers.SerializerMethodField()
    called_number = serializers.SerializerMethodField()
    agent = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "external_id",
            "direction",
            "source",
            "status",
            "caller_number",
            "called_number",
            "agent",
            "agent_number",
            "customer_id",
            "queued_at",
            "ringing_at",
            "answered_at",
            "ended_at",
            "ring_seconds",
            "hangup_cause",
            "call_type",
            "summary",
            "created_at",
        ]

    def get_caller_number(self, obj) -> str:
        return masking.mask_phone(obj.caller_number)

    def get_called_number(self, obj) -> str:
        return masking.mask_phone(obj.called_number)

    def get_agent(self, obj) -> str | None:
        return obj.agent.username if obj.agent_id else None


class CallEventResultSerializer(serializers.Serializer):
    """The call after one event. Declared fields, not a ModelSerializer: this answers 300 events a second, and
    introspecting the model on every response cost more than the rest of the serializer work together."""

    id = serializers.IntegerField()
    external_id = serializers.CharField()
    direction = serializers.CharField()
    status = serializers.CharField()
    caller_number = serializers.SerializerMethodField()
    agent_number = serializers.CharField()
    customer_id = serializers.IntegerField(allow_null=True)
    queued_at = serializers.DateTimeField(allow_null=True)
    ringing_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    ring_seconds = serializers.IntegerField(allow_null=True)
    hangup_cause = serializers.CharField()
    duplicate = serializers.BooleanField(help_text="True when this step was received before: nothing changed.")
    warnings = serializers.ListField(child=serializers.CharField())

    def get_caller_number(self, obj) -> str:
        return masking.mask_phone(obj.caller_number)

    def to_representation(self, call):
        """The same body as the declared fields give (tests/callcenter/test_call_events.py compares the two),
        built without instantiating fifteen field objects per event."""
        return {
            "id": call.id,
            "external_id": call.external_id,
            "direction": call.direction,
            "status": call.status,
            "caller_number": masking.mask_phone(call.caller_number),
            "agent_number": call.agent_number,
            "customer_id": call.customer_id,
            "queued_at": _iso(call.queued_at),
            "ringing_at": _iso(call.ringing_at),
            "answered_at": _iso(call.answered_at),
            "ended_at": _iso(call.ended_at),
            "ring_seconds": call.ring_seconds,
            "hangup_cause": call.hangup_cause,
            "duplicate": bool(call.duplicate),
            "warnings": [str(w) for w in call.warnings],
        }


def _iso(value) -> str | None:
    """A time as DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as Z."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class RecordingInputSerializer(serializers.Serializer):
    external_id = serializers.CharField(max_length=100)
    file = serializers.FileField(required=False, allow_empty_file=True, use_url=False)
    url = serializers.URLField(required=False, allow_blank=True, default="", max_length=500)
    duration_seconds = serializers.IntegerField(required=False, min_value=0, max_value=24 * 3600, allow_null=True)

    def validate_url(self, value: str) -> str:
        if value and not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError(_("Only http and https addresses."))
        return value

    def validate(self, attrs):
        if bool(attrs.get("file") is not None) == bool(attrs.get("url")):
            raise serializers.ValidationError({"file": [_("Send either a recording file or its URL.")]})
        return attrs


class RecordingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recording
        fields = ["id", "call_id", "url", "content_type", "size_bytes", "duration_seconds", "sha256", "created_at"]


class CallBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    direction = serializers.CharField()
    call_type = serializers.CharField()
    status = serializers.CharField()
    agent_number = serializers.CharField()
    summary = serializers.CharField()


class WorkItemSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    title = serializers.CharField()


class CallerMatchSerializer(serializers.Serializer):
    customer_id = serializers.IntegerField(source="customer.id")
    name = serializers.CharField()
    phones = serializers.ListField(child=serializers.CharField())
    addresses = serializers.ListField(child=serializers.CharField())
    is_corporate = serializers.BooleanField(source="customer.is_corporate")
    open_tickets = WorkItemSerializer(many=True)
    open_complaints = WorkItemSerializer(many=True)
    last_calls = CallBriefSerializer(many=True)


class CallerLookupSerializer(serializers.Serializer):
    number = serializers.SerializerMethodField()
    ambiguous = serializers.BooleanField(source="is_ambiguous")
    matches = CallerMatchSerializer(many=True)
    calls_from_number = CallBriefSerializer(many=True)

    def get_number(self, obj) -> str:
        return masking.mask_phone(obj.number)
