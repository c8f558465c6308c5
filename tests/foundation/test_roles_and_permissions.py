"""X-1: the role groups, their permissions, and the one permission module used by pages and API."""

from __future__ import annotations

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import AnonymousUser, Group
from django.http import Http404

from accounts.roles import ROLE_PERMISSIONS, Role, sync_roles
from csc.permissions import access_or_404, has_role, may, scope
from tests.factories import ServiceAreaFactory, UserFactory
from tickets.models import ServiceArea, Station

pytestmark = pytest.mark.django_db


def perms_of(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_x1_the_migration_creates_all_seven_roles_with_exactly_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}
    for role, perms in ROLE_PERMISSIONS.items():
        assert perms_of(role.value) == set(perms), role


def test_x1_syncing_roles_again_changes_nothing():
    before = {r.value: perms_of(r.value) for r in Role}
    group_ids = set(Group.objects.values_list("id", flat=True))

    sync_roles(global_apps)

    assert {r.value: perms_of(r.value) for r in Role} == before
    assert set(Group.objects.values_list("id", flat=True)) == group_ids


def test_x1_syncing_restores_a_permission_removed_by_hand():
    group = Group.objects.get(name=Role.SUPERVISOR.value)
    group.permissions.clear()

    sync_roles(global_apps)

    assert perms_of(Role.SUPERVISOR.value) == set(ROLE_PERMISSIONS[Role.SUPERVISOR])


@pytest.mark.parametrize(
    ("fixture", "perm", "expected"),
    [
        ("agent", "customers.view_customer", True),
        ("agent", "customers.view_customer_unmasked", False),
        ("supervisor", "customers.view_customer_unmasked", True),
        ("compliance_officer", "compliance.view_accesslogentry", True),
        ("agent", "compliance.view_accesslogentry", False),
        ("station_user", "customers.view_customer", False),
        ("integration", "customers.view_customer", True),
        ("integration", "tickets.change_station", False),
        ("supervisor", "tickets.change_station", True),
        ("gm", "csc.view_operations", True),
        ("team_lead", "accounts.view_user", True),
    ],
)
def test_may_answers_by_role(request, fixture, perm, expected):
    user = request.getfixturevalue(fixture)

    assert may(user, perm) is expected


def test_anonymous_and_inactive_users_may_nothing(agent):
    agent.is_active = False

    assert may(AnonymousUser(), "customers.view_customer") is False
    assert may(agent, "customers.view_customer") is False


def test_t7_station_staff_see_only_their_own_station(station_user, station, other_station):
    assert may(station_user, "tickets.view_station", station) is True
    assert may(station_user, "tickets.view_station", other_station) is False
    assert list(scope(station_user, Station.objects.all())) == [station]


def test_t7_station_staff_see_only_their_own_service_areas(station_user, station, other_station):
    own = ServiceAreaFactory(station=station)
    ServiceAreaFactory(station=other_station)

    assert list(scope(station_user, ServiceArea.objects.all())) == [own]


def test_other_roles_see_every_station(supervisor, agent, station, other_station):
    assert set(scope(supervisor, Station.objects.all())) == {station, other_station}
    assert set(scope(agent, Station.objects.all())) == {station, other_station}


def test_access_or_404_hides_forbidden_and_missing_alike(station_user, station, other_station):
    assert access_or_404(station_user, "tickets.view_station", Station.objects.all(), pk=station.pk) == station
    with pytest.raises(Http404):
        access_or_404(station_user, "tickets.view_station", Station.objects.all(), pk=other_station.pk)
    with pytest.raises(Http404):
        access_or_404(station_user, "tickets.view_station", Station.objects.all(), pk=999999)


def test_a_role_without_the_capability_sees_no_rows(station):
    nobody = UserFactory(role=None)

    assert scope(nobody, Station.objects.all()).count() == 0


def test_has_role(agent, supervisor):
    assert has_role(agent, Role.AGENT)
    assert not has_role(agent, Role.SUPERVISOR, Role.GM_OFFICE)
    assert has_role(supervisor, Role.AGENT, Role.SUPERVISOR)
