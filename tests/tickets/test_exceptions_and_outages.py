"""T-6 exception events (timing ones raised idempotently, complaint-type ones to the supervisor) and T-8 outages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tickets import outages, services
from tickets.choices import ExceptionType, FollowUp, Status
from tickets.models import ExceptionEvent, Outage, OutageSettings, Ticket
from tickets.selectors import exception_counts, outage_report, tickets_late

pytestmark = pytest.mark.django_db


def test_t6_timing_exceptions_are_raised_once_however_often_the_sweep_runs(
    agent, hongcheng_user, demo_areas, ticket_input
):
    late_accept = services.ticket_create(actor=agent, **ticket_input)
    slow = services.ticket_create(actor=agent, **ticket_input)
    services.ticket_accept(ticket=slow, actor=hongcheng_user)
    later = timezone.now() + timedelta(hours=5)

    first = services.exceptions_raise_overdue(moment=later)
    again = services.exceptions_raise_overdue(moment=later + timedelta(minutes=5))

    assert first == {"accept": 1, "contact": 1, "finish": 2}
    assert again == {"accept": 0, "contact": 0, "finish": 0}
    assert set(ExceptionEvent.objects.values_list("ticket__number", "type")) == {
        (late_accept.number, ExceptionType.NOT_ACCEPTED_IN_TIME),
        (slow.number, ExceptionType.NOT_CONTACTED_IN_TIME),
        (late_accept.number, ExceptionType.REPAIR_OVER_LIMIT),
        (slow.number, ExceptionType.REPAIR_OVER_LIMIT),
    }


def test_t5_tickets_late_selector_per_limit_kind(agent, hongcheng_user, demo_areas, ticket_input):
    ticket = services.ticket_create(actor=agent, **ticket_input)
    moment = timezone.now() + timedelta(minutes=16)

    assert list(tickets_late(moment=moment, limit_kind="accept")) == [ticket]
    assert list(tickets_late(moment=moment, limit_kind="finish")) == []
    services.ticket_accept(ticket=ticket, actor=hongcheng_user)
    assert list(tickets_late(moment=moment, limit_kind="accept")) == []
    assert list(tickets_late(moment=timezone.now() + timedelta(minutes=31), limit_kind="contact")) == [ticket]


def test_t6_complaint_type_events_open_a_follow_up_for_the_supervisor(
    agent, supervisor, demo_areas, ticket_input, django_capture_on_commit_callbacks
):
    ticket = services.ticket_create(actor=agent, **ticket_input)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = services.exception_record(
            type=ExceptionType.TECHNICIAN_COMPLAINT, actor=agent, ticket=ticket, description="态度差", person="孙师傅"
        )
        praise = services.exception_record(type=ExceptionType.PRAISE, actor=agent, ticket=ticket, description="表扬")

    assert event.follow_up == FollowUp.OPEN and event.station == demo_areas["宏城"]
    assert praise.follow_up == FollowUp.NONE
    assert len(callbacks) == 1
    from django.apps import apps

    if apps.is_installed("notifications"):
        from notifications.models import Notification

        assert Notification.objects.filter(recipient=supervisor, kind="complaint.exception").count() == 1

    resolved = services.exception_resolve(event=event, actor=supervisor, result="已约谈维修工并向住户道歉")
    assert (resolved.follow_up, resolved.resolved_by) == (FollowUp.RESOLVED, supervisor)
    assert exception_counts(since=timezone.now() - timedelta(hours=1), until=timezone.now() + timedelta(hours=1)) == {
        "technician_complaint": 1,
        "praise": 1,
    }


def test_x4_agents_cannot_record_timing_types_or_empty_events(agent, db):
    with pytest.raises(ValidationError):
        services.exception_record(type=ExceptionType.NOT_ACCEPTED_IN_TIME, actor=agent, description="x")
    with pytest.raises(ValidationError):
        services.exception_record(type=ExceptionType.SUGGESTION, actor=agent, description=" ")
    assert ExceptionEvent.objects.count() == 0


def test_t6_exception_pages_record_and_resolve(client, agent, supervisor, demo_areas, ticket_input):
    from django.urls import reverse

    ticket = services.ticket_create(actor=agent, **ticket_input)
    client.force_login(agent)
    client.post(
        reverse("tickets:exception_list"),
        {"type": "billing_complaint", "ticket": ticket.number, "description": "收费员多收费"},
    )
    event = ExceptionEvent.objects.get()
    assert client.post(reverse("tickets:exception_detail", args=[event.pk]), {"result": "x"}).status_code == 403
    client.force_login(supervisor)
    client.post(reverse("tickets:exception_detail", args=[event.pk]), {"result": "已退款"})
    event.refresh_from_db()
    assert event.follow_up == FollowUp.RESOLVED


def test_t8_an_open_outage_links_new_calls_instead_of_dispatching(agent, supervisor, demo_areas, ticket_input):
    outage = outages.outage_declare(
        station=demo_areas["宏城"], community="宏城花园", district="顺义区", actor=supervisor, cause="主管道爆管"
    )

    ticket = services.ticket_create(actor=agent, **ticket_input)
    elsewhere = services.ticket_create(actor=agent, **{**ticket_input, "address": "双兴南区1号楼"})

    assert (ticket.status, ticket.outage) == (Status.LINKED, outage)
    assert ticket.accept_due_at is None
    assert elsewhere.status == Status.DISPATCHED

    outages.outage_close(outage=outage, actor=supervisor, result="已恢复供热")

    ticket.refresh_from_db()
    assert ticket.status == Status.COMPLETED  # so the caller enters the callback queue
    assert ticket.events.last().action == "complete"
    assert outage_report(since=timezone.now() - timedelta(hours=1), until=timezone.now() + timedelta(hours=1)) == {
        "outages": 1,
        "linked_calls": 1,
    }


def test_t8_a_cluster_of_calls_proposes_an_outage_once(agent, supervisor, demo_areas, ticket_input):
    OutageSettings.objects.all().delete()
    OutageSettings.objects.create(calls=3, minutes=30)
    for _ in range(4):
        services.ticket_create(actor=agent, **ticket_input)

    proposed = Outage.objects.get()
    assert (proposed.state, proposed.community) == (Outage.State.PROPOSED, "宏城花园")
    assert Ticket.objects.filter(status=Status.DISPATCHED).count() == 4

    outages.outage_open(outage=proposed, actor=supervisor, restore_expected_at=timezone.now() + timedelta(hours=4))
    assert services.ticket_create(actor=agent, **ticket_input).status == Status.LINKED


def test_t8_the_daily_report_counts_the_outage_once_and_its_calls_apart(agent, supervisor, demo_areas, ticket_input):
    from reports.exports import layout
    from reports.selectors import daily_report

    outages.outage_declare(
        station=demo_areas["宏城"], community="宏城花园", district="顺义区", actor=supervisor, cause="主管道爆管"
    )
    for _ in range(3):
        services.ticket_create(actor=agent, **ticket_input)

    report = daily_report(day=timezone.localdate())

    assert report["outages"] == {"outages": 1, "linked_calls": 3}
    outage_note = next(note for note in layout(report)["notes"] if note["key"] == "outages")
    assert (outage_note["header"], outage_note["rows"]) == (["片区停热（起）", "停热关联来电"], [[1, 3]])
    assert "outages" not in report["missing"]
