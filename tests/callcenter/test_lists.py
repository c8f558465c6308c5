"""D-2 on the call list and the consultation list: sort by each column, count, export the filtered rows (numbers and
names masked for an agent, in full for a supervisor), every export recorded (P-1), constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from callcenter.models import Consultation
from compliance.models import ExportRecord
from csc import navigation
from tests import lists
from tests.callcenter.factories import CallFactory
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

CALLS = "/callcenter/calls/"
CONSULTATIONS = "/callcenter/consultations/"
CALL_KEYS = ["created", "direction", "agent", "status", "ringing", "type"]
CONSULTATION_KEYS = ["created", "agent", "standard_answer"]


@pytest.fixture
def calls(agent, other_agent):
    return [
        CallFactory(agent=agent, caller_number="13812345678", summary="=1+2"),
        CallFactory(agent=agent, ring_seconds=30),
        CallFactory(agent=other_agent),
    ]


def test_d2_the_call_list_sorts_by_every_column_and_says_how_many(client, supervisor, agent, calls):
    client.force_login(supervisor)

    lists.sorts_by_every_column(client, CALLS, CALL_KEYS)
    lists.refuses_a_bad_sort_with_a_message(client, CALLS)
    lists.shows_the_count(client.get(CALLS, {"agent": agent.pk}), 2)
    slowest = client.get(CALLS, {"sort": "-ringing"}).context["page"].object_list[0]
    assert slowest.ring_seconds == 30


def test_d2_a_bad_sort_is_a_400_in_the_call_api(api_as, supervisor, calls):
    response = api_as(supervisor).get("/api/v1/calls/", {"sort": "caller_number"})

    assert response.status_code == 400 and list(response.json()) == ["sort"]


def test_d2_the_call_export_is_masked_for_an_agent_in_full_for_a_supervisor(client, agent, supervisor, calls):
    client.force_login(agent)  # an agent sees (and exports) the calls they took
    _sheet, lines = lists.exports_exactly(client, CALLS, {}, rows=2, list_code="calls", user=agent)
    client.force_login(supervisor)
    _sheet, full = lists.exports_exactly(client, CALLS, {"agent": agent.pk}, rows=2, list_code="calls", user=supervisor)

    assert "138****5678" in [row[2] for row in lines[1:]] and "13812345678" not in str(lines)
    assert "'=1+2" in [row[11] for row in lines[1:]]
    assert "13812345678" in [row[2] for row in full[1:]]
    assert ExportRecord.objects.latest("id").personal_data_in_full is True


def test_d2_the_call_list_costs_constant_queries(client, supervisor, agent):
    CallFactory(agent=agent)
    client.force_login(supervisor)
    few = lists.queries_of(client, CALLS, {"sort": "agent"})
    for _ in range(15):
        CallFactory(agent=agent)

    assert lists.queries_of(client, CALLS, {"sort": "agent"}) == few


@pytest.fixture
def consultations(agent, other_agent):
    customer = CustomerFactory(name="王建华")
    call = CallFactory(agent=agent)
    return [
        Consultation.objects.create(agent=agent, customer=customer, call=call, question="=SUM(A1)", answer="已答复"),
        Consultation.objects.create(agent=agent, question="什么时候供暖？"),
        Consultation.objects.create(agent=other_agent, question="怎么缴费？"),
    ]


def test_d2_the_consultation_list_is_in_the_desk_menu_for_agents(agent):
    urls = [item["url"] for item in navigation.items_for(agent)]

    assert reverse("callcenter:consultation_list") in urls


def test_d2_an_agent_sees_the_own_consultations_a_supervisor_all(client, agent, supervisor, consultations):
    client.force_login(agent)
    own = client.get(CONSULTATIONS)
    client.force_login(supervisor)
    every = client.get(CONSULTATIONS)

    lists.shows_the_count(own, 2)
    lists.shows_the_count(every, 3)
    assert "王**" in own.content.decode() and "王建华" not in own.content.decode()


def test_d2_the_consultation_list_filters_sorts_and_exports(client, agent, supervisor, consultations):
    client.force_login(supervisor)

    lists.sorts_by_every_column(client, CONSULTATIONS, CONSULTATION_KEYS)
    lists.refuses_a_bad_sort_with_a_message(client, CONSULTATIONS)
    lists.shows_the_count(client.get(CONSULTATIONS, {"q": "缴费"}), 1)
    _sheet, full = lists.exports_exactly(
        client, CONSULTATIONS, {"agent": agent.pk}, rows=2, list_code="consultations", user=supervisor
    )
    client.force_login(agent)
    _sheet, masked = lists.exports_exactly(client, CONSULTATIONS, {}, rows=2, list_code="consultations", user=agent)

    assert "王建华" in [row[2] for row in full[1:]]
    assert "王**" in [row[2] for row in masked[1:]] and "王建华" not in str(masked)
    assert "'=SUM(A1)" in [row[3] for row in masked[1:]]


def test_d2_the_consultation_list_refuses_whom_it_should(client, station_user):
    client.force_login(station_user)

    assert client.get(CONSULTATIONS).status_code == 403


def test_d2_the_consultation_list_costs_constant_queries(client, supervisor, agent):
    customer = CustomerFactory()
    Consultation.objects.create(agent=agent, customer=customer, call=CallFactory(agent=agent), question="问")
    client.force_login(supervisor)
    few = lists.queries_of(client, CONSULTATIONS, {"sort": "standard_answer"})
    for n in range(12):
        Consultation.objects.create(
            agent=agent, customer=CustomerFactory(), call=CallFactory(agent=agent), question=f"问{n}"
        )

    assert lists.queries_of(client, CONSULTATIONS, {"sort": "standard_answer"}) == few
