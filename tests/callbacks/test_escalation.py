"""Callbacks past due go owner → team lead → supervisor (K-5, R-1), each level told once, through the one sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from callbacks import services
from callbacks.models import Callback, CallbackSettings
from csc import escalation
from csc.escalation import GM_OFFICE, OWNER, SUPERVISOR
from notifications.models import Notification
from tests.callbacks.conftest import REPAIR_ANSWERS

pytestmark = pytest.mark.django_db

KIND = "escalation.callback.due"


@pytest.fixture
def only_callbacks(monkeypatch):
    monkeypatch.setattr(escalation, "REGISTRY", {"callback.due": escalation.REGISTRY["callback.due"]})


def _told(level_kind=KIND) -> list[int]:
    return sorted(Notification.objects.filter(kind=level_kind).values_list("recipient", flat=True))


def test_a_late_callback_tells_its_agent_then_the_lead_then_the_supervisor_once_each(
    only_callbacks, complete_ticket, agent, team_lead, supervisor
):
    CallbackSettings.objects.create(lead_after_hours=4, supervisor_after_hours=24)
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    due = callback.deadline_at

    assert escalation.sweep(now=due - timedelta(minutes=1)).total == 0
    assert escalation.sweep(now=due + timedelta(minutes=1)).escalated == {"callback.due": {OWNER: 1}}
    assert _told() == [agent.pk]
    assert escalation.sweep(now=due + timedelta(hours=5)).escalated == {"callback.due": {SUPERVISOR: 1}}
    assert _told() == sorted([agent.pk, team_lead.pk])
    result = escalation.sweep(now=due + timedelta(hours=25))
    assert result.escalated == {"callback.due": {GM_OFFICE: 1}}
    assert _told() == sorted([agent.pk, team_lead.pk, supervisor.pk])
    assert escalation.sweep(now=due + timedelta(hours=26)).total == 0  # rerun: nobody told twice
    assert "HF" in Notification.objects.get(recipient=supervisor).title


def test_a_done_callback_is_not_escalated(only_callbacks, complete_ticket, agent):
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    services.callback_record(callback=callback, actor=agent, **REPAIR_ANSWERS)
    assert escalation.sweep(now=callback.deadline_at + timedelta(days=3)).total == 0


def test_an_appointment_beyond_the_due_time_moves_the_escalation(only_callbacks, complete_ticket, agent):
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    later = callback.due_at + timedelta(days=1)
    services.callback_appoint(callback=callback, actor=agent, appointment_at=later, at=timezone.now())

    assert escalation.sweep(now=callback.due_at + timedelta(hours=2)).total == 0
    assert escalation.sweep(now=later + timedelta(hours=2)).escalated == {"callback.due": {OWNER: 1}}


def test_the_centres_queue_tells_the_supervisor_when_no_one_owns_it(
    only_callbacks, complete_ticket, integration, supervisor
):
    callback = Callback.objects.get(ticket=complete_ticket(integration))
    escalation.sweep(now=callback.deadline_at + timedelta(minutes=1))
    assert _told() == [supervisor.pk]
