"""T-4 lifecycle and T-5 deadlines: every step with actor and time; illegal steps refused; fee rules (X-4)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from csc.api import DomainError
from tests.factories import StationFactory
from tickets import services
from tickets.actions import ACTION_SPECS
from tickets.choices import Category, Status
from tickets.models import Ticket, TicketEvent, TimeLimit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(agent, demo_areas, ticket_input):
    return services.ticket_create(actor=agent, **ticket_input)


def test_t4_the_full_lifecycle_records_each_step_with_actor_and_time(ticket, agent, hongcheng_user):
    t0 = ticket.dispatched_at
    ticket = services.ticket_accept(
        ticket=ticket, actor=hongcheng_user, technician="孙师傅", at=t0 + timedelta(minutes=5)
    )
    ticket = services.ticket_contact(ticket=ticket, actor=hongcheng_user, at=t0 + timedelta(minutes=10))
    ticket = services.ticket_arrive(ticket=ticket, actor=hongcheng_user, at=t0 + timedelta(minutes=25))
    ticket = services.ticket_complete(
        ticket=ticket,
        actor=hongcheng_user,
        result="更换阀门",
        fee_charged=True,
        fee_amount="35",
        at=t0 + timedelta(minutes=60),
    )
    ticket = services.ticket_callback(ticket=ticket, actor=agent, note="满意", at=t0 + timedelta(hours=3))
    ticket = services.ticket_close(ticket=ticket, actor=agent, at=t0 + timedelta(hours=3, minutes=1))

    assert ticket.status == Status.CLOSED
    assert ticket.fee_amount == Decimal("35.00")
    assert ticket.technician == "孙师傅"
    assert ticket.accepted_at == t0 + timedelta(minutes=5)
    assert ticket.contact_due_at == t0 + timedelta(minutes=35)
    assert ticket.arrive_due_at == t0 + timedelta(minutes=30)
    steps = list(TicketEvent.objects.filter(ticket=ticket).values_list("action", "actor"))
    assert steps == [
        ("create", agent.pk),
        ("dispatch", agent.pk),
        ("accept", hongcheng_user.pk),
        ("contact", hongcheng_user.pk),
        ("arrive", hongcheng_user.pk),
        ("complete", hongcheng_user.pk),
        ("callback", agent.pk),
        ("close", agent.pk),
    ]


def test_t4_reject_needs_a_reason_and_returns_the_ticket_to_the_agent_queue(ticket, agent, hongcheng_user, demo_areas):
    with pytest.raises(ValidationError):
        services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason=" ")

    ticket = services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="不在本站片区")

    assert ticket.status == Status.RETURNED
    assert ticket.station is None
    assert ticket.reject_count == 1
    assert TicketEvent.objects.filter(ticket=ticket, action="reject").get().station == demo_areas["宏城"]

    ticket = services.ticket_dispatch(
        ticket=ticket, actor=agent, station=demo_areas["裕龙"], override_reason="住户更正地址"
    )

    assert ticket.status == Status.DISPATCHED
    assert ticket.station == demo_areas["裕龙"]
    assert ticket.route_overridden is True


@pytest.mark.parametrize("action", ["contact", "arrive", "complete", "callback", "close", "dispatch"])
def test_t4_illegal_steps_are_refused_with_a_clear_message_and_change_nothing(ticket, supervisor, action):
    kwargs = {"result": "x", "fee_charged": False} if action == "complete" else {}

    with pytest.raises(DomainError) as error:
        ACTION_SPECS[action].service(ticket=ticket, actor=supervisor, **kwargs)

    assert ticket.number in error.value.message
    ticket.refresh_from_db()
    assert ticket.status == Status.DISPATCHED
    assert TicketEvent.objects.filter(ticket=ticket).count() == 2


def test_x4_completing_a_ticket_never_accepted_is_refused(ticket, hongcheng_user):
    with pytest.raises(DomainError):
        services.ticket_complete(ticket=ticket, actor=hongcheng_user, result="修好了", fee_charged=False)

    ticket.refresh_from_db()
    assert ticket.completed_at is None


@pytest.mark.parametrize(
    ("charged", "amount", "field"),
    [
        (False, "20", "fee_amount"),  # a fee without "charged"
        (True, "-5", "fee_amount"),  # negative
        (True, None, "fee_amount"),  # charged, no amount
        (None, None, "fee_charged"),  # not said
        (True, "abc", "fee_amount"),
    ],
)
def test_x4_bad_fees_are_refused_and_nothing_changes(ticket, hongcheng_user, charged, amount, field):
    services.ticket_accept(ticket=ticket, actor=hongcheng_user)
    services.ticket_contact(ticket=ticket, actor=hongcheng_user)

    with pytest.raises(ValidationError) as error:
        services.ticket_complete(
            ticket=ticket, actor=hongcheng_user, result="修好了", fee_charged=charged, fee_amount=amount
        )

    assert field in error.value.message_dict
    ticket.refresh_from_db()
    assert (ticket.status, ticket.fee_amount, ticket.fee_charged) == (Status.CONTACTED, None, None)


def test_x4_a_station_user_cannot_act_for_another_station(ticket, yulong_user):
    with pytest.raises(PermissionDenied):
        services.ticket_accept(ticket=ticket, actor=yulong_user)

    ticket.refresh_from_db()
    assert ticket.status == Status.DISPATCHED


def test_an_agent_may_not_do_the_station_steps(ticket, agent):
    with pytest.raises(PermissionDenied):
        services.ticket_accept(ticket=ticket, actor=agent)


def test_t5_limits_per_station_and_category_override_the_default(agent, demo_areas, ticket_input):
    hongcheng = demo_areas["宏城"]
    TimeLimit.objects.create(station=hongcheng, category="", accept_minutes=10)
    TimeLimit.objects.create(station=hongcheng, category=Category.LEAK, accept_minutes=5, finish_minutes=120)
    TimeLimit.objects.create(station=None, category=Category.LEAK, accept_minutes=7)

    leak = services.ticket_create(actor=agent, **{**ticket_input, "category": "leak"})
    cold = services.ticket_create(actor=agent, **{**ticket_input, "category": "cold"})

    assert leak.accept_due_at - leak.dispatched_at == timedelta(minutes=5)
    assert leak.finish_due_at - leak.dispatched_at == timedelta(minutes=120)
    assert cold.accept_due_at - cold.dispatched_at == timedelta(minutes=10)


def test_t5_default_row_from_the_migration_is_used_and_editable(agent, demo_areas, ticket_input):
    TimeLimit.objects.update_or_create(station=None, category="", defaults={"accept_minutes": 12})

    ticket = services.ticket_create(actor=agent, **ticket_input)

    assert ticket.accept_due_at - ticket.dispatched_at == timedelta(minutes=12)


def test_t5_a_promised_arrival_time_sets_the_on_site_deadline(ticket, hongcheng_user):
    services.ticket_accept(ticket=ticket, actor=hongcheng_user)
    promised = timezone.now() + timedelta(hours=1)

    ticket = services.ticket_contact(
        ticket=Ticket.objects.get(pk=ticket.pk), actor=hongcheng_user, promised_arrival_at=promised
    )

    assert ticket.arrive_due_at == promised


def test_station_user_of_an_inactive_override_station_is_refused(ticket, agent, hongcheng_user):
    services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="错站")
    closed = StationFactory(is_active=False)

    with pytest.raises(ValidationError):
        services.ticket_dispatch(ticket=ticket, actor=agent, station=closed, override_reason="x")
