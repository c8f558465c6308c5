"""The demo's callbacks: every called-back matter has its survey recorded, a realistic queue is left (due, late,
appointed, tried once, the team's queue), the satisfaction page has figures, and a second run adds nothing."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from callbacks import satisfaction
from callbacks.choices import OPEN_STATUSES, Attitude, Outcome, Status
from callbacks.models import Callback, CallbackAttempt
from tests.factories import data_migration_rows
from tickets.choices import Status as TicketStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, rolled back after it."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        data_migration_rows()
        call_command("demo_data", stdout=StringIO())
        yield timezone.now()
        transaction.set_rollback(True)


def _state():
    return (
        sorted(Callback.objects.values_list("id", "status", "assignee_id", "score", "queue_at")),
        CallbackAttempt.objects.count(),
    )


def test_a_second_run_adds_nothing(demo):
    before = _state()

    call_command("demo_data", stdout=StringIO())

    assert _state() == before


def test_every_called_back_matter_has_its_survey_recorded(demo):
    assert not Callback.objects.filter(
        status__in=OPEN_STATUSES, ticket__status__in=[TicketStatus.CALLED_BACK, TicketStatus.CLOSED]
    ).exists()
    assert not Callback.objects.filter(status__in=OPEN_STATUSES, complaint__callback_recorded_at__isnull=False).exists()
    done = Callback.objects.filter(status=Status.DONE, kind="repair")
    assert done.filter(attitude=Attitude.SATISFIED).count() > done.count() * 0.7
    assert done.filter(attitude=Attitude.AVERAGE).exists()
    # one or two not solved or unsatisfied, each sending a return visit to the station
    reopened = done.filter(follow_up_ticket__isnull=False)
    assert 1 <= reopened.count() <= 2
    assert all(c.follow_up_ticket.revisit_of_id == c.ticket_id for c in reopened)


def test_the_queue_has_due_late_appointed_and_tried_callbacks(demo):
    now = demo
    open_rows = Callback.objects.filter(status__in=OPEN_STATUSES)
    assert open_rows.filter(deadline_at__lt=now).exists()  # late
    appointed = open_rows.filter(status=Status.APPOINTED)
    assert 2 <= appointed.count() <= 3
    assert all(now < c.appointment_at < now + timedelta(days=2) for c in appointed)
    assert CallbackAttempt.objects.filter(outcome=Outcome.NOT_CONVENIENT).count() == appointed.count()
    assert open_rows.filter(attempts=1).count() == 2
    assert open_rows.filter(queue_at__lte=now).exists()  # ready to call now
    # the agent who took the matter, or the team's queue
    agents = set(User.objects.filter(username__in=["agent1", "agent2"]).values_list("pk", flat=True))
    assert all(c.assignee_id in agents or (c.assignee_id is None and c.team_id) for c in open_rows)


def test_the_satisfaction_page_shows_last_month_and_this_month(demo, client):
    today = timezone.localdate(demo)
    last_month = satisfaction.satisfaction(start=(today.replace(day=1) - timedelta(days=1)).replace(day=1), end=today)
    assert last_month["repair"]["total"]["n"] > 0 and last_month["complaint"]["total"]["n"] > 0
    client.force_login(User.objects.get(username="supervisor1"))

    response = client.get(reverse("callbacks:satisfaction"))

    assert response.status_code == 200
    sections = response.context["sections"]
    assert sections[0]["figures"]["repair"]["total"]["n"] > 0
    assert sections[1]["figures"]["repair"]["total"]["due"] + sections[1]["figures"]["repair"]["total"]["n"] > 0
