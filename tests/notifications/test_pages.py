"""Notification pages: own notifications only, mark read, channel choices, the failures page for supervisors."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_celery_results.models import TaskResult

from csc.messaging import notify
from notifications.models import ChannelPreference, Notification

pytestmark = pytest.mark.django_db


def test_pages_require_login(client):
    for name in ("notifications:list", "notifications:bell", "notifications:preferences", "notifications:failures"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_bell_counts_only_the_users_own_unread_notifications(client, agent, other_agent):
    notify(recipients=[agent, other_agent], kind="x", title="一")
    notify(recipients=[other_agent], kind="x", title="二")
    client.force_login(agent)

    response = client.get(reverse("notifications:bell"))

    assert 'data-unread="1"' in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_shows_only_own_notifications_in_constant_queries(
    rows, client, agent, other_agent, django_assert_max_num_queries
):
    for n in range(rows):
        notify(recipients=[agent], kind="x", title=f"给我的 {n}")
    notify(recipients=[other_agent], kind="x", title="别人的")
    client.force_login(agent)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:list"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "给我的 0" in body
    assert "别人的" not in body


def test_marking_someone_elses_notification_read_changes_nothing(client, agent, other_agent):
    notify(recipients=[other_agent], kind="x", title="别人的")
    theirs = Notification.objects.get()
    client.force_login(agent)

    response = client.post(reverse("notifications:mark_read"), {"id": theirs.pk})

    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, agent):
    notify(recipients=[agent], kind="x", title="客诉", url="/complaints/")
    mine = Notification.objects.get()
    client.force_login(agent)

    response = client.post(reverse("notifications:mark_read"), {"id": mine.pk})

    assert response["Location"] == "/complaints/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_malformed_id_is_a_400_not_a_500(client, agent):
    client.force_login(agent)

    assert client.post(reverse("notifications:mark_read"), {"id": "abc"}).status_code == 400


def test_channel_choices_are_saved_per_kind(client, agent):
    client.force_login(agent)

    response = client.post(reverse("notifications:preferences"), {"complaint.critical|in_app": "on"})

    assert response.status_code == 302
    assert ChannelPreference.objects.get(user=agent, kind="complaint.critical", channel="email").enabled is False
    assert ChannelPreference.objects.get(user=agent, kind="complaint.critical", channel="in_app").enabled is True
    assert client.get(reverse("notifications:preferences")).status_code == 200


@pytest.mark.parametrize("actor, status", [("agent", 403), ("station_user", 403), ("supervisor", 200), ("gm", 200)])
def test_failed_work_is_visible_to_supervisors_and_gm_office(actor, status, client, request):
    TaskResult.objects.create(task_id="t1", task_name="reports.build_scheduled", status="FAILURE", result='"boom"')
    client.force_login(request.getfixturevalue(actor))

    response = client.get(reverse("notifications:failures"))

    assert response.status_code == status
    if status == 200:
        assert "定时报表" in response.content.decode()  # the task by its name in words


@pytest.mark.parametrize(
    "actor, status", [("agent", 403), ("station_user", 403), ("team_lead", 200), ("supervisor", 200)]
)
def test_reports_are_for_leads_supervisors_and_gm(actor, status, client, request):
    client.force_login(request.getfixturevalue(actor))

    assert client.get(reverse("reports:daily")).status_code == status


def test_only_builders_may_archive_a_report(client, team_lead):
    from reports.models import ReportSnapshot

    client.force_login(team_lead)

    assert client.post(reverse("reports:daily"), {"date": "2026-11-01"}).status_code == 403
    assert ReportSnapshot.objects.count() == 0
