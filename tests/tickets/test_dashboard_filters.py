"""The ticket and exception filters the supervisor dashboard links to (D-1 figures = FilterSet(params).qs.count())."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from csc.periods import day_bounds
from tests.tickets.factories import TicketFactory
from tickets.choices import ExceptionType, FollowUp, Status
from tickets.filters import ExceptionFilter, TicketFilter
from tickets.models import ExceptionEvent, Ticket

pytestmark = pytest.mark.django_db


def numbers(filterset) -> set[str]:
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("number", flat=True))


def test_open_is_every_ticket_whose_repair_is_not_done(station):
    waiting = TicketFactory(status=Status.CREATED, station=station)
    at_station = TicketFactory(status=Status.ON_SITE, station=station)
    for status in (Status.COMPLETED, Status.CALLED_BACK, Status.CLOSED, Status.LINKED):
        TicketFactory(status=status, station=station)

    assert numbers(TicketFilter({"open": "1"}, Ticket.objects.all())) == {waiting.number, at_station.number}
    assert len(numbers(TicketFilter({"open": "0"}, Ticket.objects.all()))) == 4


def test_due_today_reads_the_deadline_of_the_step_the_ticket_waits_for(station):
    now = timezone.now()
    start, end = day_bounds(timezone.localdate(now))
    later_today = start + (end - start) / 2  # passed already or not: both are due today
    tomorrow = end + timedelta(hours=1)
    due_accept = TicketFactory(status=Status.DISPATCHED, accept_due_at=later_today, finish_due_at=tomorrow)
    due_finish = TicketFactory(status=Status.ON_SITE, accept_due_at=tomorrow, finish_due_at=later_today)
    passed_today = TicketFactory(status=Status.ACCEPTED, contact_due_at=start + timedelta(seconds=1))
    TicketFactory(status=Status.ACCEPTED, accept_due_at=later_today, contact_due_at=tomorrow)  # accept step is over
    TicketFactory(status=Status.COMPLETED, finish_due_at=later_today)  # done
    TicketFactory(status=Status.DISPATCHED, accept_due_at=start - timedelta(seconds=1), finish_due_at=tomorrow)

    found = numbers(TicketFilter({"due_today": "1"}, Ticket.objects.all(), now=now))

    assert found == {due_accept.number, due_finish.number, passed_today.number}


def test_station_date_and_late_filters_combine(station, other_station):
    mine = TicketFactory(station=station, accept_due_at=timezone.now() - timedelta(minutes=1))
    TicketFactory(station=other_station, accept_due_at=timezone.now() - timedelta(minutes=1))
    TicketFactory(station=station, accept_due_at=timezone.now() + timedelta(hours=1))
    today = timezone.localdate().isoformat()

    params = {"station": str(station.pk), "late": "1", "date_from": today, "date_to": today}
    assert numbers(TicketFilter(params, Ticket.objects.all())) == {mine.number}


def test_exception_filters_type_station_day_and_open(station, other_station):
    now = timezone.now()
    complaint = ExceptionEvent.objects.create(
        type=ExceptionType.TECHNICIAN_COMPLAINT, station=station, follow_up=FollowUp.OPEN, raised_at=now
    )
    ExceptionEvent.objects.create(
        type=ExceptionType.BILLING_COMPLAINT,
        station=station,
        follow_up=FollowUp.RESOLVED,
        resolved_at=now,
        raised_at=now,
    )
    ExceptionEvent.objects.create(type=ExceptionType.PRAISE, station=other_station, raised_at=now - timedelta(days=3))
    today = timezone.localdate(now).isoformat()

    def ids(params):
        filterset = ExceptionFilter(params, ExceptionEvent.objects.all())
        assert filterset.is_valid(), filterset.errors
        return set(filterset.qs.values_list("pk", flat=True))

    assert len(ids({"type": "technician_complaint,billing_complaint"})) == 2
    assert ids({"type": "technician_complaint,billing_complaint", "open": "1"}) == {complaint.pk}
    assert len(ids({"station": str(station.pk), "date_from": today, "date_to": today})) == 2
    assert len(ids({"date_to": (timezone.localdate(now) - timedelta(days=1)).isoformat()})) == 1
    assert not ExceptionFilter({"type": "nonsense"}, ExceptionEvent.objects.all()).is_valid()
