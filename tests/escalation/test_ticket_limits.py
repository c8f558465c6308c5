"""Repair tickets past a T-5 limit (R-1): station and agent, then supervisor, then GM office; T-6 events raised."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from csc import escalation
from csc.escalation import GM_OFFICE, OWNER, SUPERVISOR
from notifications.models import Notification

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def only_tickets(monkeypatch):
    monkeypatch.setattr(
        escalation, "REGISTRY", {code: t for code, t in escalation.REGISTRY.items() if code.startswith("ticket.")}
    )


def make_ticket(*, station, agent, number: str, status: str = "dispatched", **due):
    from tickets.models import Ticket

    return Ticket.objects.create(
        number=number,
        category="not_warm",
        address="顺义区宏城花园3号楼",
        caller_name="王建华",
        caller_phone="13800000000",
        station=station,
        created_by=agent,
        status=status,
        **due,
    )


def test_r1_a_ticket_not_accepted_in_time_climbs_the_ladder_once_per_level(
    only_tickets, station, agent, station_user, other_station_user, supervisor, gm, settings
):
    from tickets.models import ExceptionEvent

    settings.ESCALATION_TICKET_SUPERVISOR_AFTER_MINUTES = 30
    settings.ESCALATION_GM_AFTER_HOURS = 2
    late = make_ticket(station=station, agent=agent, number="2611T0001", accept_due_at=NOW - timedelta(minutes=5))
    make_ticket(station=station, agent=agent, number="2611T0002", accept_due_at=NOW + timedelta(days=1))

    first = escalation.sweep(now=NOW)
    again = escalation.sweep(now=NOW + timedelta(minutes=1))
    later = escalation.sweep(now=NOW + timedelta(minutes=40))
    much_later = escalation.sweep(now=NOW + timedelta(hours=3))

    assert first.escalated == {"ticket.accept": {OWNER: 1}}
    assert again.escalated == {}
    assert later.escalated == {"ticket.accept": {SUPERVISOR: 1}}
    assert much_later.escalated == {"ticket.accept": {GM_OFFICE: 1}}
    told = list(Notification.objects.order_by("created_at", "recipient__username").values_list("recipient", "kind"))
    assert told == [
        (agent.pk, "escalation.ticket.accept"),
        (station_user.pk, "escalation.ticket.accept"),
        (supervisor.pk, "escalation.ticket.accept"),
        (gm.pk, "escalation.ticket.accept"),
    ]
    assert "2611T0001" in Notification.objects.filter(recipient=supervisor).get().title
    assert Notification.objects.filter(recipient=other_station_user).count() == 0
    assert list(ExceptionEvent.objects.values_list("ticket", "type")) == [(late.pk, "not_accepted_in_time")]


def test_r1_an_accepted_ticket_is_no_longer_late_for_acceptance(only_tickets, station, agent, supervisor):
    make_ticket(
        station=station, agent=agent, number="2611T0003", status="accepted", accept_due_at=NOW - timedelta(hours=1)
    )

    assert escalation.sweep(now=NOW).escalated == {}
