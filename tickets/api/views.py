"""Tickets and stations over the API (SPEC §7, T-1 … T-7): thin views, one service call each."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from csc.api import IdempotentMixin
from csc.pagination import CursorPagination
from csc.permissions import ActionPermission, access_or_404, scope
from tickets import services
from tickets.actions import ACTION_SPECS, run_action
from tickets.api.serializers import (
    RouteSerializer,
    StationSerializer,
    TicketCreateSerializer,
    TicketDetailSerializer,
    TicketSerializer,
)
from tickets.filters import TicketFilter
from tickets.models import Station, Ticket
from tickets.selectors import access_ticket, tickets_for_list

ACTION_PATTERN = "|".join(ACTION_SPECS)
ACTION_INPUT = PolymorphicProxySerializer(  # for the schema: the body is the input of the action in the path
    component_name="TicketActionInput",
    serializers=list(dict.fromkeys(spec.input for spec in ACTION_SPECS.values())),
    resource_type_field_name=None,
)


class TicketViewSet(IdempotentMixin, viewsets.GenericViewSet):
    """`POST tickets/` opens a routed ticket; `POST tickets/{number}/{action}/` moves it along (T-4)."""

    pagination_class = CursorPagination  # newest first, no COUNT(*) over a million tickets
    permission_classes = [ActionPermission]
    required_perms = {
        "list": "tickets.view_ticket",
        "retrieve": "tickets.view_ticket",
        "create": "tickets.add_ticket",
        "step": "tickets.view_ticket",  # the service checks the action's own permission
        "route": "tickets.view_routing",
    }
    serializer_class = TicketSerializer
    lookup_field = "number"
    filter_backends: list = []
    queryset = Ticket.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("station", str, description="station code or id"),
            OpenApiParameter("status", str, description="one status, or several comma-separated"),
            OpenApiParameter("category", str),
            OpenApiParameter("date_from", str, description="YYYY-MM-DD, created on or after (Asia/Shanghai)"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD, created on or before"),
            OpenApiParameter("late", bool, description="only tickets past a T-5 limit now"),
            OpenApiParameter("q", str, description="number, phone digits or part of the address"),
        ]
    )
    def list(self, request):
        filterset = TicketFilter(request.query_params, queryset=tickets_for_list(user=request.user))
        page = self.paginate_queryset(filterset.qs_or_400())
        return self.get_paginated_response(TicketSerializer(page, many=True).data)

    @extend_schema(responses=TicketDetailSerializer)
    def retrieve(self, request, number=None):
        ticket = access_ticket(user=request.user, number=number)
        ticket = (
            Ticket.objects.prefetch_related("events__actor", "events__station")
            .select_related("station", "created_by")
            .get(pk=ticket.pk)
        )
        return Response(TicketDetailSerializer(ticket).data)

    @extend_schema(request=TicketCreateSerializer, responses={201: TicketDetailSerializer})
    def create(self, request):
        serializer = TicketCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = services.ticket_create(actor=request.user, **serializer.validated_data)
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="tickets_step", request=ACTION_INPUT, responses=TicketSerializer)
    @action(detail=True, methods=["post"], url_path=f"(?P<step_name>{ACTION_PATTERN})")
    def step(self, request, number=None, step_name=None):
        ticket = access_ticket(user=request.user, number=number)
        ticket = run_action(step_name, ticket=ticket, actor=request.user, data=request.data)
        return Response(TicketSerializer(ticket).data)

    @extend_schema(
        operation_id="tickets_route",
        parameters=[OpenApiParameter("address", str, required=True)],
        responses=RouteSerializer,
    )
    @action(detail=False, methods=["get"])
    def route(self, request):
        """Which station covers an address (T-3): exact, none, or the candidates."""
        address = request.query_params.get("address", "")
        if not address.strip():
            raise ValidationError({"address": ["This field is required."]})
        return Response(RouteSerializer(services.route_preview(address=address)).data)


class StationViewSet(IdempotentMixin, viewsets.GenericViewSet):
    """`GET/POST stations/`: stations with their service areas; creating and changing is for supervisors (T-1)."""

    permission_classes = [ActionPermission]
    required_perms = {
        "list": "tickets.view_station",
        "retrieve": "tickets.view_station",
        "create": "tickets.add_station",
    }
    serializer_class = StationSerializer
    filter_backends: list = []
    queryset = Station.objects.none()

    def get_queryset(self):
        return scope(self.request.user, Station.objects.all()).prefetch_related("areas").order_by("sort_order", "name")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(StationSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        station = access_or_404(request.user, "tickets.view_station", self.get_queryset(), pk=pk)
        return Response(StationSerializer(station).data)

    @extend_schema(request=StationSerializer, responses={201: StationSerializer})
    def create(self, request):
        serializer = StationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        areas = data.pop("areas", [])
        station = services.station_create(actor=request.user, areas=areas, **data)
        return Response(
            StationSerializer(Station.objects.prefetch_related("areas").get(pk=station.pk)).data, status=201
        )
