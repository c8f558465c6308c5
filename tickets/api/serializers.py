"""Ticket and station API shapes (SPEC §7): input serializers validate, services decide."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from tickets.choices import Category, Severity, Status
from tickets.models import ServiceArea, Station, Ticket, TicketEvent


class TicketCreateSerializer(serializers.Serializer):
    # plain strings (validated by the service) so the schema's enum names do not collide with other apps'
    category = serializers.CharField(max_length=20, help_text=", ".join(Category.values))
    address = serializers.CharField(max_length=200)
    caller_name = serializers.CharField(max_length=60)
    caller_phone = serializers.CharField(max_length=40)
    fault_location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    severity = serializers.CharField(
        max_length=10, required=False, default=Severity.NORMAL, help_text=", ".join(Severity.values)
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
    confirmed_content = serializers.BooleanField(default=False)
    confirmed_address = serializers.BooleanField(default=False)
    confirmed_name = serializers.BooleanField(default=False)
    confirmed_phone = serializers.BooleanField(default=False)
    station = serializers.SlugRelatedField(
        slug_field="code", queryset=Station.objects.all(), required=False, allow_null=True, default=None
    )
    override_reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    call = serializers.IntegerField(required=False, allow_null=True, default=None)

    def validate_call(self, value):
        if value is None:
            return None
        calls = Ticket._meta.get_field("call").related_model.objects  # the call centre's, reached through the link
        call = calls.filter(pk=value).first()
        if call is None:
            raise serializers.ValidationError(pgettext_lazy("repair", "No such call."))
        return call


# The input of each lifecycle action (tickets/actions.py pairs each with its service); the services check what
# each action needs, so the messages are the same from the page and the API.


class TicketDispatchInput(serializers.Serializer):
    station = serializers.SlugRelatedField(
        slug_field="code", queryset=Station.objects.all(), required=False, allow_null=True, default=None
    )
    override_reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TicketAcceptInput(serializers.Serializer):
    technician = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class TicketRejectInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class TicketNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TicketContactInput(TicketNoteInput):
    promised_arrival_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class TicketCompleteInput(serializers.Serializer):
    result = serializers.CharField(required=False, allow_blank=True, default="")
    fee_charged = serializers.BooleanField(required=False, allow_null=True, default=None)
    fee_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    technician = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class TicketEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    station = serializers.CharField(source="station.code", default=None)

    class Meta:
        model = TicketEvent
        fields = ["action", "from_status", "to_status", "station", "actor", "at", "note"]


class TicketSerializer(serializers.ModelSerializer):
    """A ticket as the API shows it: personal data masked (X-3)."""

    station = serializers.CharField(source="station.code", default=None)
    caller_name = serializers.CharField(source="caller_name_masked")
    caller_phone = serializers.CharField(source="caller_phone_masked")
    address = serializers.CharField(source="address_masked")
    created_by = serializers.CharField(source="created_by.username")
    status = serializers.CharField(help_text=", ".join(Status.values))
    category = serializers.CharField()
    severity = serializers.CharField()
    route_outcome = serializers.CharField()

    class Meta:
        model = Ticket
        fields = [
            "number",
            "status",
            "category",
            "severity",
            "fault_location",
            "address",
            "caller_name",
            "caller_phone",
            "station",
            "route_outcome",
            "route_overridden",
            "created_by",
            "created_at",
            "dispatched_at",
            "accepted_at",
            "contacted_at",
            "arrived_at",
            "completed_at",
            "called_back_at",
            "closed_at",
            "accept_due_at",
            "contact_due_at",
            "arrive_due_at",
            "finish_due_at",
            "technician",
            "result",
            "fee_charged",
            "fee_amount",
        ]


class TicketDetailSerializer(TicketSerializer):
    events = TicketEventSerializer(many=True, read_only=True)

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "description", "override_reason", "reject_count", "events"]


class ServiceAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceArea
        fields = ["id", "district", "street", "community", "building_from", "building_to", "is_active"]

    def validate(self, attrs):
        first, last = attrs.get("building_from"), attrs.get("building_to")
        if (first is None) != (last is None):
            raise serializers.ValidationError({"building_to": [_("Give both first and last building, or neither.")]})
        if first is not None and last < first:
            raise serializers.ValidationError({"building_to": [_("The last building cannot be below the first.")]})
        return attrs


class StationSerializer(serializers.ModelSerializer):
    areas = ServiceAreaSerializer(many=True, required=False)

    class Meta:
        model = Station
        fields = ["id", "name", "code", "phone", "duty_mobile", "is_active", "sort_order", "areas"]


class RouteSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    station = serializers.CharField(source="station.code", default=None)
    message = serializers.CharField()
    community = serializers.CharField()
    building = serializers.IntegerField(allow_null=True)
    candidates = serializers.SerializerMethodField()

    def get_candidates(self, route) -> list[dict]:
        return [
            {
                "station": c.station.code,
                "station_name": c.station.name,
                "district": c.area.district,
                "community": c.area.community,
                "buildings": c.area.buildings_label,
            }
            for c in route.candidates
        ]
