"""K-2 the agent desk: screen-pop by polling, manual calls, wrap-up, consultations and pending questions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from callcenter.models import Call, Consultation, PendingQuestion
from callcenter.services import call_event_record
from compliance.models import AccessLogEntry
from tests.callcenter.factories import CallFactory, FaqEntryFactory
from tests.factories import CustomerAddressFactory, CustomerFactory, CustomerPhoneFactory

pytestmark = pytest.mark.django_db

DESK = reverse("callcenter:desk")
POLL = reverse("callcenter:desk_current")


def ring(agent, integration, *, number="13812345678", external_id="cti-9"):
    return call_event_record(
        external_id=external_id,
        event="ringing",
        caller_number=number,
        agent_number=agent.agent_number,
        actor=integration,
    ).call


def test_k2_the_desk_waits_for_a_call_and_polls_every_second(client, agent):
    client.force_login(agent)

    response = client.get(DESK)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert f"{POLL}?shown=none" in html
    assert response.context["call"] is None


def test_k2_the_poll_answers_204_while_nothing_changes(client, agent):
    client.force_login(agent)

    assert client.get(POLL, {"shown": "none"}).status_code == 204


def test_k2_a_ringing_event_pops_the_caller_on_that_agents_next_poll(client, agent, other_agent, integration):
    customer = CustomerFactory(name="王秀英")
    CustomerPhoneFactory(customer=customer, number="13812345678")
    CustomerAddressFactory(customer=customer, address="顺义区宏城花园3号楼2单元501")
    client.force_login(agent)
    call = ring(agent, integration)

    response = client.get(POLL, {"shown": "none"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "138****5678" in html
    assert 'id="desk-work"' in html and 'hx-swap-oob="true"' in html  # the caller and the tabs come along
    assert "王**" in html
    assert "王秀英" not in html
    assert f"shown={call.pk}:ringing" in html
    assert AccessLogEntry.objects.filter(user=agent, customer=customer, channel="screen_pop").count() == 1
    client.force_login(other_agent)
    assert client.get(POLL, {"shown": "none"}).status_code == 204


def test_k2_a_status_change_of_the_same_call_leaves_the_work_area_alone(client, agent, integration):
    client.force_login(agent)
    call = ring(agent, integration)
    call_event_record(
        external_id="cti-9",
        event="answered",
        caller_number="13812345678",
        agent_number=agent.agent_number,
        actor=integration,
    )

    response = client.get(POLL, {"shown": f"{call.pk}:ringing"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f"shown={call.pk}:talking" in html
    assert "desk-work" not in html  # a form being typed survives


def test_k2_a_number_of_several_customers_pops_them_all_as_maybe(client, agent, integration):
    CustomerPhoneFactory(number="13812345678", customer=CustomerFactory(name="李桂兰"))
    CustomerPhoneFactory(number="13812345678", customer=CustomerFactory(name="赵志强"))
    client.force_login(agent)
    ring(agent, integration)

    html = client.get(DESK).content.decode()

    assert html.count('class="match maybe"') == 2
    assert "李**" in html and "赵**" in html
    assert 'id="maybe-note"' in html


def test_k2_choosing_one_of_the_maybe_customers_links_the_call(client, agent, integration):
    CustomerPhoneFactory(number="13812345678")
    chosen = CustomerPhoneFactory(number="13812345678").customer
    client.force_login(agent)
    call = ring(agent, integration)

    response = client.get(reverse("callcenter:desk_work"), {"call": call.pk, "customer": chosen.pk})

    assert response.status_code == 200
    call.refresh_from_db()
    assert call.customer == chosen
    assert response.context["chosen"].customer == chosen


def test_k2_an_agent_may_not_open_another_agents_call_on_the_desk(client, agent, other_agent, integration):
    call = ring(other_agent, integration)
    client.force_login(agent)

    assert client.get(reverse("callcenter:desk_work"), {"call": call.pk}).status_code == 404


def test_k2_a_call_started_by_hand_shows_on_the_desk_and_is_wrapped_up(client, agent):
    client.force_login(agent)

    client.post(reverse("callcenter:desk_start"), {"phone": "+86 139-0000-1111", "direction": "inbound"})

    call = Call.objects.get()
    assert (call.source, call.status, call.agent, call.caller_number) == ("manual", "talking", agent, "13900001111")
    assert client.get(DESK).context["call"] == call

    response = client.post(
        reverse("callcenter:call_wrap_up", args=[call.pk]),
        {"call_type": "consultation", "summary": "询问停暖时间", "end_call": "on"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    call.refresh_from_db()
    assert (call.call_type, call.summary, call.status) == ("consultation", "询问停暖时间", "ended")
    assert call.wrapped_up_at is not None
    assert client.get(DESK).context["call"] is None  # wrapped up: the desk waits for the next call


def test_bad_input_starting_a_call_without_a_phone_number_saves_nothing(client, agent):
    client.force_login(agent)

    response = client.post(reverse("callcenter:desk_start"), {"phone": "hello", "direction": "inbound"}, follow=True)

    assert Call.objects.count() == 0
    assert "Not a phone number" in str(list(response.context["messages"])[0]) or "不是" in str(
        list(response.context["messages"])[0]
    )


def test_k1_wrap_up_by_another_agent_is_refused_and_changes_nothing(client, agent, other_agent):
    call = CallFactory(agent=agent, summary="")
    client.force_login(other_agent)

    response = client.post(reverse("callcenter:call_wrap_up", args=[call.pk]), {"call_type": "repair", "summary": "x"})

    assert response.status_code == 404
    call.refresh_from_db()
    assert call.summary == ""


def test_bad_input_wrap_up_without_type_is_422_and_saves_nothing(client, agent):
    call = CallFactory(agent=agent, summary="")
    client.force_login(agent)

    response = client.post(
        reverse("callcenter:call_wrap_up", args=[call.pk]), {"call_type": "", "summary": "x"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 422
    call.refresh_from_db()
    assert (call.call_type, call.summary, call.wrapped_up_at) == ("", "", None)


def test_k6_a_consultation_is_recorded_with_the_standard_answer_used(client, agent):
    call = CallFactory(agent=agent, status="talking", ended_at=None)
    entry = FaqEntryFactory(title="停暖时间", answer="每年3月15日停止供暖。")
    client.force_login(agent)

    response = client.post(
        reverse("callcenter:consultation_create"),
        {"call": call.pk, "question": "什么时候停暖？", "answer": "", "faq_entry": entry.pk},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    consultation = Consultation.objects.get()
    assert (consultation.call, consultation.agent, consultation.faq_entry, consultation.faq_version) == (
        call,
        agent,
        entry,
        1,
    )
    assert consultation.answer == "每年3月15日停止供暖。"
    call.refresh_from_db()
    assert call.call_type == "consultation"


def test_bad_input_a_consultation_without_an_answer_is_422_and_saves_nothing(client, agent):
    client.force_login(agent)

    response = client.post(reverse("callcenter:consultation_create"), {"question": "问题", "answer": ""})

    assert response.status_code == 422
    assert Consultation.objects.count() == 0


def test_k6_a_question_without_a_standard_answer_goes_to_a_department(client, agent):
    call = CallFactory(agent=agent)
    client.force_login(agent)

    response = client.post(
        reverse("callcenter:pending_create"),
        {"call": call.pk, "question": "阳台加装暖气片要审批吗？", "department": "工程部"},
    )

    assert response.status_code == 200
    pending = PendingQuestion.objects.get()
    assert (pending.status, pending.department, pending.asked_by, pending.call) == ("open", "工程部", agent, call)


def test_desk_permissions(client, station_user, gm):
    assert client.get(DESK).status_code == 302
    client.force_login(station_user)
    assert client.get(DESK).status_code == 403
    assert client.get(POLL).status_code == 403
    client.force_login(gm)
    assert client.get(DESK).status_code == 403


def test_the_poll_stays_cheap(client, agent, integration, django_assert_max_num_queries):
    client.force_login(agent)
    ring(agent, integration)
    call = Call.objects.get()

    with django_assert_max_num_queries(8):
        assert client.get(POLL, {"shown": f"{call.pk}:ringing"}).status_code == 204


def test_an_ended_unwrapped_call_stays_on_the_desk_for_the_summary(client, agent):
    call = CallFactory(agent=agent, ended_at=timezone.now() - timedelta(minutes=3), wrapped_up_at=None)
    CallFactory(agent=agent, ended_at=timezone.now() - timedelta(hours=5), wrapped_up_at=None)
    client.force_login(agent)

    assert client.get(DESK).context["call"] == call
