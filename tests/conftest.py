"""Fixed actors for permission tests (STYLE: owner, same-team agent, other station, supervisor, anonymous)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from tests.factories import PASSWORD, StationFactory, TeamFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Django's default PBKDF2 costs ~0.5 s per hash here; tests create many users. Production keeps PBKDF2."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database may have been flushed by a transactional test: make sure the roles exist.

    A new test database numbers its users from 1 again: permission sets cached by an earlier run are forgotten.
    """
    from django.apps import apps

    from accounts.auth_cache import forget_all
    from accounts.roles import sync_roles

    with django_db_blocker.unblock():
        sync_roles(apps)
        forget_all()


@pytest.fixture(autouse=True)
def _centre_language_after_each_test():
    """A page asked for in English leaves English active in the test's thread (LocaleMiddleware activates the
    request's language and nothing deactivates it): the next test starts in the centre's language again."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _roles_after_a_flush(request):
    """A transactional test starts on a flushed database (no data-migration rows): put the role groups back."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.contrib.auth.models import Group

    from accounts.roles import ROLE_PERMISSIONS, sync_roles

    if Group.objects.filter(name__in=[str(r.value) for r in ROLE_PERMISSIONS]).count() < len(ROLE_PERMISSIONS):
        sync_roles(apps)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def team(db):
    return TeamFactory(name="甲班")


@pytest.fixture
def station(db):
    return StationFactory(name="宏城", code="hongcheng")


@pytest.fixture
def other_station(db):
    return StationFactory(name="裕龙", code="yulong")


@pytest.fixture
def agent(db, team):
    return UserFactory(username="agent_a", role=Role.AGENT, team=team)


@pytest.fixture
def other_agent(db, team):
    return UserFactory(username="agent_b", role=Role.AGENT, team=team)


@pytest.fixture
def team_lead(db, team):
    user = UserFactory(username="lead_a", role=Role.TEAM_LEAD, team=team)
    team.lead = user
    team.save()
    return user


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor_a", role=Role.SUPERVISOR)


@pytest.fixture
def gm(db):
    return UserFactory(username="gm_a", role=Role.GM_OFFICE)


@pytest.fixture
def compliance_officer(db):
    return UserFactory(username="compliance_a", role=Role.COMPLIANCE_OFFICER)


@pytest.fixture
def station_user(db, station):
    return UserFactory(username="station_a", role=Role.STATION_STAFF, station=station, agent_number=None)


@pytest.fixture
def other_station_user(db, other_station):
    return UserFactory(username="station_b", role=Role.STATION_STAFF, station=other_station, agent_number=None)


@pytest.fixture
def integration(db):
    return UserFactory(username="cti", role=Role.INTEGRATION_CLIENT, agent_number=None)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    """api_as(user) → an APIClient authenticated with the user's token."""
    from rest_framework.authtoken.models import Token

    def login(user):
        token, _ = Token.objects.get_or_create(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return login


@pytest.fixture
def redis_down(settings, caplog):
    """redis_down() → from then on every cache call meets a refused connection (a real one, port 1, not a mock);
    returns caplog, where the outage's warnings are."""
    import logging

    def go_down():
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
        }
        caplog.set_level(logging.WARNING)
        return caplog

    return go_down
