"""The demo area table (17 stations + the near-miss areas) as a fixture, and helpers to create tickets."""

from __future__ import annotations

import pytest

from tickets.demo import DISTRICT, EXTRA_AREAS, STATIONS
from tickets.models import ServiceArea, Station

READ_BACK = {"confirmed_content": True, "confirmed_address": True, "confirmed_name": True, "confirmed_phone": True}


@pytest.fixture
def demo_areas(db):
    """Every demo station and service area, keyed by station name."""
    stations = {}
    areas = []
    for order, (name, code, street, communities) in enumerate(STATIONS):
        station, _ = Station.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
        stations[name] = station
        for community, first, last in communities:
            areas.append(
                ServiceArea(
                    station=station,
                    district=DISTRICT,
                    street=street,
                    community=community,
                    building_from=first,
                    building_to=last,
                )
            )
    by_code = {s.code: s for s in stations.values()}
    for code, district, street, community, first, last in EXTRA_AREAS:
        areas.append(
            ServiceArea(
                station=by_code[code],
                district=district,
                street=street,
                community=community,
                building_from=first,
                building_to=last,
            )
        )
    for area in areas:
        area.fill_keys()
    ServiceArea.objects.bulk_create(areas)
    return stations


@pytest.fixture
def hongcheng(demo_areas):
    return demo_areas["宏城"]


@pytest.fixture
def ticket_input():
    """A valid intake for 宏城 (顺义区宏城花园)."""
    return {
        "category": "not_warm",
        "address": "顺义区宏城花园3号楼2单元501",
        "caller_name": "王建华",
        "caller_phone": "138 1234 5678",
        "fault_location": "卧室暖气片",
        "severity": "normal",
        **READ_BACK,
    }


@pytest.fixture
def hongcheng_user(demo_areas):
    """Staff of 宏城, the station that covers 宏城花园 (the ticket_input address)."""
    from accounts.roles import Role
    from tests.factories import UserFactory

    return UserFactory(
        username="hongcheng_staff", role=Role.STATION_STAFF, station=demo_areas["宏城"], agent_number=None
    )


@pytest.fixture
def yulong_user(demo_areas):
    """Staff of 裕龙: another station."""
    from accounts.roles import Role
    from tests.factories import UserFactory

    return UserFactory(username="yulong_staff", role=Role.STATION_STAFF, station=demo_areas["裕龙"], agent_number=None)
