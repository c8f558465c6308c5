"""K-1 and the telephony API: POST api/v1/calls/ events, idempotent and order-independent; play_call."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from callcenter import services
from callcenter.models import Call, CallEvent
from tests.factories import CustomerPhoneFactory

pytestmark = pytest.mark.django_db


def gettext(message: str) -> str:
    """The message as the API answers it: in the product's default language (Chinese first)."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


URL = "/api/v1/calls/"
T0 = timezone.now().replace(microsecond=0) - timedelta(minutes=10)


def event(kind, *, at, agent="", cause="", external_id="cti-1", caller="13812345678"):
    body = {
        "external_id": external_id,
        "event": kind,
        "occurred_at": (T0 + timedelta(seconds=at)).isoformat(),
        "caller_number": caller,
        "called_number": "96069",
        "direction": "inbound",
    }
    if agent:
        body["agent_number"] = agent
    if cause:
        body["cause"] = cause
    return body


def full_call(agent_number):
    return [
        event("queued", at=0),
        event("ringing", at=20, agent=agent_number),
        event("answered", at=26, agent=agent_number),
        event("hangup", at=146, cause="completed"),
    ]


def test_k1_a_call_played_step_by_step_ends_with_its_times_agent_and_ring_seconds(api_as, integration, agent):
    client = api_as(integration)
    steps = full_call(agent.agent_number)

    responses = [client.post(URL, body, format="json") for body in steps]

    assert [r.status_code for r in responses] == [201, 200, 200, 200]
    call = Call.objects.get(external_id="cti-1")
    assert call.status == "ended"
    assert call.hangup_cause == "completed"
    assert call.agent == agent
    assert call.queued_at == T0
    assert call.ringing_at == T0 + timedelta(seconds=20)
    assert call.answered_at == T0 + timedelta(seconds=26)
    assert call.ended_at == T0 + timedelta(seconds=146)
    assert call.ring_seconds == 6
    assert call.caller_number == "13812345678"
    assert responses[-1].json()["caller_number"] == "138****5678"
    assert responses[-1].json()["duplicate"] is False


def test_k1_events_replayed_as_received_then_list_the_call_at_their_time(integration, agent):
    """A past day replayed (the demo's season): the call is listed, wrapped up and consulted on at its own times."""
    start = T0 - timedelta(days=20)
    steps = [
        ("queued", 0, ""),
        ("ringing", 4, agent.agent_number),
        ("answered", 9, agent.agent_number),
        ("hangup", 130, ""),
    ]

    for kind, second, agent_number in steps:
        result = services.call_event_record(
            external_id="replayed",
            event=kind,
            caller_number="13812345678",
            agent_number=agent_number,
            occurred_at=start + timedelta(seconds=second),
            received_at=start + timedelta(seconds=second),
            actor=integration,
        )
    call = result.call
    consultation = services.consultation_record(
        question="什么时候停暖?", answer="3月15日", call=call, actor=agent, at=start + timedelta(seconds=60)
    )
    services.call_wrap_up(
        call=call, call_type="consultation", summary="询问停暖时间", actor=agent, at=start + timedelta(seconds=150)
    )
    call.refresh_from_db()

    assert (call.created_at, call.queued_at, call.ended_at) == (start, start, start + timedelta(seconds=130))
    assert call.wrapped_up_at == start + timedelta(seconds=150)
    assert consultation.created_at == start + timedelta(seconds=60)
    assert list(CallEvent.objects.filter(call=call).values_list("received_at", flat=True).order_by("id")) == [
        start + timedelta(seconds=second) for _kind, second, _agent in steps
    ]


