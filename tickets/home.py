"""The home-page panels of repair stations: a station's own card, the stations table and the shortcuts."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from csc.home import Figure, Panel, register
from csc.permissions import scope
from tickets.choices import AT_STATION, Status
from tickets.models import ServiceArea, Station, Ticket
from tickets.selectors import late_condition


def _own_station(user) -> dict:
    """The station's card, and its work in three figures: new tickets to accept, in progress, late now."""
    station = scope(user, Station.objects.all()).first()
    areas = list(scope(user, ServiceArea.objects.filter(is_active=True))[:50]) if station else []
    if station is None:
        return {"station": None, "areas": []}
    counts = scope(user, Ticket.objects.filter(status__in=AT_STATION)).aggregate(
        new=Count("pk", filter=Q(status=Status.DISPATCHED)),
        in_progress=Count("pk", filter=~Q(status=Status.DISPATCHED)),
        late=Count("pk", filter=late_condition(moment=timezone.now())),
    )
    queue = reverse("tickets:station_view")
    figures = [
        Figure(counts["new"], pgettext_lazy("home figure", "new tickets to accept"), queue),
        Figure(counts["in_progress"], pgettext_lazy("home figure", "tickets in progress"), queue),
        Figure(counts["late"], pgettext_lazy("home figure", "late now"), queue),
    ]
    return {"station": station, "areas": areas, "figures": figures}


def _stations(user) -> dict:
    stations = list(
        Station.objects.annotate(area_count=Count("areas", filter=Q(areas__is_active=True))).order_by(
            "sort_order", "name"
        )  # GROUP BY drops Meta.ordering
    )
    return {"stations": stations, "figures": [Figure(len(stations), pgettext_lazy("home figure", "repair stations"))]}


def register_panels() -> None:
    register(
        Panel("tickets.own_station", frozenset({Role.STATION_STAFF}), 10, "tickets/home/_station.html", _own_station)
    )
    register(
        Panel(
            "tickets.stations",
            frozenset({Role.SUPERVISOR, Role.GM_OFFICE}),
            2,
            "tickets/home/_stations.html",
            _stations,
        )
    )
    register(Panel("tickets.shortcuts", frozenset({Role.AGENT, Role.TEAM_LEAD}), 30, "tickets/home/_shortcuts.html"))
