"""Repair stations over the API (read-only here; the tickets issue adds tickets)."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from csc.permissions import ActionPermission, scope
from tickets.models import Station


class StationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Station
        fields = ["id", "name", "code", "phone", "duty_mobile", "is_active"]


class StationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ActionPermission]
    required_perms = {"list": "tickets.view_station", "retrieve": "tickets.view_station"}
    serializer_class = StationSerializer
    queryset = Station.objects.all()
    filterset_fields = ["is_active"]
    search_fields = ["name", "code"]
    ordering_fields = ["name", "sort_order"]

    def get_queryset(self):
        return scope(self.request.user, Station.objects.all())
