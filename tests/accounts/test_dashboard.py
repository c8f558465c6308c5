"""D-1: the dashboard on the home page of supervisors, the GM office, team leads and station staff — on the demo data:
every figure and every bar is a link to the list behind it, and that list counts the same rows; the filters are
checked and fixed by role; the body refreshes alone; a constant number of queries."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from csc.demo import load_demo_data
from tests.factories import PASSWORD

FIGURE = re.compile(r'<a class="figure" href="([^"]+)" data-figure="(\d+)">')
CHART = re.compile(r'data-chart="([^"]+)"')
COUNT = re.compile(r'class="list-count"[^>]*>([^<]*)<')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from tests.factories import data_migration_rows

    with django_db_blocker.unblock(), transaction.atomic():
        data_migration_rows()
        load_demo_data(password=PASSWORD)
        yield
        transaction.set_rollback(True)


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _list_count(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    found = COUNT.search(response.content.decode())
    assert found, f"no count on {url}"
    digits = re.sub(r"\D", "", found.group(1))
    assert "+" not in found.group(1), url
    return int(digits)


def _figures(html: str) -> list[tuple[str, int]]:
    return [(unescape(url), int(value)) for url, value in FIGURE.findall(html)]


@pytest.mark.parametrize("username", ["supervisor1", "gm1", "lead1", "station1"])
def test_d1_every_counted_figure_opens_a_list_of_as_many_rows(demo, db, username):
    client = _client(username)
    for query in ("", "?date_from=2026-11-01&date_to=2026-12-31"):
        html = client.get("/" + query).content.decode()
        figures = [(url, value) for url, value in _figures(html) if not url.startswith("/callcenter/figures/")]
        assert figures, f"{username}: no figure links to a list"
        for url, value in figures:
            assert _list_count(client, url) == value, (username, url)


def test_d1_the_supervisor_sees_every_section_with_numbers_from_the_demo(demo, db):
    html = _client("supervisor1").get("/").content.decode()
    for title in ("报修单", "客诉", "回访", "话务"):
        assert f"<h2>{title}" in html, title
    values = dict((urlsplit(url).query, value) for url, value in _figures(html))
    assert values["open=1"] > 0  # the demo has open tickets
    assert 'data-chart="' in html and "Updated at" not in html  # in Chinese: 更新于
    assert "更新于" in html


def test_d1_chart_bars_open_lists_of_as_many_rows(demo, db):
    client = _client("supervisor1")
    html = client.get("/?date_from=2026-10-01&date_to=2026-12-31").content.decode()
    checked = 0
    for raw in CHART.findall(html):
        chart = json.loads(unescape(raw))
        for series in chart["series"]:
            for value, link in list(zip(series["values"], series["links"], strict=False))[:4]:
                if link and value is not None:
                    assert _list_count(client, link) == value, link
                    checked += 1
    assert checked >= 4


def test_d1_service_level_by_hour_today_and_k10_definitions_in_the_help(demo, db):
    html = _client("supervisor1").get("/").content.decode()
    charts = [json.loads(unescape(raw)) for raw in CHART.findall(html)]
    by_hour = next(c for c in charts if c["categories"] and c["categories"][0].endswith(":00"))
    assert [s["unit"] for s in by_hour["series"]] == ["", "%"]
    assert "短时放弃" in html or "服务水平" in html


def test_d1_a_team_lead_sees_their_team_whatever_the_query_says(demo, db):
    from accounts.models import Team, User

    lead = User.objects.get(username="lead1")
    own = lead.led_teams.first() or lead.team
    other = Team.objects.exclude(pk=own.pk).first()
    html = _client("lead1").get(f"/?team={other.pk if other else 999}").content.decode()
    assert "<h2>报修单" not in html  # no ticket section for a lead
    for url, _value in _figures(html):
        params = parse_qs(urlsplit(url).query)
        if "team" in params:
            assert params["team"] == [str(own.pk)], url


def test_d1_station_staff_see_their_own_station_only(demo, db):
    from accounts.models import User

    user = User.objects.get(username="station1")
    html = _client("station1").get("/?station=99999").content.decode()
    for url, _value in _figures(html):
        assert parse_qs(urlsplit(url).query).get("station") == [str(user.station_id)], url
    assert "<h2>客诉" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?date_from=2026-13-01",
        "?date_from=2026-12-05&date_to=2026-12-01",
        "?date_from=2020-01-01&date_to=2026-12-01",
        "?station=abc&team=%00",
        "?date_to=x%00y",
    ],
)
def test_d1_bad_filters_are_a_message_not_an_error(demo, db, query):
    response = _client("supervisor1").get("/" + query)
    assert response.status_code == 200
    assert 'class="messages' in response.content.decode() or "messages" in response.content.decode()


def test_d1_the_refresh_returns_the_board_alone(demo, db):
    response = _client("supervisor1").get("/?date_from=2026-11-01&partial=dashboard")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="dashboard"') and "<html" not in html
    assert 'hx-trigger="every 30s"' in html and "date_from=2026-11-01" in html


def test_d1_agents_and_compliance_have_no_dashboard(demo, db):
    for username in ("agent1", "compliance1"):
        assert 'id="dashboard"' not in _client(username).get("/").content.decode()


def test_d1_constant_queries_whatever_the_period(demo, db, django_assert_num_queries, django_assert_max_num_queries):
    client = _client("supervisor1")
    client.get("/")  # sessions, permission cache
    with django_assert_max_num_queries(37) as month:  # 32, + quality (three counts, its chart), + incidents (three)
        client.get("/?partial=dashboard&date_from=2026-11-01&date_to=2026-11-30")
    with django_assert_num_queries(len(month.captured_queries)):
        client.get("/?partial=dashboard&date_from=2026-01-01&date_to=2026-12-31")
    with django_assert_max_num_queries(len(month.captured_queries)):
        client.get("/?partial=dashboard")  # today: the newest hours are read from the calls alone
