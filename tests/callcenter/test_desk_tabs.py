"""K-2 the desk's tabs: a repair ticket (routed), a complaint, or attaching the call — without retyping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from callcenter.models import Call, CallLink
from callcenter.services import call_event_record
from complaints.models import Complaint, ComplaintCategory
from tests.factories import CustomerAddressFactory, CustomerFactory, CustomerPhoneFactory, ServiceAreaFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

READ_BACK = {"confirmed_content": "on", "confirmed_address": "on", "confirmed_name": "on", "confirmed_phone": "on"}


@pytest.fixture
def caller(station):
    ServiceAreaFactory(station=station, district="顺义区", street="胜利街道", community="宏城花园")
    customer = CustomerFactory(name="王秀英")
    CustomerPhoneFactory(customer=customer, number="13812345678")
    CustomerAddressFactory(customer=customer, address="顺义区宏城花园3号楼2单元501")
    return customer


@pytest.fixture
def popped(agent, integration, caller):
    return call_event_record(
        external_id="cti-77",
        event="ringing",
        caller_number="13812345678",
        agent_number=agent.agent_number,
        actor=integration,
    ).call


def test_k2_the_repair_tab_shows_the_routing_proposal_for_the_callers_address(client, agent, popped, station):
    client.force_login(agent)

    html = client.get(reverse("callcenter:desk")).content.decode()

    assert f"{station.name}" in html
    assert 'id="route-proposal"' in html
    assert "顺义区宏城花园*号楼*单元***" in html  # placeholder: the record, masked
    assert "3号楼2单元501" not in html


def test_k2_a_repair_ticket_from_the_popped_call_needs_no_retyping_and_is_routed(
    client, agent, popped, caller, station
):
    client.force_login(agent)

    response = client.post(
        reverse("callcenter:desk_ticket"),
        {"call": popped.pk, "customer": caller.pk, "category": "not_warm", "severity": "normal", **READ_BACK},
    )

    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert (ticket.caller_name, ticket.caller_phone, ticket.address) == (
        "王秀英",
        "13812345678",
        "顺义区宏城花园3号楼2单元501",
    )
    assert (ticket.station, ticket.call, ticket.customer, ticket.created_by) == (station, popped, caller, agent)
    assert ticket.number in response.content.decode()
    popped.refresh_from_db()
    assert popped.call_type == "repair"


def test_bad_input_a_repair_ticket_without_the_read_backs_is_refused_and_nothing_is_saved(
    client, agent, popped, caller
):
    client.force_login(agent)

    response = client.post(
        reverse("callcenter:desk_ticket"),
        {
            "call": popped.pk,
            "customer": caller.pk,
            "category": "not_warm",
            "severity": "normal",
            "confirmed_content": "on",
        },
    )

    assert response.status_code == 422
    assert Ticket.objects.count() == 0
    popped.refresh_from_db()
    assert popped.call_type == ""


def test_bad_input_an_address_no_station_covers_is_refused(client, agent, popped, caller):
    client.force_login(agent)

    response = client.post(
        reverse("callcenter:desk_ticket"),
        {"call": popped.pk, "category": "leak", "severity": "normal", "address": "朝阳区不存在小区1号楼", **READ_BACK},
    )

    assert response.status_code == 422
    assert Ticket.objects.count() == 0
    assert response.context["ticket_tab"]["form"].errors


def test_k2_a_complaint_from_the_desk_makes_the_agent_its_first_responder(client, agent, popped, caller):
    category, _ = ComplaintCategory.objects.get_or_create(code="desk-test", defaults={"name": "坐席测试类别"})
    client.force_login(agent)

    response = client.post(
        reverse("callcenter:desk_complaint"),
        {
            "call": popped.pk,
            "customer": caller.pk,
            "category": category.pk,
            "severity": "normal",
            "subject": "维修工态度差",
            "statement": "维修工上门态度很差。",
        },
    )

    assert response.status_code == 200, response.content.decode()[:500]
    complaint = Complaint.objects.get()
    assert (complaint.call, complaint.customer, complaint.owner) == (popped, caller, agent)
    popped.refresh_from_db()
    assert popped.call_type == "complaint"


def test_k1_attaching_the_call_to_an_existing_ticket_links_it(client, agent, popped, caller):
    client.force_login(agent)
    client.post(
        reverse("callcenter:desk_ticket"),
        {"call": popped.pk, "customer": caller.pk, "category": "not_warm", "severity": "normal", **READ_BACK},
    )
    ticket = Ticket.objects.get()
    again = Call.objects.create(direction="inbound", caller_number="13812345678", agent=agent, status="talking")

    response = client.post(reverse("callcenter:desk_attach"), {"call": again.pk, "number": ticket.number})

    assert response.status_code == 200
    assert CallLink.objects.get().ticket == ticket
    detail = client.get(reverse("callcenter:call_detail", args=[again.pk])).content.decode()
    assert ticket.number in detail
    created = client.get(reverse("callcenter:call_detail", args=[popped.pk])).content.decode()
    assert ticket.number in created


def test_bad_input_attaching_to_an_unknown_number_saves_nothing(client, agent, popped):
    client.force_login(agent)

    response = client.post(reverse("callcenter:desk_attach"), {"call": popped.pk, "number": "99999999"})

    assert response.status_code == 422
    assert CallLink.objects.count() == 0


def test_k2_the_screen_pop_lists_the_callers_open_tickets(client, agent, popped, caller, integration):
    client.force_login(agent)
    client.post(
        reverse("callcenter:desk_ticket"),
        {"call": popped.pk, "customer": caller.pk, "category": "not_warm", "severity": "normal", **READ_BACK},
    )
    ticket = Ticket.objects.get()

    response = client.get("/api/v1/customers/lookup/", {"phone": "13812345678"})

    assert [t["number"] for t in response.json()["matches"][0]["open_tickets"]] == [ticket.number]


def test_desk_tabs_refuse_roles_without_the_permission(client, station_user, gm, popped):
    for user in (station_user, gm):
        client.force_login(user)
        assert client.post(reverse("callcenter:desk_ticket"), {"category": "leak"}).status_code == 403
        assert client.post(reverse("callcenter:desk_complaint"), {}).status_code == 403
    assert Ticket.objects.count() == 0


def test_an_agent_cannot_create_a_ticket_on_another_agents_call(client, other_agent, popped, caller):
    client.force_login(other_agent)

    response = client.post(
        reverse("callcenter:desk_ticket"),
        {"call": popped.pk, "category": "not_warm", "severity": "normal", **READ_BACK},
    )

    assert response.status_code == 404
    assert Ticket.objects.count() == 0


def test_k2_the_repair_tab_routes_while_the_address_is_typed_with_the_same_partial_as_tickets_new(
    client, agent, caller, popped, station, other_station
):
    ServiceAreaFactory(station=other_station, district="顺义区", street="光明街道", community="裕龙花园一区")
    client.force_login(agent)

    typed = client.get(reverse("tickets:route"), {"address": "顺义区裕龙花园一区5号楼", "customer": caller.pk})
    emptied = client.get(reverse("tickets:route"), {"address": "", "customer": caller.pk})
    nothing = client.get(reverse("tickets:route"), {"address": ""})

    assert 'class="route route-exact"' in typed.content.decode() and other_station.name in typed.content.decode()
    assert station.name in emptied.content.decode()  # an empty field means the caller's recorded address
    assert "route" not in nothing.content.decode()
    desk = client.get(reverse("callcenter:desk")).content.decode()
    assert 'hx-get="/tickets/route/"' in desk and 'hx-target="#route-proposal"' in desk


def test_k2_the_desk_s_repair_tab_and_tickets_new_read_the_same_closing_line(client, agent, popped, supervisor):
    from callcenter.models import Script

    Script.objects.update_or_create(kind="closing", defaults={"text": "好的，师傅很快联系您。再见！"})
    client.force_login(agent)

    desk = client.get(reverse("callcenter:desk")).content.decode()
    intake = client.get(reverse("tickets:ticket_new")).content.decode()

    assert 'id="ticket-closing-script">好的，师傅很快联系您。再见！<' in desk
    assert 'id="closing-script">好的，师傅很快联系您。再见！<' in intake
