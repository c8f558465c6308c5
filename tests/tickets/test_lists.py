"""D-2 on the repair-ticket and exception-event lists: sort by each column, count, export the filtered rows (masked
unless the user may see personal data in full), every export recorded (P-1), constant queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import lists
from tests.tickets.factories import TicketFactory
from tickets.choices import ExceptionType, FollowUp
from tickets.models import ExceptionEvent

pytestmark = pytest.mark.django_db

TICKETS = "/tickets/"
EXCEPTIONS = "/tickets/exceptions/"
TICKET_KEYS = ["number", "created", "category", "station", "status", "taken_by"]
EXCEPTION_KEYS = ["raised", "type", "ticket", "station", "follow_up", "raised_by"]


@pytest.fixture
def tickets(station, other_station, agent):
    """Three at 宏城 (one with a formula-like fault location), two at 裕龙."""
    rows = [TicketFactory(station=station, created_by=agent) for _ in range(3)]
    rows[0].fault_location = "=1+2"
    rows[0].save()
    rows += [TicketFactory(station=other_station, created_by=agent, caller_name="李四") for _ in range(2)]
    return rows


def test_d2_the_ticket_list_sorts_by_every_column_and_says_how_many(client, supervisor, tickets, station):
    client.force_login(supervisor)

    lists.sorts_by_every_column(client, TICKETS, TICKET_KEYS)
    lists.shows_the_count(client.get(TICKETS, {"station": station.pk}), 3)
    numbers = [t.number for t in client.get(TICKETS, {"sort": "-number"}).context["page"].object_list]
    assert numbers == sorted((t.number for t in tickets), reverse=True)


def test_d2_a_bad_sort_is_a_message_on_the_page_and_a_400_in_the_api(client, api_as, supervisor, tickets):
    client.force_login(supervisor)

    lists.refuses_a_bad_sort_with_a_message(client, TICKETS)
    response = api_as(supervisor).get("/api/v1/tickets/", {"sort": "caller_name"})
    assert response.status_code == 400 and list(response.json()) == ["sort"]


def test_d2_the_ticket_export_holds_the_filtered_rows_masked_for_an_agent(client, agent, tickets, station):
    client.force_login(agent)

    sheet, lines = lists.exports_exactly(
        client, TICKETS, {"station": station.pk}, rows=3, list_code="tickets", user=agent
    )

    assert {row[0] for row in sheet[1:]} == {t.number for t in tickets[:3]}
    assert {row[7] for row in lines[1:]} == {"138****5678"} and {row[6] for row in lines[1:]} == {"王**"}
    assert "13812345678" not in str(sheet) + str(lines) and "王建华" not in str(sheet) + str(lines)
    evil = next(row for row in lines[1:] if row[0] == tickets[0].number)
    assert evil[4] == "'=1+2"


def test_d2_the_ticket_export_is_in_full_for_a_supervisor_and_says_so(client, supervisor, tickets, station):
    from compliance.models import ExportRecord

    client.force_login(supervisor)

    _sheet, lines = lists.exports_exactly(
        client, TICKETS, {"station": station.pk}, rows=3, list_code="tickets", user=supervisor
    )

    assert {row[7] for row in lines[1:]} == {"13812345678"} and {row[6] for row in lines[1:]} == {"王建华"}
    record = ExportRecord.objects.latest("id")
    assert record.personal_data_in_full is True and record.filters == f"station={station.pk}"


def test_d2_the_ticket_list_costs_constant_queries(client, supervisor, station, agent):
    TicketFactory(station=station, created_by=agent)
    client.force_login(supervisor)
    few = lists.queries_of(client, TICKETS, {"sort": "station"})
    for _ in range(15):
        TicketFactory(station=station, created_by=agent)

    assert lists.queries_of(client, TICKETS, {"sort": "station"}) == few


@pytest.fixture
def exceptions(station, other_station):
    now = timezone.now()
    rows = [
        ExceptionEvent.objects.create(type=ExceptionType.PRAISE, station=station, description="=HYPERLINK(1)"),
        ExceptionEvent.objects.create(type=ExceptionType.PRAISE, station=other_station),
        ExceptionEvent.objects.create(
            type=ExceptionType.TECHNICIAN_COMPLAINT, station=station, follow_up=FollowUp.OPEN, raised_at=now
        ),
        ExceptionEvent.objects.create(
            type=ExceptionType.SUGGESTION, station=station, raised_at=now - timedelta(days=2)
        ),
    ]
    return rows


def test_d2_the_exception_list_sorts_counts_and_exports(client, supervisor, exceptions):
    client.force_login(supervisor)

    lists.sorts_by_every_column(client, EXCEPTIONS, EXCEPTION_KEYS)
    lists.refuses_a_bad_sort_with_a_message(client, EXCEPTIONS)
    lists.shows_the_count(client.get(EXCEPTIONS, {"type": "praise,technician_complaint"}), 3)
    _sheet, lines = lists.exports_exactly(
        client, EXCEPTIONS, {"type": "praise"}, rows=2, list_code="exceptions", user=supervisor
    )
    assert "'=HYPERLINK(1)" in [row[5] for row in lines[1:]]


def test_d2_the_exception_list_costs_constant_queries(client, supervisor, station):
    ExceptionEvent.objects.create(type=ExceptionType.PRAISE, station=station)
    client.force_login(supervisor)
    few = lists.queries_of(client, EXCEPTIONS)
    for _ in range(12):
        ExceptionEvent.objects.create(type=ExceptionType.PRAISE, station=station)

    assert lists.queries_of(client, EXCEPTIONS) == few
