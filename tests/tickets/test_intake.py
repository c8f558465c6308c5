"""T-2 intake and T-3 routing at creation: the ticket records the call, links the customer, goes to one station."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from callcenter.models import Call
from customers.models import Customer
from tests.factories import CustomerAddressFactory, CustomerPhoneFactory, StationFactory
from tickets import services
from tickets.choices import RouteOutcome, Status
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def test_t2_ticket_records_intake_routes_and_dispatches(agent, demo_areas, ticket_input):
    ticket = services.ticket_create(actor=agent, **ticket_input)

    assert ticket.number.startswith("BX") and len(ticket.number) == 10
    assert ticket.station == demo_areas["宏城"]
    assert ticket.status == Status.DISPATCHED
    assert ticket.caller_phone == "13812345678"
    assert ticket.fault_location == "卧室暖气片"
    assert ticket.route_outcome == RouteOutcome.EXACT
    assert ticket.route_overridden is False
    assert (ticket.confirmed_content, ticket.confirmed_address, ticket.confirmed_name, ticket.confirmed_phone) == (
        True,
        True,
        True,
        True,
    )
    assert list(TicketEvent.objects.filter(ticket=ticket).values_list("action", "to_status", "actor")) == [
        ("create", "created", agent.pk),
        ("dispatch", "dispatched", agent.pk),
    ]


def test_t4_ticket_numbers_are_gapless_and_prefixed_so_never_a_complaint_number(agent, demo_areas, ticket_input):
    first = services.ticket_create(actor=agent, **ticket_input)
    second = services.ticket_create(actor=agent, **ticket_input)

    assert int(second.number[2:]) == int(first.number[2:]) + 1
    assert not first.number.isdigit()


def test_t2_ticket_links_the_customer_by_phone(agent, demo_areas, ticket_input):
    phone = CustomerPhoneFactory(number="13812345678")

    ticket = services.ticket_create(actor=agent, **ticket_input)

    assert ticket.customer == phone.customer


def test_t2_ticket_links_the_customer_by_address_when_the_phone_is_unknown(agent, demo_areas, ticket_input):
    address = CustomerAddressFactory(address="顺义区宏城花园3号楼2单元501")

    ticket = services.ticket_create(actor=agent, **{**ticket_input, "caller_phone": "13900000000"})

    assert ticket.customer == address.customer


def test_t2_a_phone_shared_by_two_customers_links_none(agent, demo_areas, ticket_input):
    CustomerPhoneFactory(number="13812345678")
    CustomerPhoneFactory(number="13812345678")

    ticket = services.ticket_create(actor=agent, **ticket_input)

    assert ticket.customer is None
    assert Customer.objects.count() == 2


def test_t2_ticket_links_the_call_it_came_from(agent, demo_areas, ticket_input):
    call = Call.objects.create(direction="inbound", caller_number="13812345678", agent=agent)

    ticket = services.ticket_create(actor=agent, call=call, **ticket_input)

    assert ticket.call == call


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"caller_phone": "138abc45678"}, "caller_phone"),
        ({"caller_phone": "12345"}, "caller_phone"),
        ({"caller_phone": ""}, "caller_phone"),
        ({"caller_name": "  "}, "caller_name"),
        ({"category": "boiler"}, "category"),
        ({"severity": "apocalyptic"}, "severity"),
        ({"confirmed_address": False}, "confirmed_address"),
        ({"confirmed_phone": False}, "confirmed_phone"),
        ({"address": "顺义区和平小区3号楼"}, "address"),
        ({"address": "站前街小区"}, "address"),
    ],
)
def test_x4_bad_intake_is_refused_per_field_and_nothing_is_saved(agent, demo_areas, ticket_input, change, field):
    with pytest.raises(ValidationError) as error:
        services.ticket_create(actor=agent, **{**ticket_input, **change})

    assert field in error.value.message_dict
    assert Ticket.objects.count() == 0
    assert TicketEvent.objects.count() == 0


def test_t3_address_in_no_area_says_so(agent, demo_areas, ticket_input):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.ticket_create(actor=agent, **{**ticket_input, "address": "顺义区和平小区3号楼"})

    assert error.value.message_dict["address"] == ["No station covers this address."]


def test_t3_agent_may_override_the_routing_with_a_reason_and_it_is_counted(agent, demo_areas, ticket_input):
    ticket = services.ticket_create(
        actor=agent, station=demo_areas["裕龙"], override_reason="住户说楼号已改为裕龙管", **ticket_input
    )

    assert ticket.station == demo_areas["裕龙"]
    assert ticket.proposed_station == demo_areas["宏城"]
    assert ticket.route_overridden is True
    assert ticket.override_reason == "住户说楼号已改为裕龙管"


def test_t3_override_without_a_reason_is_refused(agent, demo_areas, ticket_input):
    with pytest.raises(ValidationError) as error:
        services.ticket_create(actor=agent, station=demo_areas["裕龙"], **ticket_input)

    assert "override_reason" in error.value.message_dict
    assert Ticket.objects.count() == 0


def test_t3_choosing_a_station_for_an_ambiguous_address_needs_a_reason_and_counts(agent, demo_areas, ticket_input):
    ticket = services.ticket_create(
        actor=agent,
        station=demo_areas["马坡"],
        override_reason="住户确认在秀水花园8号楼",
        **{**ticket_input, "address": "秀水花园"},
    )

    assert ticket.route_outcome == RouteOutcome.AMBIGUOUS
    assert ticket.route_overridden is True


def test_x4_an_inactive_station_is_refused(agent, demo_areas, ticket_input):
    closed = StationFactory(is_active=False)

    with pytest.raises(ValidationError) as error:
        services.ticket_create(actor=agent, station=closed, override_reason="x", **ticket_input)

    assert "station" in error.value.message_dict


def test_t5_dispatch_stores_the_accept_and_finish_deadlines(agent, demo_areas, ticket_input):
    ticket = services.ticket_create(actor=agent, **ticket_input)

    assert (ticket.accept_due_at - ticket.dispatched_at).total_seconds() == 15 * 60
    assert (ticket.finish_due_at - ticket.dispatched_at).total_seconds() == 240 * 60
    assert ticket.contact_due_at is None


def test_creating_a_ticket_costs_a_constant_number_of_queries(
    agent, demo_areas, ticket_input, django_assert_max_num_queries
):
    services.ticket_create(actor=agent, **ticket_input)
    for _ in range(5):
        services.ticket_create(actor=agent, **ticket_input)

    with django_assert_max_num_queries(16):
        services.ticket_create(actor=agent, **ticket_input)
