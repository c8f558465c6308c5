"""Redis (the cache) unreachable: nothing answers 500. Sign-in and pages go on; each rate limit does what it says
(csc/throttling.py): the public complaint status refuses (429), the token login goes on (axes still guards it)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

STATUS = {"number": "26019999", "phone": "13812345678"}


@pytest.fixture
def cache_down(redis_down):
    return redis_down()


def test_pages_answer_for_a_signed_in_supervisor(client, supervisor, password, cache_down):
    assert client.post("/accounts/login/", {"username": supervisor.username, "password": password}).status_code == 302
    for url in ("/", "/complaints/", "/callcenter/desk/", "/callcenter/calls/", "/tickets/", "/reports/"):
        assert client.get(url).status_code == 200, url


def test_the_token_login_goes_on_and_the_outage_is_logged(api, agent, password, cache_down):
    response = api.post("/api/v1/auth/token/", {"username": agent.username, "password": password}, format="json")

    assert response.status_code == 200 and response.json()["token"]
    assert "LoginRateThrottle: cache unavailable" in cache_down.text


def test_the_public_complaint_status_api_refuses_rather_than_lets_guessing_through(api, cache_down):
    response = api.get("/api/v1/complaints/status/", STATUS)

    assert response.status_code == 429
    assert "StatusIpThrottle: cache unavailable" in cache_down.text


def test_the_public_complaint_status_page_refuses_too(client, cache_down):
    response = client.get("/complaints/status/", STATUS)

    assert response.status_code == 429
    assert "rate limit StatusIpThrottle: cache unavailable" in cache_down.text


def test_with_the_cache_up_the_same_requests_answer_normally(api, client, agent, password):
    from django.core.cache import cache

    cache.clear()  # other tests' requests from this address count towards the same limits
    assert api.get("/api/v1/complaints/status/", STATUS).status_code == 404
    assert client.get("/complaints/status/", STATUS).status_code == 200
    token = api.post("/api/v1/auth/token/", {"username": agent.username, "password": password}, format="json")
    assert token.status_code == 200
