"""The ticket page and the API take one action input (tickets/actions.py): the same fields, read by the same
serializers, refused with the same messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tickets import services
from tickets.actions import ACTION_SPECS
from tickets.choices import Status
from tickets.workflow import MACHINE

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(agent, demo_areas, ticket_input):
    return services.ticket_create(actor=agent, **ticket_input)


def _page_step(client, ticket, step: str, data: dict) -> list[str]:
    """Press the button on the ticket page; the messages it leaves for the page it goes back to."""
    response = client.post(reverse("tickets:ticket_step", args=[ticket.number, step]), data)
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_every_action_of_the_machine_has_its_input_and_service():
    assert tuple(ACTION_SPECS) == MACHINE.names


def test_a_reject_without_a_reason_is_refused_the_same_way_on_the_page_and_the_api(
    client, api_as, hongcheng_user, ticket
):
    client.force_login(hongcheng_user)

    page = _page_step(client, ticket, "reject", {"reason": ""})
    api = api_as(hongcheng_user).post(f"/api/v1/tickets/{ticket.number}/reject/", {}, format="json")

    assert api.status_code == 400
    assert page == api.json()["reason"] and len(page) == 1
    ticket.refresh_from_db()
    assert (ticket.status, ticket.reject_count) == (Status.DISPATCHED, 0)


def test_a_malformed_promised_arrival_is_refused_with_the_same_message_on_the_page_and_the_api(
    client, api_as, hongcheng_user, ticket
):
    services.ticket_accept(ticket=ticket, actor=hongcheng_user)
    client.force_login(hongcheng_user)

    page = _page_step(client, ticket, "contact", {"promised_arrival_at": "tomorrow"})
    api = api_as(hongcheng_user).post(
        f"/api/v1/tickets/{ticket.number}/contact/", {"promised_arrival_at": "tomorrow"}, format="json"
    )

    assert api.status_code == 400
    assert page == [f"promised_arrival_at: {api.json()['promised_arrival_at'][0]}"]
    ticket.refresh_from_db()
    assert ticket.status == Status.ACCEPTED


@pytest.mark.parametrize("channel", ["page", "api"])
def test_contact_takes_the_promised_arrival_as_the_pages_datetime_local_field_sends_it(
    client, api_as, hongcheng_user, ticket, channel
):
    services.ticket_accept(ticket=ticket, actor=hongcheng_user)
    promised = (timezone.localtime() + timedelta(days=1)).replace(second=0, microsecond=0)
    data = {"note": "已联系", "promised_arrival_at": promised.strftime("%Y-%m-%dT%H:%M")}  # 2026-12-01T10:00
    client.force_login(hongcheng_user)

    if channel == "page":
        assert (
            'type="datetime-local" name="promised_arrival_at"'
            in client.get(reverse("tickets:ticket_detail", args=[ticket.number])).content.decode()
        )
        _page_step(client, ticket, "contact", data)
    else:
        response = api_as(hongcheng_user).post(f"/api/v1/tickets/{ticket.number}/contact/", data, format="json")
        assert response.status_code == 200

    ticket.refresh_from_db()
    assert ticket.status == Status.CONTACTED
    assert ticket.arrive_due_at == promised


def test_the_page_redispatches_to_a_station_named_by_its_code_as_the_api_does(
    client, agent, hongcheng_user, ticket, demo_areas
):
    services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="不在本站片区")
    client.force_login(agent)

    page = client.get(reverse("tickets:ticket_detail", args=[ticket.number])).content.decode()
    _page_step(client, ticket, "dispatch", {"station": "yulong", "override_reason": "住户更正地址"})

    assert '<option value="yulong">' in page
    ticket.refresh_from_db()
    assert (ticket.status, ticket.station) == (Status.DISPATCHED, demo_areas["裕龙"])
    assert ticket.override_reason == "住户更正地址"
