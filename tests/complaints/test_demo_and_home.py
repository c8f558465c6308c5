"""The demo complaints (idempotent) and the complaint panel of each role's home page."""

from __future__ import annotations

import pytest
from django.db.models import F

from accounts.roles import Role
from complaints import demo
from complaints.choices import Status
from complaints.models import ApprovalLevel, Complaint
from csc.demo import DemoOptions
from tests.complaints.factories import CategoryFactory, DepartmentFactory
from tests.factories import CustomerPhoneFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_complaints_cover_every_state_and_a_second_run_adds_nothing():
    for username, role in [
        ("agent1", Role.AGENT),
        ("agent2", Role.AGENT),
        ("supervisor1", Role.SUPERVISOR),
        ("gm1", Role.GM_OFFICE),
    ]:
        UserFactory(username=username, role=role)
    for code in [*demo.SEASON_ISSUES, "staff_conduct"]:
        CategoryFactory(code=code)
    for issues in demo.SEASON_ISSUES.values():
        for _text, shares, *_resolution in issues:
            for code, _percent in shares:
                DepartmentFactory(code=code)
    ApprovalLevel.objects.get_or_create(rank=1, defaults={"name": "部门经理", "max_amount": 1000})
    for _ in range(3):
        CustomerPhoneFactory()

    options = DemoOptions(password="demo12345")
    first = demo.load_demo(options)
    second = demo.load_demo(options)

    assert first == second
    assert first["complaints"] > len(demo.DEMO) + 1  # the showcase, the internal complaint and the season's
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses >= {
        Status.REGISTERED,
        Status.INVESTIGATING,
        Status.PROPOSED,
        Status.APPROVED,
        Status.CLOSED,
        Status.APPEALED,
    }
    assert not Complaint.objects.filter(due_at__lte=F("registered_at")).exists()


@pytest.mark.parametrize("role_user", ["agent", "supervisor", "gm", "team_lead"])
def test_each_roles_home_shows_the_complaint_panel(client, request, register, agent, role_user):
    register(agent)
    client.force_login(request.getfixturevalue(role_user))

    page = client.get("/").content.decode()

    assert page.count('id="complaint-panel"') == 1


def test_the_home_panel_costs_the_same_whatever_the_number_of_complaints(
    client, supervisor, agent, register, django_assert_max_num_queries
):
    register(agent)
    client.force_login(supervisor)
    client.get("/")
    with django_assert_max_num_queries(60) as few:
        client.get("/")
    for _ in range(10):
        register(agent, send_sms=False)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


def test_station_staff_see_no_complaint_panel(client, station_user):
    client.force_login(station_user)

    assert 'id="complaint-panel"' not in client.get("/").content.decode()
