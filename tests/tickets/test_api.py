"""SPEC §7 for tickets and stations: create, list with filters, detail by number, actions, 409, 404 not 403."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.tickets.factories import TicketFactory
from tickets import services
from tickets.models import ServiceArea, Station, Ticket

pytestmark = pytest.mark.django_db


def _create(client, data, **headers):
    return client.post("/api/v1/tickets/", data, format="json", **headers)


def test_api_create_returns_number_station_and_status(api_as, integration, demo_areas, ticket_input):
    response = _create(api_as(integration), ticket_input)

    assert response.status_code == 201
    body = response.json()
    assert body["number"].startswith("BX")
    assert (body["station"], body["status"]) == ("hongcheng", "dispatched")
    assert body["caller_phone"] == "138****5678"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"caller_phone": "138abcd5678"}, "caller_phone"),
        ({"address": "顺义区和平小区3号楼"}, "address"),
        ({"station": "nowhere", "override_reason": "x"}, "station"),
        ({"category": "boiler"}, "category"),
        ({"confirmed_name": False}, "confirmed_name"),
        ({"station": "yulong"}, "override_reason"),
        ({"call": 999999}, "call"),
    ],
)
def test_api_bad_input_is_400_per_field_and_saves_nothing(api_as, agent, demo_areas, ticket_input, change, field):
    response = _create(api_as(agent), {**ticket_input, **change})

    assert response.status_code == 400
    assert field in response.json()
    assert Ticket.objects.count() == 0


def test_api_idempotency_key_replays_the_first_response(api_as, agent, demo_areas, ticket_input):
    client = api_as(agent)
    first = _create(client, ticket_input, HTTP_IDEMPOTENCY_KEY="call-77")
    second = _create(client, ticket_input, HTTP_IDEMPOTENCY_KEY="call-77")
    other = _create(client, {**ticket_input, "caller_name": "李四"}, HTTP_IDEMPOTENCY_KEY="call-77")

    assert first.status_code == second.status_code == 201
    assert second.json()["number"] == first.json()["number"]
    assert second["Idempotent-Replayed"] == "true"
    assert other.status_code == 422
    assert Ticket.objects.count() == 1


def test_api_actions_move_the_ticket_and_illegal_ones_are_409(api_as, agent, hongcheng_user, demo_areas, ticket_input):
    number = _create(api_as(agent), ticket_input).json()["number"]
    station_api = api_as(hongcheng_user)

    assert (
        station_api.post(f"/api/v1/tickets/{number}/complete/", {"result": "x", "fee_charged": False}).status_code
        == 409
    )
    assert (
        station_api.post(f"/api/v1/tickets/{number}/accept/", {"technician": "孙师傅"}).json()["status"] == "accepted"
    )
    assert station_api.post(f"/api/v1/tickets/{number}/contact/", {}).json()["status"] == "contacted"
    bad_fee = station_api.post(
        f"/api/v1/tickets/{number}/complete/", {"result": "修好", "fee_charged": False, "fee_amount": "5"}
    )
    negative = station_api.post(
        f"/api/v1/tickets/{number}/complete/", {"result": "修好", "fee_charged": True, "fee_amount": "-5"}
    )
    done = station_api.post(
        f"/api/v1/tickets/{number}/complete/", {"result": "修好", "fee_charged": True, "fee_amount": "30"}
    )

    assert bad_fee.status_code == 400 and "fee_amount" in bad_fee.json()
    assert negative.status_code == 400 and "fee_amount" in negative.json()
    assert done.status_code == 200 and done.json()["fee_amount"] == "30.00"
    conflict = api_as(agent).post(f"/api/v1/tickets/{number}/close/", {})
    assert conflict.status_code == 409
    assert "cannot" in conflict.json()["detail"] or conflict.json()["detail"]


def test_api_unknown_action_is_404(api_as, agent, demo_areas, ticket_input):
    number = _create(api_as(agent), ticket_input).json()["number"]

    assert api_as(agent).post(f"/api/v1/tickets/{number}/explode/", {}).status_code == 404


def test_t7_api_another_stations_ticket_is_404_and_unchanged(api_as, yulong_user, agent, demo_areas, ticket_input):
    number = _create(api_as(agent), ticket_input).json()["number"]
    client = api_as(yulong_user)

    assert client.get(f"/api/v1/tickets/{number}/").status_code == 404
    assert client.post(f"/api/v1/tickets/{number}/accept/", {}).status_code == 404
    assert Ticket.objects.get(number=number).status == "dispatched"
    assert client.get("/api/v1/tickets/").json()["results"] == []


def test_api_permissions_matrix(api, api_as, gm, integration, station_user, demo_areas, ticket_input):
    assert api.get("/api/v1/tickets/").status_code in (401, 403)
    assert _create(api_as(gm), ticket_input).status_code == 403
    assert _create(api_as(station_user), ticket_input).status_code == 403
    assert api_as(gm).get("/api/v1/tickets/").status_code == 200
    assert Ticket.objects.count() == 0


def test_api_detail_by_number_shows_the_history(api_as, agent, demo_areas, ticket_input):
    number = _create(api_as(agent), ticket_input).json()["number"]

    body = api_as(agent).get(f"/api/v1/tickets/{number}/").json()

    assert [e["action"] for e in body["events"]] == ["create", "dispatch"]


def test_api_list_filters_by_station_status_category_date_and_late(api_as, supervisor, demo_areas):
    hongcheng, yulong = demo_areas["宏城"], demo_areas["裕龙"]
    now = timezone.now()
    late = TicketFactory(station=hongcheng, accept_due_at=now - timedelta(minutes=1), category="leak")
    TicketFactory(station=hongcheng, accept_due_at=now + timedelta(minutes=10))
    TicketFactory(station=yulong, status="accepted", created_at=now - timedelta(days=3))
    client = api_as(supervisor)

    def numbers(query):
        return {t["number"] for t in client.get(f"/api/v1/tickets/?{query}").json()["results"]}

    assert len(numbers("station=hongcheng")) == 2
    assert len(numbers(f"station={yulong.pk}")) == 1
    assert len(numbers("status=accepted")) == 1
    assert numbers("category=leak") == {late.number}
    assert numbers("late=1") == {late.number}
    assert len(numbers(f"date_from={(now - timedelta(days=1)).date()}")) == 2
    assert client.get("/api/v1/tickets/?date_from=yesterday").status_code == 400


def _count(call) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def test_api_list_costs_constant_queries(api_as, supervisor, demo_areas):
    client = api_as(supervisor)
    TicketFactory.create_batch(3, station=demo_areas["宏城"])
    client.get("/api/v1/tickets/")  # the first request reads the token's user and permissions (then kept)
    few = _count(lambda: client.get("/api/v1/tickets/"))
    TicketFactory.create_batch(30, station=demo_areas["裕龙"])
    client.get("/api/v1/tickets/")  # the factories saved users: the token's user is read again, once

    assert _count(lambda: client.get("/api/v1/tickets/?late=1")) <= few
    assert _count(lambda: client.get("/api/v1/tickets/")) == few <= 6


def test_api_create_costs_a_constant_number_of_queries(api_as, agent, demo_areas, ticket_input):
    client = api_as(agent)
    _create(client, ticket_input)
    _create(client, ticket_input)
    first = _count(lambda: _create(client, ticket_input))
    for _ in range(5):
        _create(client, ticket_input)

    # no more queries with more rows (one fewer once the cluster of calls has proposed an outage, T-8)
    assert _count(lambda: _create(client, ticket_input)) <= first <= 17
    assert _count(lambda: _create(client, ticket_input, HTTP_IDEMPOTENCY_KEY="k1")) <= first + 4
    print(f"API ticket create: {first} queries")  # noqa: T201


def test_api_route_answers_exact_none_and_candidates(api_as, agent, demo_areas):
    client = api_as(agent)

    exact = client.get("/api/v1/tickets/route/", {"address": "站前街小区13号楼"}).json()
    ambiguous = client.get("/api/v1/tickets/route/", {"address": "站前街小区"}).json()
    none = client.get("/api/v1/tickets/route/", {"address": "和平小区1号楼"}).json()

    assert (exact["outcome"], exact["station"]) == ("exact", "yulong")
    assert ambiguous["outcome"] == "ambiguous"
    assert {c["station"] for c in ambiguous["candidates"]} == {"hongcheng", "yulong"}
    assert (none["outcome"], none["station"]) == ("none", None)
    assert client.get("/api/v1/tickets/route/").status_code == 400


def test_api_stations_supervisor_creates_a_station_with_areas(api_as, supervisor, agent, db):
    payload = {
        "name": "新城",
        "code": "xincheng",
        "phone": "010-1",
        "areas": [{"district": "顺义区", "community": "新城小区", "building_from": 1, "building_to": 9}],
    }

    assert api_as(agent).post("/api/v1/stations/", payload, format="json").status_code == 403
    response = api_as(supervisor).post("/api/v1/stations/", payload, format="json")

    assert response.status_code == 201
    assert response.json()["areas"][0]["community"] == "新城小区"
    assert services.route_preview(address="新城小区3号楼").station.code == "xincheng"
    bad = api_as(supervisor).post(
        "/api/v1/stations/",
        {
            **payload,
            "code": "x2",
            "name": "x2",
            "areas": [{"district": "顺义区", "community": "y", "building_from": 5, "building_to": 1}],
        },
        format="json",
    )
    assert bad.status_code == 400
    assert Station.objects.filter(code="x2").count() == 0
    assert ServiceArea.objects.filter(community="y").count() == 0


def test_api_stations_list_includes_areas_and_is_scoped_for_station_staff(api_as, hongcheng_user, demo_areas):
    body = api_as(hongcheng_user).get("/api/v1/stations/").json()

    assert [s["code"] for s in body["results"]] == ["hongcheng"]
    assert {a["community"] for a in body["results"][0]["areas"]} == {"宏城花园", "站前街小区", "双兴南区"}
