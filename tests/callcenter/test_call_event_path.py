"""The call-event path written for 300 events/s: its shortcuts give the same answers."""

from __future__ import annotations

import threading
import time
from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework import serializers

from callcenter import services
from callcenter.api.serializers import CallEventResultSerializer
from callcenter.models import Call, CallEvent
from tests.callcenter.test_call_events import URL, event, full_call

pytestmark = pytest.mark.django_db


def generic(serializer, call) -> dict:
    """The body DRF's declared fields give, which the hand-built one must equal."""
    return serializers.Serializer.to_representation(serializer, call)


@pytest.mark.parametrize("steps", [1, 2, 4])
def test_the_fast_body_is_the_one_the_declared_fields_give(api_as, integration, agent, steps):
    client = api_as(integration)
    for body in full_call(agent.agent_number)[:steps]:
        client.post(URL, body, format="json")
    call = Call.objects.get(external_id="cti-1")
    call.duplicate, call.warnings = False, ["一个警告", "another"]
    serializer = CallEventResultSerializer(call)

    assert serializer.data == generic(serializer, call)


def test_the_fast_body_writes_utc_times_as_drf_does(settings, agent):
    settings.TIME_ZONE = "UTC"
    call = Call(id=1, external_id="x", direction="inbound", status="queued", caller_number="13812345678")
    call.queued_at = timezone.now().astimezone(UTC)
    call.duplicate, call.warnings = True, []
    serializer = CallEventResultSerializer(call)

    assert serializer.data == generic(serializer, call)
    assert serializer.data["queued_at"].endswith("Z")


def test_telephony_steps_are_recorded_as_events_and_people_changes_in_the_history(integration, agent):
    for body in full_call(agent.agent_number):
        services.call_event_record(actor=integration, payload=body, **_args(body))
    call = Call.objects.get(external_id="cti-1")

    assert [h.history_type for h in call.history.all()] == ["+"]  # created by its first event
    assert call.history.get().history_user == integration
    assert list(call.events.values_list("event", flat=True)) == ["queued", "ringing", "answered", "hangup"]
    assert all(e.payload["external_id"] == "cti-1" for e in call.events.all())

    services.call_wrap_up(call=call, call_type="repair", summary="暖气不热", actor=agent)
    assert [h.history_type for h in call.history.order_by("history_date")] == ["+", "~"]
    assert call.history.latest().status == "ended"  # the snapshot holds the state the events gave


def test_an_event_of_a_known_call_costs_a_fixed_handful_of_statements(integration, agent):
    steps = full_call(agent.agent_number)
    services.call_event_record(actor=integration, payload=steps[0], **_args(steps[0]))
    services.call_event_record(actor=integration, payload=steps[1], **_args(steps[1]))

    with CaptureQueriesContext(connection) as answered:
        services.call_event_record(actor=integration, payload=steps[2], **_args(steps[2]))

    statements = [q["sql"].split()[0] for q in answered.captured_queries if not q["sql"].startswith("SAVEPOINT")]
    statements = [s for s in statements if s not in ("RELEASE",)]
    # lock the call, read its events, write the event, write the call: the agent is known from the ring
    assert sorted(statements) == sorted(["SELECT", "SELECT", "INSERT", "UPDATE"])


@pytest.mark.django_db(transaction=True)
def test_events_of_one_new_call_arriving_at_once_make_one_call_with_every_step(integration, agent, monkeypatch):
    steps = [
        event("queued", at=0, external_id="race-1"),
        event("ringing", at=5, agent=agent.agent_number, external_id="race-1"),
        event("answered", at=9, agent=agent.agent_number, external_id="race-1"),
        event("hangup", at=60, cause="completed", external_id="race-1"),
    ]
    start = threading.Barrier(len(steps))
    errors: list[BaseException] = []
    lost_races: list[str] = []
    new_call = services._new_call

    def counting_new_call(external_id, *args, **kwargs):
        call = new_call(external_id, *args, **kwargs)
        if call is None:
            lost_races.append(external_id)
        else:
            time.sleep(0.5)  # the winner holds its transaction open while the others look for the call
        return call

    monkeypatch.setattr(services, "_new_call", counting_new_call)

    def send(body):
        try:
            start.wait()
            services.call_event_record(actor=integration, payload=body, **_args(body))
        except BaseException as exc:  # noqa: BLE001  reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(body,)) for body in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert lost_races  # at least one event found the call created under it and was applied to that call
    call = Call.objects.get(external_id="race-1")
    assert CallEvent.objects.filter(call=call).count() == 4
    assert call.status == "ended" and call.hangup_cause == "completed"
    assert call.agent == agent and call.ring_seconds == 4


def _args(body: dict) -> dict:
    from callcenter.api.serializers import CallEventInputSerializer

    serializer = CallEventInputSerializer(data=body)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def test_same_time_duplicates_keep_the_first_received(integration, agent):
    """Two answers with the same time by different agents: the one received first is the answer."""
    first = event("answered", at=9, agent=agent.agent_number, external_id="tie")
    services.call_event_record(actor=integration, payload=first, **_args(first))
    from tests.factories import UserFactory

    other = UserFactory(username="agent_tie", agent_number="9876")
    second = event("answered", at=9, agent=other.agent_number, external_id="tie")
    services.call_event_record(actor=integration, payload=second, **_args(second))

    assert Call.objects.get(external_id="tie").agent == agent
