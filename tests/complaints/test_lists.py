"""D-2 on the complaint lists: sort by each column (the shared SortFilter), count, export the filtered rows to .xlsx
and .csv (masked for an agent, in full for a supervisor), every export recorded (P-1)."""

from __future__ import annotations

import pytest

from compliance.models import ExportRecord
from tests import lists

pytestmark = pytest.mark.django_db

URL = "/complaints/"
KEYS = ["number", "subject", "category", "status", "owner", "registered", "due", "reply"]


@pytest.fixture
def complaints(register, agent, other_agent):
    rows = [register(agent, subject="=1+2"), register(agent, subject="暖气不热"), register(other_agent)]
    return rows


def test_d2_the_list_sorts_by_every_column_and_says_how_many(client, supervisor, agent, complaints):
    client.force_login(supervisor)

    lists.sorts_by_every_column(client, URL, KEYS)
    lists.shows_the_count(client.get(URL, {"owner": agent.pk}), 2)
    by_number = [c.number for c in client.get(URL, {"sort": "number"}).context["page"].object_list]
    assert by_number == sorted(c.number for c in complaints)


def test_d2_a_bad_sort_is_a_message_on_the_page_and_a_400_in_the_api(client, api_as, supervisor, complaints):
    client.force_login(supervisor)

    lists.refuses_a_bad_sort_with_a_message(client, URL, status=400)  # the complaint list answers 400 on bad filters
    response = api_as(supervisor).get("/api/v1/complaints/", {"sort": "complainant_name"})
    assert response.status_code == 400 and list(response.json()) == ["sort"]


def test_d2_the_export_is_masked_for_an_agent_in_full_for_a_supervisor(client, agent, supervisor, complaints):
    client.force_login(agent)
    sheet, lines = lists.exports_exactly(client, URL, {"owner": agent.pk}, rows=2, list_code="complaints", user=agent)
    client.force_login(supervisor)
    _sheet, full = lists.exports_exactly(
        client, URL, {"owner": agent.pk}, rows=2, list_code="complaints", user=supervisor
    )

    assert {row[0] for row in sheet[1:]} == {c.number for c in complaints[:2]}
    assert {tuple(row[7:9]) for row in lines[1:]} == {("王**", "138****5678")}
    assert "'=1+2" in [row[1] for row in lines[1:]]
    assert {tuple(row[7:9]) for row in full[1:]} == {("王建华", "13812345678")}
    assert list(ExportRecord.objects.order_by("id").values_list("personal_data_in_full", flat=True)) == [
        False,
        False,
        True,
        True,
    ]


def test_d2_my_complaints_export_under_their_own_name(client, agent, complaints):
    client.force_login(agent)

    lists.exports_exactly(client, "/complaints/mine/", {}, rows=2, list_code="my_complaints", user=agent)