def test_k1_a_retried_event_returns_the_same_call_and_changes_nothing(api_as, integration, agent):
    client = api_as(integration)
    for body in full_call(agent.agent_number):
        client.post(URL, body, format="json")
    call = Call.objects.get(external_id="cti-1")
    history_before = call.history.count()

    retry = event("answered", at=99, agent=agent.agent_number)  # a retry may even carry another time
    response = client.post(URL, retry, format="json")

    assert response.status_code == 200
    assert response.json()["duplicate"] is True
    assert response.json()["id"] == call.pk
    assert CallEvent.objects.filter(call=call).count() == 4
    call.refresh_from_db()
    assert call.answered_at == T0 + timedelta(seconds=26)
    assert call.history.count() == history_before
    assert Call.objects.count() == 1


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_k1_events_in_any_order_give_the_same_final_state(api_as, integration, agent, order):
    client = api_as(integration)
    steps = full_call(agent.agent_number)

    for index in order:
        client.post(URL, steps[index], format="json")

    call = Call.objects.get(external_id="cti-1")
    assert (call.status, call.hangup_cause, call.agent_id, call.ring_seconds) == ("ended", "completed", agent.pk, 6)
    assert (call.queued_at, call.answered_at, call.ended_at) == (
        T0,
        T0 + timedelta(seconds=26),
        T0 + timedelta(seconds=146),
    )


def test_k1_a_ring_at_another_agent_after_no_answer_is_a_new_step(api_as, integration, agent, other_agent):
    client = api_as(integration)
    client.post(URL, event("ringing", at=0, agent=agent.agent_number), format="json")
    client.post(URL, event("ringing", at=15, agent=other_agent.agent_number), format="json")

    client.post(URL, event("answered", at=19, agent=other_agent.agent_number), format="json")

    call = Call.objects.get()
    assert call.agent == other_agent
    assert call.ring_seconds == 4
    assert call.status == "talking"


@pytest.mark.parametrize(
    ("steps", "status", "cause"),
    [
        ([("queued", 0, ""), ("hangup", 40, "abandoned")], "ended", "abandoned"),
        ([("queued", 0, ""), ("ringing", 5, "A"), ("hangup", 40, "no_answer")], "ended", "no_answer"),
        ([("queued", 0, ""), ("ringing", 5, "A"), ("hangup", 40, "")], "ended", "no_answer"),
        ([("queued", 0, "")], "queued", ""),
        ([("queued", 0, ""), ("ringing", 5, "A")], "ringing", ""),
    ],
)
def test_k1_hang_up_causes_and_open_states(api_as, integration, agent, steps, status, cause):
    client = api_as(integration)
    for kind, at, extra in steps:
        agent_number = agent.agent_number if extra == "A" else ""
        hangup_cause = extra if kind == "hangup" else ""
        assert client.post(
            URL, event(kind, at=at, agent=agent_number, cause=hangup_cause), format="json"
        ).status_code in (200, 201)

    call = Call.objects.get()
    assert (call.status, call.hangup_cause) == (status, cause)


def test_bad_input_an_unknown_agent_number_is_kept_with_a_clear_warning(api_as, integration):
    client = api_as(integration)

    response = client.post(URL, event("ringing", at=0, agent="7777"), format="json")

    assert response.status_code == 201
    assert "7777" in response.json()["warnings"][0]
    call = Call.objects.get()
    assert call.agent is None
    assert call.agent_number == "7777"
    assert CallEvent.objects.get().agent_number == "7777"


def test_bad_input_an_event_for_an_unknown_call_logs_the_call_from_it(api_as, integration, agent):
    client = api_as(integration)

    response = client.post(URL, event("hangup", at=60, cause="completed", external_id="never-seen"), format="json")

    assert response.status_code == 201
    assert response.json()["warnings"] == [
        gettext("No earlier event of this call was received: it is logged from this one.")
    ]
    assert Call.objects.get(external_id="never-seen").status == "ended"


