"""accounts/auth_cache.py: token users and permission sets kept between requests, forgotten when they change."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import auth_cache
from accounts.roles import Role

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
COMPLAINTS = "/api/v1/complaints/"


def auth_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if "authtoken_token" in q["sql"] or "auth_permission" in q["sql"]]


def test_a_token_request_reads_its_user_and_permissions_once(api_as, agent):
    client = api_as(agent)
    with CaptureQueriesContext(connection) as first:
        assert client.get(COMPLAINTS).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(COMPLAINTS).status_code == 200

    assert len(auth_queries(first.captured_queries)) == 3  # the token with its user, two permission queries
    assert auth_queries(second.captured_queries) == []


def test_a_deactivated_user_is_refused_at_the_next_request(api_as, agent):
    client = api_as(agent)
    assert client.get(ME).status_code == 200

    agent.is_active = False
    agent.save()

    assert client.get(ME).status_code == 401


def test_a_deleted_token_is_refused_at_the_next_request(api_as, agent):
    from rest_framework.authtoken.models import Token

    client = api_as(agent)
    assert client.get(ME).status_code == 200

    Token.objects.filter(user=agent).delete()  # a queryset delete still sends post_delete per row

    assert client.get(ME).status_code == 401


def test_a_role_given_or_taken_counts_at_the_next_request(agent):
    perm = Permission.objects.get(codename="view_all_calls")
    assert not type(agent).objects.get(pk=agent.pk).has_perm("callcenter.view_all_calls")  # now cached

    agent.groups.add(Group.objects.get(name=Role.SUPERVISOR.value))
    fresh = type(agent).objects.get(pk=agent.pk)
    assert fresh.has_perm("callcenter.view_all_calls")

    Group.objects.get(name=Role.SUPERVISOR.value).permissions.remove(perm)
    fresh = type(agent).objects.get(pk=agent.pk)
    assert not fresh.has_perm("callcenter.view_all_calls")


def test_a_group_losing_a_permission_closes_the_api_at_the_next_request(api_as, agent):
    client = api_as(agent)
    assert client.get(COMPLAINTS).status_code == 200

    perm = Permission.objects.get(codename="view_complaint", content_type__app_label="complaints")
    Group.objects.get(name=Role.AGENT.value).permissions.remove(perm)

    assert client.get(COMPLAINTS).status_code == 403


def test_a_change_made_in_another_process_reaches_this_one_within_a_second(api_as, agent, monkeypatch):
    client = api_as(agent)
    assert client.get(ME).status_code == 200
    clock = [1_000_000.0]
    monkeypatch.setattr(auth_cache, "_clock", lambda: clock[0])
    monkeypatch.setattr(auth_cache, "_generation_seen", [0, 0.0])  # this test's clock; the real one after it
    assert client.get(ME).status_code == 200  # reads the generation at this clock

    # Another worker deactivates the user: this process hears no signal, only the generation moves on.
    type(agent).objects.filter(pk=agent.pk).update(is_active=False)
    cache.incr(auth_cache._GENERATION)
    assert client.get(ME).status_code == 200  # within the second: still the kept user

    clock[0] += auth_cache.GENERATION_RECHECK
    assert client.get(ME).status_code == 401


def test_kept_token_users_expire_whatever_happens(api_as, agent, monkeypatch):
    client = api_as(agent)
    clock = [2_000_000.0]
    monkeypatch.setattr(auth_cache, "_clock", lambda: clock[0])
    monkeypatch.setattr(auth_cache, "_generation_seen", [0, 0.0])  # this test's clock; the real one after it
    assert client.get(ME).status_code == 200
    type(agent).objects.filter(pk=agent.pk).update(is_active=False)  # no signal, no new generation

    clock[0] += auth_cache.TOKEN_USER_TTL
    assert client.get(ME).status_code == 401


def test_each_request_gets_its_own_copy_of_the_kept_user(api_as, agent):
    from rest_framework.authtoken.models import Token

    api_as(agent)
    key = Token.objects.get(user=agent).key
    loads = []

    def load(k):
        loads.append(k)
        return type(agent).objects.get(pk=agent.pk), Token.objects.get(key=k)

    first, _ = auth_cache.token_user(key, load)
    first.team  # noqa: B018  fills this copy's related-object cache
    first.display_name = "changed by a request"
    second, _ = auth_cache.token_user(key, load)

    assert loads == [key]  # read once, then kept
    assert second is not first and second._state is not first._state
    assert second.display_name != "changed by a request"
    assert "team" not in second._state.fields_cache
    assert second.has_perm("complaints.view_complaint")


def test_session_users_read_permissions_from_the_cache(client, agent):
    client.force_login(agent)
    client.get("/")
    with CaptureQueriesContext(connection) as again:
        assert client.get("/").status_code == 200

    assert [q for q in auth_queries(again.captured_queries) if "auth_permission" in q] == []


def test_with_the_cache_down_sign_in_pages_and_the_api_still_work(client, api_as, agent, password, redis_down):
    client_api = api_as(agent)
    assert client_api.get(ME).status_code == 200  # kept while the cache was up
    redis_down()

    signed_in = client.post("/accounts/login/", {"username": agent.username, "password": password})
    assert signed_in.status_code == 302  # the login saved the user: forgetting failed quietly
    assert client.get("/").status_code == 200
    assert client_api.get(COMPLAINTS).status_code == 200

    agent.is_active = False
    agent.save()
    assert client_api.get(ME).status_code == 401  # nothing is kept while nobody could be told of a change


def test_a_change_in_this_process_is_seen_at_the_next_token_request_not_a_second_later(api_as, agent, monkeypatch):
    clock = [3_000_000.0]
    monkeypatch.setattr(auth_cache, "_clock", lambda: clock[0])
    monkeypatch.setattr(auth_cache, "_generation_seen", [0, 0.0])
    client = api_as(agent)
    assert client.get(ME).status_code == 200  # reads the generation at this clock

    type(agent).objects.get(pk=agent.pk).save()  # a change here: a new generation, this process's users forgotten
    assert client.get(ME).status_code == 200  # the user is read again, under the new generation
    clock[0] += auth_cache.GENERATION_RECHECK  # the next look at the generation finds nothing new …
    with CaptureQueriesContext(connection) as later:
        assert client.get(ME).status_code == 200

    assert auth_queries(later.captured_queries) == []  # … so the kept user serves, not read a second time
