"""K-1: agents see the calls they took, leads and supervisors all; filters; constant query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from callcenter.models import Recording
from tests.callcenter.factories import CallFactory

pytestmark = pytest.mark.django_db
LIST = reverse("callcenter:call_list")


@pytest.fixture
def calls(agent, other_agent):
    now = timezone.now()
    mine_late = CallFactory(agent=agent, ring_seconds=20, call_type="repair")
    mine_fast = CallFactory(agent=agent, ring_seconds=3, call_type="consultation")
    theirs = CallFactory(agent=other_agent, ring_seconds=2, call_type="repair")
    old = CallFactory(agent=agent, ring_seconds=5, call_type="praise", created_at=now - timedelta(days=40))
    Recording.objects.create(call=mine_fast, url="https://pbx.local/1.mp3", uploaded_by=agent)
    return {"mine_late": mine_late, "mine_fast": mine_fast, "theirs": theirs, "old": old}


def listed(client, **params):
    return {c.pk for c in client.get(LIST, params).context["page"].object_list}


def test_agents_see_only_the_calls_they_took(client, agent, calls):
    client.force_login(agent)

    assert listed(client) == {calls["mine_late"].pk, calls["mine_fast"].pk, calls["old"].pk}
    assert client.get(reverse("callcenter:call_detail", args=[calls["theirs"].pk])).status_code == 404


@pytest.mark.parametrize("fixture", ["team_lead", "supervisor", "gm"])
def test_leads_and_supervisors_see_every_call(request, client, calls, fixture):
    client.force_login(request.getfixturevalue(fixture))

    assert listed(client) == {c.pk for c in calls.values()}


def test_the_call_list_filters(client, team_lead, agent, other_agent, calls):
    client.force_login(team_lead)
    today = timezone.localdate()

    assert listed(client, agent=other_agent.pk) == {calls["theirs"].pk}
    assert listed(client, call_type="repair") == {calls["mine_late"].pk, calls["theirs"].pk}
    assert listed(client, answered_late="true") == {calls["mine_late"].pk}
    assert calls["old"].pk in listed(client, answered_late="false")
    assert listed(client, has_recording="true") == {calls["mine_fast"].pk}
    assert calls["old"].pk not in listed(client, date_from=(today - timedelta(days=7)).isoformat())
    assert listed(client, date_to=(today - timedelta(days=30)).isoformat()) == {calls["old"].pk}


def test_the_call_list_api_filters_the_same_way(api_as, team_lead, agent, calls):
    response = api_as(team_lead).get("/api/v1/calls/", {"answered_late": "true"})

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [calls["mine_late"].pk]
    assert api_as(agent).get("/api/v1/calls/").json()["count"] == 3


def test_bad_input_a_bad_filter_is_a_400_not_a_500(api_as, client, team_lead):
    assert api_as(team_lead).get("/api/v1/calls/", {"date_from": "yesterday"}).status_code == 400
    client.force_login(team_lead)
    response = client.get(LIST, {"date_from": "yesterday"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_call_pages_refuse_station_staff(client, api_as, station_user, calls):
    client.force_login(station_user)

    assert client.get(LIST).status_code == 403
    assert client.get(reverse("callcenter:call_detail", args=[calls["theirs"].pk])).status_code == 404
    assert api_as(station_user).get("/api/v1/calls/").status_code == 403


def test_call_list_query_count_is_constant(client, api_as, team_lead, agent, django_assert_max_num_queries):
    client.force_login(team_lead)
    CallFactory(agent=agent)
    with django_assert_max_num_queries(20) as page_few:
        client.get(LIST)
    with django_assert_max_num_queries(20) as api_few:
        api_as(team_lead).get("/api/v1/calls/")
    CallFactory.create_batch(30, agent=agent)

    with django_assert_max_num_queries(len(page_few.captured_queries)):
        client.get(LIST)
    with django_assert_max_num_queries(len(api_few.captured_queries)):
        api_as(team_lead).get("/api/v1/calls/")
