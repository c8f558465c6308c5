"""The home-page panels of repair stations: a station's own card, the stations table and the shortcuts."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from csc.home import Figure, Panel, register
from csc.permissions import scope
from tickets.models import ServiceArea, Station


def _own_station(user) -> dict:
    station = scope(user, Station.objects.all()).first()
    areas = list(scope(user, ServiceArea.objects.filter(is_active=True))[:50]) if station else []
    return {"station": station, "areas": areas}


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
