"""The callback page (K-5, C-10), the settings page and the home panel: the script and the seed's questions, the
number unmasked to whoever dials it (and logged), every bad input answered next to its question with nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from callbacks.choices import Outcome, Status
from callbacks.models import Callback, CallbackAttempt, CallbackSettings
from compliance.models import AccessLogEntry
from tests.factories import CustomerFactory, CustomerPhoneFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

REPAIR_FORM = {"solved": "yes", "attitude": "satisfied", "fee_charged": "no", "score": "9", "suggestion": ""}
COMPLAINT_FORM = {"solved": "yes", "handling": "satisfied", "score": "9", "suggestion": ""}


@pytest.fixture
def callback(complete_ticket, agent):
    """A repair completed at 宏城: its callback waits with the agent who took it; the caller is a known customer."""
    customer = CustomerFactory(name="王建华")
    CustomerPhoneFactory(customer=customer, number="13812345678")
    ticket = complete_ticket(agent)
    return Callback.objects.get(ticket=ticket)


def _act(client, callback, action, data):
    return client.post(f"/callbacks/{callback.pk}/{action}/", data)


def _unchanged(callback) -> None:
    fresh = Callback.objects.get(pk=callback.pk)
    assert fresh.status == callback.status and fresh.attempts == callback.attempts
    assert (fresh.solved, fresh.score, fresh.attitude) == (callback.solved, callback.score, callback.attitude)
    assert not CallbackAttempt.objects.filter(callback=callback).exclude(outcome=Outcome.ASSIGNED).exists()


# --- the page -------------------------------------------------------------------------------------------------


def test_the_agent_sees_the_script_the_seed_questions_and_the_number_to_dial_and_the_look_is_logged(
    client, callback, agent
):
    client.force_login(agent)
    response = client.get(f"/callbacks/{callback.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "您好，我们是供暖报修平台，对您家报修的处理情况进行回访。您现在方便吗？" in page
    assert "请您随时拨打96069" in page  # the closing line with the hotline
    assert "我们的收费工作已经开始" in page  # line f, shown without JS with its condition
    for name in ("solved", "attitude", "fee_charged", "score", "suggestion", "heating_fee_unpaid"):
        assert f'name="{name}"' in page
    assert 'name="handling"' not in page
    assert "王建华" in page and "13812345678" in page.replace(" ", "")
    assert callback.ticket.number in page and "李师傅" in page and "更换阀门" in page
    assert 'src="/static/js/callbacks.js"' in page
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.customer_id, entry.unmasked) == (agent, callback.customer_id, True)
    assert callback.number in entry.purpose


def test_a_team_mate_who_may_not_make_it_sees_the_resident_masked_and_nothing_is_logged(client, callback, other_agent):
    client.force_login(other_agent)
    response = client.get(f"/callbacks/{callback.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "王**" in page and "13812345678" not in page.replace(" ", "")
    assert 'id="survey-form"' not in page
    assert not AccessLogEntry.objects.exists()


def test_the_page_reads_in_a_constant_number_of_queries(
    client, callback, team_lead, other_agent, django_assert_max_num_queries
):
    for n in range(5):
        UserFactory(username=f"agent_more_{n}", role="agent", team=team_lead.team)
    client.force_login(team_lead)
    client.get(f"/callbacks/{callback.pk}/")  # the permission cache is warm
    with django_assert_max_num_queries(20):
        assert client.get(f"/callbacks/{callback.pk}/").status_code == 200


def test_another_teams_agent_and_the_anonymous_do_not_see_it(client, callback):
    stranger = UserFactory(username="agent_far", role="agent", team=TeamFactory(name="乙班"))
    client.force_login(stranger)
    assert client.get(f"/callbacks/{callback.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/callbacks/{callback.pk}/").status_code == 302


def test_a_complaint_callback_asks_its_own_handling_question_and_records_it(client, close_complaint, agent):
    complaint = close_complaint(agent)
    callback = Callback.objects.get(complaint=complaint)
    client.force_login(agent)

    page = client.get(f"/callbacks/{callback.pk}/").content.decode()
    assert 'name="handling"' in page and 'name="attitude"' not in page and 'name="fee_charged"' not in page
    assert complaint.number in page  # the opening names it, and the facts link it

    response = _act(client, callback, "record", COMPLAINT_FORM)
    assert response.status_code == 302
    callback.refresh_from_db()
    assert (callback.status, callback.handling, callback.score) == (Status.DONE, "satisfied", 9)


# --- recording ------------------------------------------------------------------------------------------------


def test_recording_the_survey_saves_it_and_goes_back_to_the_queue(client, callback, agent):
    client.force_login(agent)
    response = _act(client, callback, "record", {**REPAIR_FORM, "note": "住户很满意"})

    assert response.status_code == 302 and response.url == "/callbacks/"
    callback.refresh_from_db()
    assert (callback.status, callback.solved, callback.attitude, callback.fee_charged, callback.score) == (
        Status.DONE,
        True,
        "satisfied",
        False,
        9,
    )
    assert callback.heating_fee_unpaid is None  # the box was not ticked: not known
    assert CallbackAttempt.objects.get(callback=callback).note == "住户很满意"
    page = client.get(f"/callbacks/{callback.pk}/").content.decode()
    assert 'id="answers"' in page and 'id="survey-form"' not in page


def test_after_recording_the_next_ready_callback_opens(client, complete_ticket, callback, agent):
    second = Callback.objects.get(ticket=complete_ticket(agent, caller_name="李四"))
    client.force_login(agent)

    response = _act(client, callback, "record", REPAIR_FORM)

    assert response.status_code == 302 and response.url == f"/callbacks/{second.pk}/"


def test_the_fee_reminder_read_to_a_satisfied_resident_who_has_not_paid(client, callback, agent):
    client.force_login(agent)
    response = _act(
        client, callback, "record", {**REPAIR_FORM, "heating_fee_unpaid": "yes", "fee_reminder_read": "yes"}
    )
    assert response.status_code == 302
    callback.refresh_from_db()
    assert (callback.heating_fee_unpaid, callback.fee_reminder_read) == (True, True)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"score": "11"}, "score"),
        ({"score": "0"}, "score"),
        ({"score": "九"}, "score"),
        ({"score": ""}, "score"),
        ({"attitude": "great"}, "attitude"),
        ({"solved": ""}, "solved"),
        ({"fee_charged": "maybe"}, "fee_charged"),
        ({"attitude": "average", "heating_fee_unpaid": "yes", "fee_reminder_read": "yes"}, "fee_reminder_read"),
        ({"suggestion": "意见" * 1001}, "suggestion"),
    ],
)
def test_a_bad_answer_is_shown_next_to_its_question_and_nothing_is_saved(client, callback, agent, change, field):
    client.force_login(agent)
    response = _act(client, callback, "record", {**REPAIR_FORM, **change})

    assert response.status_code == 400
    assert field in response.context["errors"]
    page = response.content.decode()
    question = page.split(f'data-question="{field}"')[1] if field != "fee_reminder_read" else page
    assert 'class="error"' in question.split("</fieldset>")[0] or field == "fee_reminder_read"
    assert 'value="satisfied" checked' in page or change.get("attitude")  # the answers are kept
    _unchanged(callback)


def test_a_callback_recorded_twice_is_refused_with_a_message(client, callback, agent, team_lead):
    client.force_login(agent)
    _act(client, callback, "record", REPAIR_FORM)
    client.force_login(team_lead)

    response = _act(client, callback, "record", {**REPAIR_FORM, "score": "2"})

    assert response.status_code == 409
    assert "errors" in response.context and response.context["errors"]["general"]
    callback.refresh_from_db()
    assert callback.score == 9 and CallbackAttempt.objects.filter(callback=callback).count() == 1


def test_someone_elses_queue_without_a_leads_right_is_refused(client, callback, other_agent):
    client.force_login(other_agent)
    response = _act(client, callback, "record", REPAIR_FORM)

    assert response.status_code == 403
    assert response.context["errors"]["general"]
    _unchanged(callback)


def test_the_teams_lead_may_record_it_for_the_agent(client, callback, team_lead):
    client.force_login(team_lead)
    assert _act(client, callback, "record", REPAIR_FORM).status_code == 302
    assert Callback.objects.get(pk=callback.pk).done_by == team_lead


def test_not_solved_with_a_low_score_sends_a_return_visit_and_says_so(client, callback, agent, supervisor):
    client.force_login(agent)
    response = _act(
        client,
        callback,
        "record",
        {**REPAIR_FORM, "solved": "no", "score": "3"},
    )
    callback.refresh_from_db()
    assert response.status_code == 302 and callback.follow_up_ticket is not None
    page = client.get(response.url).content.decode()
    assert callback.follow_up_ticket.number in page  # the message names the return visit


# --- the other outcomes ---------------------------------------------------------------------------------------


def test_an_appointment_in_the_past_or_malformed_is_refused(client, callback, agent):
    client.force_login(agent)
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    for value in (past, "明天下午", ""):
        response = _act(client, callback, "appoint", {"appointment_at": value})
        assert response.status_code == 400
        assert response.context["errors"]["appointment_at"]
        assert 'id="appoint" open' in response.content.decode()
    _unchanged(callback)


def test_an_appointment_books_a_time(client, callback, agent):
    client.force_login(agent)
    later = timezone.localtime() + timedelta(days=1)
    response = _act(client, callback, "appoint", {"appointment_at": later.strftime("%Y-%m-%dT%H:%M")})

    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.status == Status.APPOINTED
    assert callback.appointment_at == later.replace(second=0, microsecond=0)


def test_not_reached_counts_and_the_last_attempt_asks_for_the_reason(client, callback, agent):
    CallbackSettings.objects.create(max_attempts=2)
    client.force_login(agent)
    assert _act(client, callback, "not_reached", {"note": "无人接听"}).status_code == 302
    page = client.get(f"/callbacks/{callback.pk}/").content.decode()
    assert 'name="reason"' in page  # the next one is the last: the reason is asked

    response = _act(client, callback, "not_reached", {"note": "无人接听"})
    assert response.status_code == 400 and response.context["errors"]["reason"]
    assert Callback.objects.get(pk=callback.pk).attempts == 1

    assert _act(client, callback, "not_reached", {"reason": "电话停机"}).status_code == 302
    callback.refresh_from_db()
    assert (callback.status, callback.give_up_reason) == (Status.GIVEN_UP, "电话停机")


def test_a_lead_assigns_to_an_agent_of_the_team_and_gives_up_with_a_reason(client, callback, team_lead, other_agent):
    client.force_login(team_lead)
    page = client.get(f"/callbacks/{callback.pk}/").content.decode()
    assert 'id="assign"' in page and 'id="give-up"' in page
    assert f'<option value="{other_agent.pk}">' in page  # the team's agents to choose from

    assert _act(client, callback, "assign", {"assignee": str(other_agent.pk)}).status_code == 302
    assert Callback.objects.get(pk=callback.pk).assignee == other_agent
    assert _act(client, callback, "assign", {"assignee": "abc"}).status_code == 400

    response = _act(client, callback, "give_up", {"reason": ""})
    assert response.status_code == 400 and response.context["errors"]["reason"]
    assert _act(client, callback, "give_up", {"reason": "住户拒绝回访"}).status_code == 302
    assert Callback.objects.get(pk=callback.pk).status == Status.GIVEN_UP


def test_an_agent_may_not_give_up_or_assign(client, callback, agent, other_agent):
    client.force_login(agent)
    page = client.get(f"/callbacks/{callback.pk}/").content.decode()
    assert 'id="give-up"' not in page
    assert _act(client, callback, "give_up", {"reason": "x"}).status_code == 403
    assert _act(client, callback, "assign", {"assignee": str(other_agent.pk)}).status_code == 403
    _unchanged(callback)


def test_an_unknown_action_is_404_and_a_get_is_405(client, callback, agent):
    client.force_login(agent)
    assert _act(client, callback, "delete", {}).status_code == 404
    assert client.get(f"/callbacks/{callback.pk}/record/").status_code == 405


# --- settings -------------------------------------------------------------------------------------------------

SETTINGS_FORM = {
    "due_working_days": "3",
    "max_attempts": "3",
    "retry_minutes": "60",
    "low_score": "5",
    "lead_after_hours": "4",
    "supervisor_after_hours": "24",
    "hotline": "96069",
    "opening": "您好，我们是供暖报修平台，对您家报修的处理情况进行回访。您现在方便吗？",
    "complaint_opening": "您好，我们是供暖服务热线，对您反映的问题（客诉【编号】）的处理情况进行回访。您现在方便吗？",
    "fee_reminder": "我们的收费工作已经开始，请您方便的时候交纳供暖费。",
    "closing": "感谢您的合作，以后有什么问题，请您随时拨打【热线】，我们将及时为您服务。",
}


def test_the_supervisor_edits_the_settings_and_the_change_is_in_the_history(client, supervisor):
    client.force_login(supervisor)
    assert client.get("/callbacks/settings/").status_code == 200

    response = client.post("/callbacks/settings/", {**SETTINGS_FORM, "hotline": "12345"})

    assert response.status_code == 302
    row = CallbackSettings.objects.get()
    assert (row.due_working_days, row.low_score, row.hotline) == (3, 5, "12345")
    assert row.history.get().history_user == supervisor
    client.post("/callbacks/settings/", {**SETTINGS_FORM, "hotline": "67890"})
    assert CallbackSettings.objects.count() == 1 and CallbackSettings.objects.get().history.count() == 2
    page = client.get("/callbacks/settings/").content.decode()
    assert str(supervisor) in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"low_score": "11"}, "low_score"),
        ({"max_attempts": "0"}, "max_attempts"),
        ({"due_working_days": "x"}, "due_working_days"),
        ({"supervisor_after_hours": "2"}, "supervisor_after_hours"),
        ({"closing": ""}, "closing"),
    ],
)
def test_bad_settings_are_refused_per_field_and_nothing_is_saved(client, supervisor, change, field):
    client.force_login(supervisor)
    response = client.post("/callbacks/settings/", {**SETTINGS_FORM, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not CallbackSettings.objects.exists()


def test_only_the_supervisor_opens_the_settings(client, agent, team_lead):
    for user in (agent, team_lead):
        client.force_login(user)
        assert client.get("/callbacks/settings/").status_code == 403
        assert client.post("/callbacks/settings/", SETTINGS_FORM).status_code == 403
    assert not CallbackSettings.objects.exists()


def test_the_settings_are_in_the_supervisors_settings_menu(client, supervisor, agent):
    client.force_login(supervisor)
    assert 'href="/callbacks/settings/"' in client.get("/").content.decode()
    client.force_login(agent)
    assert 'href="/callbacks/settings/"' not in client.get("/").content.decode()


def test_the_script_follows_the_settings(client, callback, agent):
    CallbackSettings.objects.create(hotline="12345", fee_reminder="请尽快交纳供暖费。")
    client.force_login(agent)
    page = client.get(f"/callbacks/{callback.pk}/").content.decode()
    assert "请您随时拨打12345" in page and "请尽快交纳供暖费。" in page


# --- home -----------------------------------------------------------------------------------------------------


def test_the_home_panel_counts_ready_late_and_appointed_and_links_the_queue(client, callback, agent, team_lead):
    Callback.objects.filter(pk=callback.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    for user in (agent, team_lead):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert 'id="callback-panel"' in page
        for query in ("?ready=1", "?late=1", "?status=appointed", "?assignee=mine"):
            assert f'href="/callbacks/{query}"' in page
        panel = page.split('id="callback-panel"')[1].split("</section>")[0]
        assert '<span class="overdue">1</span>' in panel


def test_the_home_panel_is_not_for_stations(client, station_user):
    client.force_login(station_user)
    assert 'id="callback-panel"' not in client.get("/").content.decode()