def test_bad_input_times_out_of_order_are_kept_with_a_warning(api_as, integration, agent):
    client = api_as(integration)
    client.post(URL, event("ringing", at=30, agent=agent.agent_number), format="json")

    response = client.post(URL, event("answered", at=10, agent=agent.agent_number), format="json")

    assert response.status_code == 200
    assert response.json()["warnings"] == [
        gettext("The answer time is before the ringing time; the times are kept as reported.")
    ]
    call = Call.objects.get()
    assert call.ring_seconds == 0
    assert call.answered_at == T0 + timedelta(seconds=10)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("+86 138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("(010) 6944-0000", "01069440000"),
        ("+86 10 6944 0000", "01069440000"),
        ("+86-10-69440000", "01069440000"),
        ("400-810-8888", "4008108888"),
        ("800 810 8888", "8008108888"),
        ("12345", "12345"),
    ],
)
def test_bad_input_phone_numbers_in_common_chinese_formats_are_normalised(api_as, integration, raw, stored):
    response = api_as(integration).post(URL, {**event("queued", at=0), "caller_number": raw}, format="json")

    assert response.status_code == 201
    assert Call.objects.get().caller_number == stored


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"caller_number": "call me"}, "caller_number"),
        ({"caller_number": ""}, "caller_number"),
        ({"caller_number": "12"}, "caller_number"),
        ({"event": "exploded"}, "event"),
        ({"external_id": ""}, "external_id"),
        ({"external_id": "x" * 101}, "external_id"),
        ({"cause": "completed"}, "cause"),
        ({"event": "ringing"}, "agent_number"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": (timezone.now() + timedelta(hours=2)).isoformat()}, "occurred_at"),
        ({"direction": "sideways"}, "direction"),
    ],
)
def test_bad_input_is_refused_per_field_and_nothing_is_saved(api_as, integration, change, field):
    response = api_as(integration).post(URL, {**event("queued", at=0), **change}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Call.objects.count() == 0
    assert CallEvent.objects.count() == 0


def test_only_the_telephony_may_post_events_and_nothing_changes_after_a_refusal(api, api_as, agent, supervisor):
    body = event("queued", at=0)

    assert api.post(URL, body, format="json").status_code == 401
    assert api_as(agent).post(URL, body, format="json").status_code == 403
    assert api_as(supervisor).post(URL, body, format="json").status_code == 403
    assert Call.objects.count() == 0


def test_k1_a_call_is_linked_to_its_customer_only_when_one_customer_has_the_number(api_as, integration):
    one = CustomerPhoneFactory(number="13811110000")
    CustomerPhoneFactory(number="13822220000")
    CustomerPhoneFactory(number="13822220000")
    client = api_as(integration)

    client.post(URL, event("queued", at=0, external_id="a", caller="+86 138 1111 0000"), format="json")
    client.post(URL, event("queued", at=0, external_id="b", caller="13822220000"), format="json")

    assert Call.objects.get(external_id="a").customer == one.customer
    assert Call.objects.get(external_id="b").customer is None


def test_k1_calls_are_never_deleted(agent):
    call = Call.objects.create(direction="inbound", caller_number="13800000000")
    event_row = CallEvent.objects.create(call=call, event="queued", occurred_at=timezone.now())

    with pytest.raises(PermissionError):
        event_row.delete()
    with pytest.raises(PermissionError):
        CallEvent.objects.all().delete()
    from django.db.models.deletion import ProtectedError

    with pytest.raises(ProtectedError):
        call.delete()


def test_play_call_plays_a_whole_call_for_a_demo(agent, supervisor):
    call_command("play_call", agent=agent.agent_number, phone="+86 138-0013-8000", no_wait=True, talk=1)

    call = Call.objects.get()
    assert call.caller_number == "13800138000"
    assert call.agent == agent
    assert call.status == "ended"
    assert list(call.events.values_list("event", flat=True)) == ["queued", "ringing", "answered", "hangup"]


def test_play_call_can_abandon_in_the_queue(agent, supervisor):
    call_command("play_call", agent=agent.agent_number, phone="13800138000", no_wait=True, abandon=True)

    assert Call.objects.get().hangup_cause == "abandoned"
