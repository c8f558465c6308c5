"""Callbacks (K-5, C-10): made in the matter's transaction, worked through attempts, and a bad answer reopens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from callbacks import services
from callbacks.choices import Kind, Outcome, Status
from callbacks.models import Callback, CallbackAttempt, CallbackSettings
from complaints.choices import Status as ComplaintStatus
from complaints.models import Complaint
from csc import events
from csc.api import DomainError
from csc.workdays import add_working_days
from notifications.models import Notification
from tests.callbacks.conftest import COMPLAINT_ANSWERS, REPAIR_ANSWERS
from tests.factories import UserFactory
from tickets import services as ticket_services
from tickets.choices import Status as TicketStatus
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


# --- made automatically -------------------------------------------------------------------------------------


def test_a_completed_repair_gets_one_callback_due_in_two_working_days_with_the_agent_who_took_it(
    complete_ticket, agent
):
    ticket = complete_ticket(agent)

    callback = Callback.objects.get(ticket=ticket)
    assert callback.kind == Kind.REPAIR and callback.status == Status.PENDING
    assert callback.due_at == add_working_days(ticket.completed_at, 2)
    assert (callback.assignee, callback.team, callback.agent) == (agent, agent.team, agent)
    assert (callback.station, callback.technician, callback.address) == (ticket.station, "李师傅", ticket.address)


def test_the_due_time_follows_the_setting_and_the_chinese_calendar(complete_ticket, agent):
    CallbackSettings.objects.create(due_working_days=5)
    national_day = timezone.make_aware(timezone.datetime(2026, 9, 30, 16, 0))  # the golden week follows

    ticket = complete_ticket(agent, at=national_day)

    callback = Callback.objects.get(ticket=ticket)
    assert callback.due_at == add_working_days(national_day, 5)
    assert (callback.due_at - national_day).days > 7  # 10-01 … 10-07 are holidays


def test_the_callback_is_made_in_the_completion_transaction(complete_ticket, agent, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("callbacks down")

    monkeypatch.setitem(events.HANDLERS, "ticket.completed", [broken])
    with pytest.raises(RuntimeError):
        complete_ticket(agent)
    assert not Ticket.objects.filter(status=TicketStatus.COMPLETED).exists()  # the step rolled back with it
    assert not Callback.objects.exists()


def test_never_two_open_callbacks_for_one_matter(complete_ticket, agent):
    ticket = complete_ticket(agent)
    services.on_ticket_completed(ticket=ticket, actor=agent, at=timezone.now())  # the event again
    assert Callback.objects.filter(ticket=ticket).count() == 1
    first = Callback.objects.get(ticket=ticket)
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database agrees
        Callback.objects.create(
            kind=Kind.REPAIR,
            ticket=ticket,
            name="x",
            phone="1",
            due_at=first.due_at,
            deadline_at=first.due_at,
            queue_at=first.queue_at,
        )


def test_a_ticket_taken_through_the_api_goes_to_the_centres_queue(complete_ticket, integration):
    ticket = complete_ticket(integration)
    callback = Callback.objects.get(ticket=ticket)
    assert callback.team is None and callback.assignee is None


def test_a_closed_valid_complaint_gets_its_callback_and_an_invalid_one_does_not(close_complaint, agent, register):
    complaint = close_complaint(agent)
    callback = Callback.objects.get(complaint=complaint)
    assert callback.kind == Kind.COMPLAINT and callback.assignee == agent
    assert callback.due_at == add_working_days(complaint.closed_at, 2)

    invalid = register(agent, subject="无效投诉")
    from complaints import services as complaint_services

    complaint_services.complaint_classify(complaint=invalid, actor=agent, validity="invalid", cause_class="")
    complaint_services.complaint_inform(complaint=invalid, actor=agent, text="不属于我司范围")
    complaint_services.complaint_close(complaint=invalid, actor=agent, customer_accepted=True)
    assert not Callback.objects.filter(complaint=invalid).exists()


def test_a_closed_outage_gets_one_callback_per_affected_address(
    demo_areas, ticket_input, hongcheng_user, agent, other_agent
):
    from tickets.outages import outage_close, outage_declare

    outage = outage_declare(actor=hongcheng_user, station=demo_areas["宏城"], community="宏城花园", cause="主管道爆裂")
    first = ticket_services.ticket_create(actor=agent, **ticket_input)
    same_flat = ticket_services.ticket_create(actor=other_agent, **{**ticket_input, "caller_name": "王芳"})
    neighbour = ticket_services.ticket_create(
        actor=other_agent, **{**ticket_input, "address": "顺义区宏城花园5号楼1单元101"}
    )
    assert {t.status for t in (first, same_flat, neighbour)} == {TicketStatus.LINKED}

    outage_close(outage=outage, actor=hongcheng_user, result="已抢修完毕")

    callbacks = Callback.objects.filter(outage=outage).order_by("pk")
    assert [c.ticket for c in callbacks] == [first, neighbour]
    services.callback_record(callback=callbacks[0], actor=agent, **REPAIR_ANSWERS)
    first.refresh_from_db()
    same_flat.refresh_from_db()
    neighbour.refresh_from_db()
    assert (first.status, same_flat.status) == (TicketStatus.CALLED_BACK, TicketStatus.CALLED_BACK)
    assert neighbour.status == TicketStatus.COMPLETED  # its own callback is still to be made


# --- recording ----------------------------------------------------------------------------------------------


def test_recording_the_seed_answers_moves_the_ticket_on_and_logs_the_attempt(complete_ticket, agent):
    ticket = complete_ticket(agent)
    callback = Callback.objects.get(ticket=ticket)

    services.callback_record(callback=callback, actor=agent, **{**REPAIR_ANSWERS, "suggestion": "师傅很专业"})

    callback.refresh_from_db()
    ticket.refresh_from_db()
    assert callback.status == Status.DONE and callback.done_by == agent and callback.score == 9
    assert ticket.status == TicketStatus.CALLED_BACK
    assert "HF" in ticket.events.get(action="callback").note
    assert list(callback.attempt_log.values_list("outcome", flat=True)) == [Outcome.DONE]
    assert callback.follow_up_ticket is None
    assert callback.history.count() >= 2


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"score": 11}, "score"),
        ({"score": 0}, "score"),
        ({"score": "7.5"}, "score"),
        ({"score": None}, "score"),
        ({"attitude": "great"}, "attitude"),
        ({"solved": "maybe"}, "solved"),
        ({"fee_charged": None}, "fee_charged"),
        ({"fee_reminder_read": True, "attitude": "average", "heating_fee_unpaid": True}, "fee_reminder_read"),
        ({"handling": "satisfied"}, "handling"),
    ],
)
def test_bad_answers_name_the_question_and_nothing_is_saved(complete_ticket, agent, answers, field):
    ticket = complete_ticket(agent)
    callback = Callback.objects.get(ticket=ticket)

    with pytest.raises(ValidationError) as error:
        services.callback_record(callback=callback, actor=agent, **{**REPAIR_ANSWERS, **answers})

    assert field in error.value.message_dict
    callback.refresh_from_db()
    ticket.refresh_from_db()
    assert callback.status == Status.PENDING and ticket.status == TicketStatus.COMPLETED
    assert not CallbackAttempt.objects.exists()


def test_the_fee_reminder_is_for_a_satisfied_resident_who_has_not_paid(complete_ticket, agent):
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    services.callback_record(
        callback=callback, actor=agent, **{**REPAIR_ANSWERS, "heating_fee_unpaid": True, "fee_reminder_read": True}
    )
    callback.refresh_from_db()
    assert callback.fee_reminder_read is True


def test_a_callback_recorded_twice_is_refused(complete_ticket, agent):
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    services.callback_record(callback=callback, actor=agent, **REPAIR_ANSWERS)
    with pytest.raises(DomainError) as error:
        services.callback_record(callback=callback, actor=agent, **REPAIR_ANSWERS)
    assert error.value.code == "illegal_transition"
    assert CallbackAttempt.objects.count() == 1


def test_someone_elses_callback_needs_a_leads_right(complete_ticket, agent, other_agent, team_lead):
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    with pytest.raises(PermissionDenied):
        services.callback_record(callback=callback, actor=other_agent, **REPAIR_ANSWERS)
    assert Callback.objects.get(pk=callback.pk).status == Status.PENDING

    services.callback_record(callback=callback, actor=team_lead, **REPAIR_ANSWERS)  # the team's lead may
    assert Callback.objects.get(pk=callback.pk).done_by == team_lead


def test_another_teams_lead_may_not(complete_ticket, agent):
    from accounts.roles import Role
    from tests.factories import TeamFactory

    other_team = TeamFactory(name="乙班")
    lead_b = UserFactory(username="lead_b", role=Role.TEAM_LEAD, team=other_team)
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    with pytest.raises(PermissionDenied):
        services.callback_record(callback=callback, actor=lead_b, **REPAIR_ANSWERS)


# --- not solved / low score: reopened for the supervisor ------------------------------------------------------


def test_not_solved_sends_a_return_visit_to_the_station_and_tells_the_supervisor(
    complete_ticket, agent, supervisor, django_capture_on_commit_callbacks
):
    ticket = complete_ticket(agent)
    callback = Callback.objects.get(ticket=ticket)

    with django_capture_on_commit_callbacks(execute=True):
        services.callback_record(
            callback=callback, actor=agent, **{**REPAIR_ANSWERS, "solved": False, "score": 3, "suggestion": "还是不热"}
        )

    callback.refresh_from_db()
    revisit = callback.follow_up_ticket
    assert revisit.revisit_of == ticket and revisit.station == ticket.station
    assert revisit.status == TicketStatus.DISPATCHED and "还是不热" in revisit.description
    assert revisit.accept_due_at is not None
    note = Notification.objects.get(recipient=supervisor, kind=services.FOLLOW_UP_KIND)
    assert revisit.number in note.title


def test_a_score_at_the_threshold_reopens_and_one_above_does_not(complete_ticket, agent):
    CallbackSettings.objects.create(low_score=5)
    low = Callback.objects.get(ticket=complete_ticket(agent))
    services.callback_record(callback=low, actor=agent, **{**REPAIR_ANSWERS, "score": 5})
    low.refresh_from_db()
    assert low.follow_up_ticket is not None

    fine = Callback.objects.get(ticket=complete_ticket(agent, address="顺义区宏城花园5号楼1单元101"))
    services.callback_record(callback=fine, actor=agent, **{**REPAIR_ANSWERS, "score": 6})
    fine.refresh_from_db()
    assert fine.follow_up_ticket is None


def test_a_complaint_callback_records_its_own_handling_question_and_links_the_complaint(close_complaint, agent):
    complaint = close_complaint(agent)
    callback = Callback.objects.get(complaint=complaint)

    services.callback_record(callback=callback, actor=agent, **COMPLAINT_ANSWERS)

    complaint.refresh_from_db()
    callback.refresh_from_db()
    assert callback.handling == "satisfied" and callback.attitude == ""
    assert complaint.callback_reference == callback.number and complaint.satisfaction == 9
    assert complaint.callback_due is False


def test_an_unsatisfied_complainant_gets_the_linked_follow_up_of_c5(
    close_complaint, agent, other_agent, supervisor, django_capture_on_commit_callbacks
):
    complaint = close_complaint(agent)
    callback = Callback.objects.get(complaint=complaint)
    callback.assignee = None  # in the team's queue: a colleague calls
    callback.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.callback_record(
            callback=callback,
            actor=other_agent,
            **{**COMPLAINT_ANSWERS, "solved": False, "handling": "unsatisfied", "score": 2, "suggestion": "仍未赔偿"},
        )

    callback.refresh_from_db()
    follow_up = callback.follow_up_complaint
    assert follow_up.reopened_from == complaint and follow_up.owner == agent  # the first responder keeps it
    assert follow_up.statement == "仍未赔偿"
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.CLOSED
    assert Notification.objects.filter(recipient=supervisor, kind=services.FOLLOW_UP_KIND).count() == 1


def test_a_complaint_callback_does_not_ask_about_the_technician(close_complaint, agent):
    callback = Callback.objects.get(complaint=close_complaint(agent))
    with pytest.raises(ValidationError) as error:
        services.callback_record(callback=callback, actor=agent, **COMPLAINT_ANSWERS, attitude="satisfied")
    assert "attitude" in error.value.message_dict


# --- not reached, appointments, giving up, assigning ----------------------------------------------------------


def test_not_reached_counts_and_requeues_then_the_last_attempt_needs_a_reason(complete_ticket, agent):
    CallbackSettings.objects.create(max_attempts=2, retry_minutes=90)
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    now = timezone.now()

    services.callback_not_reached(callback=callback, actor=agent, at=now)
    callback.refresh_from_db()
    assert callback.attempts == 1 and callback.status == Status.PENDING
    assert callback.queue_at == now + timedelta(minutes=90)

    with pytest.raises(ValidationError) as error:
        services.callback_not_reached(callback=callback, actor=agent)
    assert "reason" in error.value.message_dict
    assert Callback.objects.get(pk=callback.pk).attempts == 1  # nothing half-saved

    services.callback_not_reached(callback=callback, actor=agent, reason="电话停机")
    callback.refresh_from_db()
    assert callback.status == Status.GIVEN_UP and callback.give_up_reason == "电话停机"
    assert list(callback.attempt_log.values_list("outcome", flat=True)) == [
        Outcome.NOT_REACHED,
        Outcome.NOT_REACHED,
        Outcome.GIVEN_UP,
    ]


def test_an_appointment_re_enters_the_queue_at_its_time(complete_ticket, agent):
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    later = timezone.now() + timedelta(days=4)

    services.callback_appoint(callback=callback, actor=agent, appointment_at=later)

    callback.refresh_from_db()
    assert callback.status == Status.APPOINTED and callback.queue_at == later
    assert callback.deadline_at == later + timedelta(hours=1)  # beyond the due time: the resident's choice
    services.callback_record(callback=callback, actor=agent, **REPAIR_ANSWERS)
    assert Callback.objects.get(pk=callback.pk).status == Status.DONE


@pytest.mark.parametrize("when", [timedelta(minutes=-5), None, timedelta(days=40)])
def test_an_appointment_in_the_past_or_missing_is_refused(complete_ticket, agent, when):
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    moment = timezone.now() + when if when is not None else None
    with pytest.raises(ValidationError) as error:
        services.callback_appoint(callback=callback, actor=agent, appointment_at=moment)
    assert "appointment_at" in error.value.message_dict
    assert Callback.objects.get(pk=callback.pk).status == Status.PENDING


def test_only_a_lead_gives_up_or_assigns(complete_ticket, agent, other_agent, team_lead):
    callback = Callback.objects.get(ticket=complete_ticket(agent))
    with pytest.raises(PermissionDenied):
        services.callback_give_up(callback=callback, actor=agent, reason="x")
    with pytest.raises(PermissionDenied):
        services.callback_assign(callback=callback, actor=agent, assignee=other_agent)

    services.callback_assign(callback=callback, actor=team_lead, assignee=other_agent)
    assert Callback.objects.get(pk=callback.pk).assignee == other_agent
    with pytest.raises(ValidationError):
        services.callback_give_up(callback=callback, actor=team_lead, reason="  ")
    services.callback_give_up(callback=callback, actor=team_lead, reason="住户拒绝回访")
    assert Callback.objects.get(pk=callback.pk).status == Status.GIVEN_UP


def test_the_script_has_the_seed_lines_with_the_hotline(complete_ticket, agent, close_complaint):
    CallbackSettings.objects.create(hotline="96069")
    repair = Callback.objects.get(ticket=complete_ticket(agent))
    lines = services.script(repair)
    assert lines["opening"] == "您好，我们是供暖报修平台，对您家报修的处理情况进行回访。您现在方便吗？"
    assert lines["closing"] == "感谢您的合作，以后有什么问题，请您随时拨打96069，我们将及时为您服务。"
    assert lines["fee_reminder"] == "我们的收费工作已经开始，请您方便的时候交纳供暖费。"
    complaint = close_complaint(agent)
    assert complaint.number in services.script(Callback.objects.get(complaint=complaint))["opening"]


def test_a_callback_step_taken_on_the_ticket_page_ends_the_open_callback_without_answers(complete_ticket, agent):
    ticket = complete_ticket(agent)

    ticket_services.ticket_callback(ticket=ticket, actor=agent, note="住户满意")

    callback = Callback.objects.get(ticket=ticket)
    assert callback.status == Status.DONE and callback.score is None and callback.done_by == agent
    assert callback.attempt_log.get().outcome == Outcome.DONE


def test_a_callback_linked_on_the_complaint_page_ends_the_open_callback(close_complaint, agent):
    from complaints import services as complaint_services

    complaint = close_complaint(agent)
    complaint_services.complaint_record_callback(complaint=complaint, actor=agent, reference="电话回访", satisfaction=8)

    assert Callback.objects.get(complaint=complaint).status == Status.DONE
