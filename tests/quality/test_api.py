"""The quality API (SPEC §7, K-4, K-8): who may call what, whose rows each one sees, every bad input answered per field
(never a 500, nothing half-saved), the conflicts, idempotent posts, and a constant number of queries on the lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from quality.models import AppraisalMonth, AppraisalRow, ItemScore, Mark, ScoreSheet, SpotCheck, TypingTest
from tests.factories import UserFactory
from tests.quality.conftest import items_of, last_month_day, noon
from tickets import services as ticket_services

pytestmark = pytest.mark.django_db

API = "/api/v1/quality/"
CHECKS = API + "checks/"
MARKS = API + "marks/"
TYPING = API + "typing-tests/"
SHEETS = API + "score-sheets/"
TYPES = API + "error-types/"
APPRAISAL = API + "appraisal/"
CLOSE = API + "appraisal/close/"
GAPS = API + "recording-gaps/"


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def _state() -> tuple:
    """Everything the quality API may write: compared before and after a refused request."""
    return (
        list(SpotCheck.objects.order_by("id").values_list("id", "score", "acknowledged_at", "agent_remark")),
        ItemScore.objects.count(),
        list(Mark.objects.order_by("id").values_list("id", "state", "decided_by_id", "decision_reason")),
        TypingTest.objects.count(),
        AppraisalMonth.objects.count(),
        AppraisalRow.objects.count(),
    )


@pytest.fixture
def check_body(recorded_call, intake, agent):
    """check_body(for_call=None, **changes) → a valid body scoring a new recorded call of `agent` (or `for_call`) on
    the intake sheet."""

    def make(for_call=None, **changes):
        call = for_call or recorded_call(agent)
        items = items_of(intake)
        body = {
            "call": call.pk,
            "sheet": intake.pk,
            "deductions": {str(items["住址"].pk): 2, str(items["结束语"].pk): 1},
            "errors": ["nonstandard_phrasing"],
            "praise": ["praised_recording"],
            "problems": "结束语不完整",
            "good_points": "语气亲切",
        }
        body.update(changes)
        return body

    return make


@pytest.fixture
def proposed_mark(defaults, ticket_input, hongcheng_user, agent):
    """A wrong station proposed against `agent`: a ticket the agent took, rejected by 宏城."""
    ticket = ticket_services.ticket_create(actor=agent, **ticket_input)
    ticket_services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="不归本站")
    return Mark.objects.get(ticket=ticket)


# --- who may call what -------------------------------------------------------------------------------------------

ENDPOINTS = [
    ("get", CHECKS),
    ("post", CHECKS),
    ("get", CHECKS + "1/"),
    ("post", CHECKS + "1/acknowledge/"),
    ("get", API + "calls/1/calibration/"),
    ("get", MARKS),
    ("post", MARKS),
    ("post", MARKS + "1/confirm/"),
    ("post", MARKS + "1/waive/"),
    ("get", TYPING),
    ("post", TYPING),
    ("get", SHEETS),
    ("get", TYPES),
    ("get", APPRAISAL),
    ("post", CLOSE),
    ("get", GAPS),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_callers_are_refused_everywhere(api, method, url):
    response = getattr(api, method)(url, {})

    assert response.status_code in (401, 403)


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_station_staff_compliance_and_the_telephony_have_no_quality_access(
    api_as, station_user, compliance_officer, integration, method, url
):
    for user in (station_user, compliance_officer, integration):
        assert getattr(api_as(user), method)(url, {}).status_code == 403, user


GETS = [CHECKS, MARKS, TYPING, SHEETS, TYPES, APPRAISAL, GAPS]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("agent", {CHECKS, MARKS, TYPING, TYPES, APPRAISAL}),
        ("team_lead", set(GETS)),
        ("supervisor", set(GETS)),
        ("gm", {CHECKS, MARKS, TYPING, TYPES, APPRAISAL}),
    ],
)
def test_the_lists_each_role_may_read(api_as, defaults, agent, team_lead, supervisor, gm, role, allowed):
    user = {"agent": agent, "team_lead": team_lead, "supervisor": supervisor, "gm": gm}[role]
    client = api_as(user)

    answered = {url: client.get(url).status_code for url in GETS}

    assert answered == {url: 200 if url in allowed else 403 for url in GETS}


def test_only_leads_and_the_head_write_and_only_the_supervisor_closes_a_month(
    api_as, check_body, agent, other_agent, team_lead, supervisor, gm
):
    mark = {
        "agent": other_agent.pk,
        "error_type": "slow_answer",
        "occurred_on": str(timezone.localdate()),
        "reason": "x",
    }
    typing = {
        "agent": other_agent.pk,
        "tested_on": str(timezone.localdate()),
        "english_per_minute": 80,
        "english_accuracy": "95",
        "chinese_per_minute": 60,
        "chinese_accuracy": "96",
    }
    month = {"month": f"{last_month_day():%Y-%m}"}
    for user in (agent, gm):
        client = api_as(user)
        assert client.post(CHECKS, check_body(), format="json").status_code == 403
        assert client.post(MARKS, mark, format="json").status_code == 403
        assert client.post(TYPING, typing, format="json").status_code == 403
        assert client.post(CLOSE, month, format="json").status_code == 403
    assert api_as(team_lead).post(CLOSE, month, format="json").status_code == 403
    assert not SpotCheck.objects.exists() and not Mark.objects.exists() and not TypingTest.objects.exists()
    assert not AppraisalMonth.objects.exists()

    assert api_as(team_lead).post(CHECKS, check_body(), format="json").status_code == 201
    assert api_as(team_lead).post(MARKS, mark, format="json").status_code == 201
    assert api_as(team_lead).post(TYPING, typing, format="json").status_code == 201
    assert api_as(supervisor).post(CHECKS, check_body(), format="json").status_code == 201
    assert api_as(supervisor).post(CLOSE, month, format="json").status_code == 201


# --- whose rows: an agent their own, a lead their team's, the supervisor all -----------------------------------------


def test_an_agent_sees_own_checks_a_lead_the_teams_the_supervisor_all(
    api_as, score, agent, other_agent, other_team_agent, team_lead, other_team_lead, supervisor, gm
):
    mine = score(agent)
    colleague = score(other_agent)
    elsewhere = score(other_team_agent, by=other_team_lead)

    assert _ids(api_as(agent).get(CHECKS)) == [mine.pk]
    assert set(_ids(api_as(team_lead).get(CHECKS))) == {mine.pk, colleague.pk}
    assert set(_ids(api_as(other_team_lead).get(CHECKS))) == {elsewhere.pk}
    assert set(_ids(api_as(supervisor).get(CHECKS))) == {mine.pk, colleague.pk, elsewhere.pk}
    assert set(_ids(api_as(gm).get(CHECKS))) == {mine.pk, colleague.pk, elsewhere.pk}
    assert api_as(agent).get(f"{CHECKS}{mine.pk}/").status_code == 200
    assert api_as(agent).get(f"{CHECKS}{colleague.pk}/").status_code == 404  # forbidden looks like missing
    assert api_as(team_lead).get(f"{CHECKS}{elsewhere.pk}/").status_code == 404
    assert api_as(team_lead).get(f"{CHECKS}999999/").status_code == 404
    assert api_as(supervisor).get(f"{CHECKS}{elsewhere.pk}/").status_code == 200


def test_marks_and_typing_tests_are_scoped_the_same_way(
    api_as, score, agent, other_agent, other_team_agent, team_lead, other_team_lead, supervisor
):
    score(agent, errors=["slow_answer"])
    score(other_team_agent, by=other_team_lead, errors=["slow_answer"])
    for who in (agent, other_team_agent):
        lead = team_lead if who == agent else other_team_lead
        body = {
            "agent": who.pk,
            "tested_on": str(timezone.localdate()),
            "english_per_minute": 80,
            "english_accuracy": "95",
            "chinese_per_minute": 60,
            "chinese_accuracy": "96",
        }
        assert api_as(lead).post(TYPING, body, format="json").status_code == 201
    mine = Mark.objects.get(agent=agent)

    assert _ids(api_as(agent).get(MARKS)) == [mine.pk]
    assert _ids(api_as(team_lead).get(MARKS)) == [mine.pk]
    assert len(_ids(api_as(supervisor).get(MARKS))) == 2
    assert [row["agent"]["id"] for row in api_as(agent).get(TYPING).json()["results"]] == [agent.pk]
    assert [row["agent"]["id"] for row in api_as(team_lead).get(TYPING).json()["results"]] == [agent.pk]
    assert len(api_as(supervisor).get(TYPING).json()["results"]) == 2
    assert api_as(other_agent).get(MARKS).json()["results"] == []


# --- spot checks ------------------------------------------------------------------------------------------------


def test_k4_a_lead_scores_a_call_and_gets_the_check_with_its_items_and_marks(
    api_as, check_body, intake, agent, team_lead
):
    body = check_body()

    response = api_as(team_lead).post(CHECKS, body, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["call"], data["agent"]["id"], data["checker"]["id"]) == (body["call"], agent.pk, team_lead.pk)
    assert (data["total_points"], data["deducted"], data["score"], data["zeroed"]) == (35, 3, 32, False)
    assert data["sheet"] == {
        "id": intake.pk,
        "name": "报修接听抽查测评表",
        "version": 1,
        "version_id": data["sheet"]["version_id"],
    }
    assert (data["purpose"], data["checker_level"], data["score_percent"]) == ("check", "lead", 91.4)
    assert len(data["scores"]) == 18 and data["scores"][0]["label"] == "用语第一句"
    assert {row["label"]: row["deducted"] for row in data["scores"] if row["deducted"]} == {"住址": 2, "结束语": 1}
    assert sorted((m["code"], m["kind"], m["state"]) for m in data["marks"]) == [
        ("nonstandard_phrasing", "error", "counted"),
        ("praised_recording", "praise", "counted"),
    ]
    assert data["problems"] == "结束语不完整" and data["acknowledged_at"] is None

    detail = api_as(agent).get(f"{CHECKS}{data['id']}/")
    assert detail.status_code == 200 and detail.json() == data


def test_k4_a_fatal_item_missed_or_an_error_that_zeroes_scores_zero(api_as, check_body, intake, team_lead):
    items = items_of(intake)
    fatal = api_as(team_lead).post(
        CHECKS, check_body(deductions={str(items["选对维修站"].pk): 5}, errors=[], praise=[]), format="json"
    )
    rude = api_as(team_lead).post(CHECKS, check_body(deductions={}, errors=["rude_manner"]), format="json")

    assert (fatal.json()["score"], fatal.json()["zeroed"]) == (0, True)
    assert [m["code"] for m in fatal.json()["marks"]] == ["wrong_station"]
    assert (rude.json()["score"], rude.json()["zeroed"], rude.json()["deducted"]) == (0, True, 0)


def test_a_deduction_above_an_items_points_is_a_400_naming_the_item_and_nothing_is_saved(
    api_as, check_body, intake, team_lead
):
    items = items_of(intake)
    body = check_body(deductions={str(items["住址"].pk): 6, str(items["结束语"].pk): 1})
    before = _state()

    response = api_as(team_lead).post(CHECKS, body, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [f"item_{items['住址'].pk}"]
    assert "住址" in errors[f"item_{items['住址'].pk}"][0]
    assert _state() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"call": "abc"}, "call"),
        ({"call": 0}, "call"),
        ({"call": 2**40}, "call"),
        ({"call": 999999}, "call"),  # no such call
        ({"sheet": None}, "sheet"),
        ({"sheet": 999999}, "sheet"),
        ({"deductions": {"abc": 1}}, "deductions"),
        ({"deductions": {"1": "two"}}, "deductions"),
        ({"deductions": {"1": -1}}, "deductions"),
        ({"deductions": {"1": 1.5}}, "deductions"),
        ({"deductions": {"1": "9" * 5000}}, "deductions"),
        ({"deductions": {"\x00": 1}}, "deductions"),
        ({"deductions": [1, 2]}, "deductions"),
        ({"deductions": {"999999": 1}}, "deductions"),  # an item not on the sheet
        ({"errors": ["no_such_code"]}, "errors"),
        ({"errors": ["resident_praise"]}, "errors"),  # praise among the errors
        ({"errors": "rude_manner"}, "errors"),
        ({"praise": ["bad\x00code"]}, "praise"),
        ({"praise": ["slow_answer"]}, "errors"),  # an error among the praise: the service names "errors"
        ({"problems": "问题\x00"}, "problems"),
        ({"good_points": "长" * 2001}, "good_points"),
    ],
)
def test_bad_check_input_is_a_400_per_field_and_nothing_is_saved(api_as, check_body, team_lead, changes, field):
    body = check_body(**changes)
    before = _state()

    response = api_as(team_lead).post(CHECKS, body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert _state() == before


def test_bad_json_is_a_400(api_as, team_lead, defaults):
    response = api_as(team_lead).post(CHECKS, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert not SpotCheck.objects.exists()


def test_scoring_ones_own_call_is_a_403_and_a_call_without_recording_a_409(
    api_as, check_body, recorded_call, agent, team_lead
):
    before = _state()

    own = api_as(team_lead).post(CHECKS, check_body(for_call=recorded_call(team_lead)), format="json")
    silent = api_as(team_lead).post(CHECKS, check_body(for_call=recorded_call(agent, recording=False)), format="json")

    assert own.status_code == 403 and own.json()["detail"]
    assert silent.status_code == 409 and silent.json()["detail"]
    assert _state() == before


def test_scoring_the_same_call_twice_is_a_409_and_another_lead_calibrates(
    api_as, check_body, recorded_call, agent, team_lead, other_team_lead
):
    call = recorded_call(agent)
    assert api_as(team_lead).post(CHECKS, check_body(for_call=call), format="json").status_code == 201
    before = _state()

    again = api_as(team_lead).post(CHECKS, check_body(for_call=call), format="json")
    calibration = api_as(other_team_lead).post(CHECKS, check_body(for_call=call, errors=["rude_manner"]), format="json")

    assert again.status_code == 409
    assert calibration.status_code == 201
    assert (calibration.json()["purpose"], calibration.json()["marks"]) == ("calibration", [])
    assert Mark.objects.count() == len(before[2])  # the calibration counted nothing


def test_the_same_idempotency_key_replays_the_check_and_with_another_body_is_a_422(api_as, check_body, team_lead):
    client = api_as(team_lead)
    body = check_body()

    first = client.post(CHECKS, body, format="json", HTTP_IDEMPOTENCY_KEY="qa-1")
    second = client.post(CHECKS, body, format="json", HTTP_IDEMPOTENCY_KEY="qa-1")
    other = client.post(CHECKS, check_body(), format="json", HTTP_IDEMPOTENCY_KEY="qa-1")

    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true" and second.json()["id"] == first.json()["id"]
    assert other.status_code == 422
    assert SpotCheck.objects.count() == 1


def test_k4_the_checked_agent_acknowledges_with_a_remark_once(api_as, score, agent):
    check = score(agent)
    client = api_as(agent)

    response = client.post(f"{CHECKS}{check.pk}/acknowledge/", {"remark": "已学习"}, format="json")
    again = client.post(f"{CHECKS}{check.pk}/acknowledge/", {"remark": "再次"}, format="json")

    assert response.status_code == 200
    assert response.json()["acknowledged_at"] and response.json()["agent_remark"] == "已学习"
    assert again.status_code == 409
    check.refresh_from_db()
    assert check.agent_remark == "已学习"


def test_acknowledging_someone_elses_check_is_a_403_or_unknown(
    api_as, score, agent, other_agent, team_lead, supervisor
):
    check = score(agent)
    before = _state()

    lead = api_as(team_lead).post(f"{CHECKS}{check.pk}/acknowledge/", {}, format="json")
    head = api_as(supervisor).post(f"{CHECKS}{check.pk}/acknowledge/", {}, format="json")
    colleague = api_as(other_agent).post(f"{CHECKS}{check.pk}/acknowledge/", {}, format="json")
    missing = api_as(agent).post(f"{CHECKS}999999/acknowledge/", {}, format="json")
    bad = api_as(agent).post(f"{CHECKS}{check.pk}/acknowledge/", {"remark": "x\x00"}, format="json")

    assert (lead.status_code, head.status_code) == (403, 403)
    assert lead.json()["detail"]  # with the reason
    assert (colleague.status_code, missing.status_code, bad.status_code) == (404, 404, 400)
    assert _state() == before


def test_k4_the_calibration_of_a_call_compares_its_scorings_item_by_item(
    api_as, score, recorded_call, agent, team_lead, other_team_lead, supervisor, intake
):
    call = recorded_call(agent)
    first = score(agent, call=call, deduct={"住址": 1})
    second = score(agent, call=call, by=other_team_lead, deduct={"住址": 4, "结束语": 2})

    response = api_as(team_lead).get(f"{API}calls/{call.pk}/calibration/")

    assert response.status_code == 200
    data = response.json()
    assert [check["id"] for check in data["checks"]] == [first.pk, second.pk]
    assert [check["purpose"] for check in data["checks"]] == ["check", "calibration"]
    lines = {line["item"]["label"]: (line["values"], line["spread"]) for line in data["lines"]}
    assert lines["住址"] == ([1, 4], 3) and lines["结束语"] == ([0, 2], 2) and len(lines) == 18
    assert (data["score_spread"], data["same_sheet"], data["call"]) == (5, True, call.pk)
    assert api_as(supervisor).get(f"{API}calls/{call.pk}/calibration/").status_code == 200


def test_a_calibration_is_for_scorers_of_calls_they_see(api_as, score, recorded_call, agent, other_team_lead):
    checked = score(agent)
    unchecked = recorded_call(agent)

    assert api_as(agent).get(f"{API}calls/{checked.call_id}/calibration/").status_code == 403
    assert api_as(other_team_lead).get(f"{API}calls/{checked.call_id}/calibration/").status_code == 404
    assert api_as(other_team_lead).get(f"{API}calls/{unchecked.pk}/calibration/").status_code == 404
    assert api_as(other_team_lead).get(f"{API}calls/999999/calibration/").status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"agent": "x"},
        {"team": "-1"},
        {"purpose": "audit"},
        {"zeroed": "maybe"},
        {"acknowledged": "2"},
        {"date_from": "2026-13-01"},
        {"date_to": "\x00"},
        {"sort": "name"},
        {"sheet": "1\x00"},
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api_as, team_lead, defaults, params):
    response = api_as(team_lead).get(CHECKS, params)

    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_the_check_list_filters_and_sorts(api_as, score, agent, other_agent, team_lead):
    low = score(agent, deduct={"住址": 5})
    zero = score(other_agent, errors=["rude_manner"])
    high = score(agent)
    client = api_as(team_lead)

    assert _ids(client.get(CHECKS, {"agent": agent.pk, "sort": "score"})) == [low.pk, high.pk]
    assert _ids(client.get(CHECKS, {"zeroed": "1"})) == [zero.pk]
    assert _ids(client.get(CHECKS, {"sort": "-score"})) == [high.pk, low.pk, zero.pk]
    assert _ids(client.get(CHECKS, {"acknowledged": "0", "date_from": str(timezone.localdate())}))[0] == high.pk
    assert client.get(CHECKS, {"page_size": 2}).json()["count"] == 3


# --- marks ------------------------------------------------------------------------------------------------------


def test_a_lead_records_a_mark_by_hand(api_as, defaults, agent, team_lead):
    body = {
        "agent": agent.pk,
        "error_type": "resident_praise",
        "occurred_on": str(timezone.localdate()),
        "reason": "表扬",
    }

    response = api_as(team_lead).post(MARKS, body, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["agent"]["id"], data["error_type"], data["kind"], data["state"], data["source"]) == (
        agent.pk,
        "resident_praise",
        "praise",
        "counted",
        "manual",
    )
    assert data["recorded_by"]["id"] == team_lead.pk and data["reason"] == "表扬"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"agent": "abc"}, "agent"),
        ({"agent": 999999}, "agent"),
        ({"agent": "lead"}, "agent"),  # not an agent
        ({"error_type": "no_such_code"}, "error_type"),
        ({"error_type": "\x00"}, "error_type"),
        ({"occurred_on": "2026-02-30"}, "occurred_on"),
        ({"occurred_on": "tomorrow"}, "occurred_on"),
        ({"occurred_on": "future"}, "occurred_on"),
        ({"occurred_on": "closed"}, "occurred_on"),  # a day of a closed month
        ({"reason": ""}, "reason"),
        ({"reason": "x\x00"}, "reason"),
    ],
)
def test_a_bad_mark_is_a_400_per_field_and_nothing_is_saved(
    api_as, defaults, agent, team_lead, supervisor, changes, field
):
    AppraisalMonth.objects.create(month=last_month_day(1), closed_by=supervisor)
    body = {"agent": agent.pk, "error_type": "slow_answer", "occurred_on": str(timezone.localdate()), "reason": "超时"}
    body.update(changes)
    body["agent"] = team_lead.pk if body["agent"] == "lead" else body["agent"]
    special = {"future": timezone.localdate() + timedelta(days=1), "closed": last_month_day()}
    if body["occurred_on"] in special:
        body["occurred_on"] = str(special[body["occurred_on"]])
    before = _state()

    response = api_as(team_lead).post(MARKS, body, format="json")

    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert _state() == before


def test_a_lead_confirms_or_waives_a_proposed_mark_once(api_as, proposed_mark, team_lead):
    client = api_as(team_lead)

    confirmed = client.post(f"{MARKS}{proposed_mark.pk}/confirm/", {}, format="json")
    again = client.post(f"{MARKS}{proposed_mark.pk}/confirm/", {}, format="json")
    no_reason = client.post(f"{MARKS}{proposed_mark.pk}/waive/", {"reason": " "}, format="json")
    waived = client.post(f"{MARKS}{proposed_mark.pk}/waive/", {"reason": "地址库有误"}, format="json")
    twice = client.post(f"{MARKS}{proposed_mark.pk}/waive/", {"reason": "再议"}, format="json")

    assert (confirmed.status_code, confirmed.json()["state"]) == (200, "counted")
    assert again.status_code == 409 and no_reason.status_code == 400 and list(no_reason.json()) == ["reason"]
    assert (waived.status_code, waived.json()["state"], waived.json()["decision_reason"]) == (
        200,
        "waived",
        "地址库有误",
    )
    assert waived.json()["ticket"] == proposed_mark.ticket.number and waived.json()["source"] == "ticket"
    assert twice.status_code == 409


def test_deciding_a_mark_is_for_the_agents_own_lead(api_as, proposed_mark, agent, other_team_lead):
    before = _state()

    assert api_as(agent).post(f"{MARKS}{proposed_mark.pk}/confirm/", {}, format="json").status_code == 403
    assert (
        api_as(other_team_lead).post(f"{MARKS}{proposed_mark.pk}/waive/", {"reason": "x"}, format="json").status_code
        == 404
    )
    assert api_as(other_team_lead).post(f"{MARKS}999999/confirm/", {}, format="json").status_code == 404
    assert _state() == before


def test_the_mark_list_filters(api_as, proposed_mark, score, agent, team_lead):
    score(agent, errors=["slow_answer"])
    client = api_as(team_lead)

    assert _ids(client.get(MARKS, {"state": "proposed"})) == [proposed_mark.pk]
    assert len(_ids(client.get(MARKS, {"type": "slow_answer", "source": "spot_check"}))) == 1
    for params in ({"state": "lost"}, {"date_from": "x"}, {"kind": "\x00"}, {"type": "a" * 31}):
        response = client.get(MARKS, params)
        assert response.status_code == 400 and list(response.json()) == list(params)


# --- typing tests -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"english_accuracy": "101"}, "english_accuracy"),
        ({"english_accuracy": "NaN"}, "english_accuracy"),
        ({"chinese_accuracy": "九十"}, "chinese_accuracy"),
        ({"chinese_accuracy": "99.999"}, "chinese_accuracy"),
        ({"english_per_minute": 1001}, "english_per_minute"),
        ({"english_per_minute": "fast"}, "english_per_minute"),
        ({"chinese_per_minute": -1}, "chinese_per_minute"),
        ({"tested_on": "2026-1-1x"}, "tested_on"),
        ({"agent": None}, "agent"),
    ],
)
def test_a_bad_typing_test_is_a_400_per_field_and_nothing_is_saved(api_as, defaults, agent, team_lead, changes, field):
    body = {
        "agent": agent.pk,
        "tested_on": str(timezone.localdate()),
        "english_per_minute": 80,
        "english_accuracy": "95.5",
        "chinese_per_minute": 60,
        "chinese_accuracy": "96",
    }
    body.update(changes)

    response = api_as(team_lead).post(TYPING, body, format="json")

    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not TypingTest.objects.exists()


def test_a_typing_test_is_recorded_and_listed(api_as, defaults, agent, team_lead):
    body = {
        "agent": agent.pk,
        "tested_on": str(timezone.localdate()),
        "english_per_minute": 80,
        "english_accuracy": "95.5",
        "chinese_per_minute": 60,
        "chinese_accuracy": 96,
    }

    created = api_as(team_lead).post(TYPING, body, format="json")

    assert created.status_code == 201, created.content
    assert (created.json()["english_accuracy"], created.json()["chinese_accuracy"]) == ("95.50", "96.00")
    assert _ids(api_as(agent).get(TYPING)) == [created.json()["id"]]


# --- the vocabulary -----------------------------------------------------------------------------------------------


def test_the_sheets_in_use_with_their_current_items_in_three_queries(
    api_as, intake, supervisor, django_assert_max_num_queries
):
    ScoreSheet.objects.create(name="停用的表", kind="other", is_active=False)
    client = api_as(supervisor)
    client.get(SHEETS)  # the token and the permissions cached

    with django_assert_max_num_queries(6):
        response = client.get(SHEETS)

    sheets = {sheet["name"]: sheet for sheet in response.json()}
    assert set(sheets) == {"报修接听抽查测评表", "回访抽查测评表"}
    intake_sheet = sheets["报修接听抽查测评表"]
    assert (intake_sheet["version"], intake_sheet["total_points"], len(intake_sheet["items"])) == (1, 35, 18)
    station_item = next(item for item in intake_sheet["items"] if item["label"] == "选对维修站")
    assert (station_item["points"], station_item["fatal"], station_item["error_type"]) == (5, True, "wrong_station")
    assert sheets["回访抽查测评表"]["total_points"] == 16


def test_the_error_and_praise_types(api_as, defaults, agent):
    types = {row["code"]: row for row in api_as(agent).get(TYPES).json()}

    assert types["rude_manner"]["zeroes_check"] is True and types["rude_manner"]["amount"] == "50.00"
    assert types["resident_praise"]["kind"] == "praise"


# --- the appraisal ---------------------------------------------------------------------------------------------------


def test_k8_the_appraisal_of_an_open_month_for_each_role(
    api_as, score, agent, other_agent, other_team_agent, team_lead, other_team_lead, supervisor
):
    score(agent, errors=["slow_answer"])
    score(other_team_agent, by=other_team_lead)
    month = f"{timezone.localdate():%Y-%m}"

    data = api_as(supervisor).get(APPRAISAL, {"month": month}).json()

    assert (data["month"], data["state"], data["closed_at"], data["previous_closed"]) == (month, "open", None, False)
    lines = {line["agent_id"]: line for line in data["lines"]}
    assert set(lines) == {agent.pk, other_agent.pk, other_team_agent.pk}
    mine = lines[agent.pk]
    assert (mine["checks"], mine["average_score"], mine["reward_level"], mine["reward_amount"]) == (
        1,
        "100.00",
        5,
        "500.00",
    )
    assert mine["errors"] == {"slow_answer": {"count": 1, "amount": "10.00"}} and mine["net_amount"] == "490.00"
    assert {t["code"] for t in data["praise_types"]} == {"resident_praise", "praised_recording"}

    by_lead = api_as(team_lead).get(APPRAISAL, {"month": month}).json()["lines"]
    assert {line["agent_id"] for line in by_lead} == {agent.pk, other_agent.pk}
    assert [line["agent_id"] for line in api_as(agent).get(APPRAISAL, {"month": month}).json()["lines"]] == [agent.pk]
    one_team = api_as(supervisor).get(APPRAISAL, {"month": month, "team": other_team_agent.team_id}).json()["lines"]
    assert [line["agent_id"] for line in one_team] == [other_team_agent.pk]


def test_k8_a_closed_month_reads_frozen_and_a_later_waive_is_next_months_adjustment(
    api_as, score, agent, team_lead, supervisor
):
    day = last_month_day()
    score(agent, at=noon(day), errors=["slow_answer"])
    mark = Mark.objects.get()

    closed = api_as(supervisor).post(CLOSE, {"month": f"{day:%Y-%m}"}, format="json")

    assert closed.status_code == 201, closed.content
    assert (closed.json()["month"], closed.json()["rows"], closed.json()["closed_by"]["id"]) == (
        f"{day:%Y-%m}",
        1,
        supervisor.pk,
    )
    assert api_as(team_lead).post(f"{MARKS}{mark.pk}/waive/", {"reason": "复核"}, format="json").status_code == 200

    frozen = api_as(supervisor).get(APPRAISAL, {"month": f"{day:%Y-%m}"}).json()
    assert frozen["state"] == "closed" and frozen["closed_by"]["id"] == supervisor.pk
    assert frozen["lines"][0]["error_amount"] == "10.00"
    now = api_as(supervisor).get(APPRAISAL, {"month": f"{timezone.localdate():%Y-%m}"}).json()
    assert now["previous_closed"] is True
    assert (now["lines"][0]["adjustment"], now["lines"][0]["adjustment_notes"]) == ("10.00", ["error_amount"])


def test_closing_an_unfinished_or_closed_month_is_a_409_and_a_bad_month_a_400(api_as, defaults, supervisor):
    client = api_as(supervisor)
    assert client.post(CLOSE, {"month": f"{last_month_day():%Y-%m}"}, format="json").status_code == 201
    before = _state()

    for month, code in (
        (f"{timezone.localdate():%Y-%m}", 409),
        (f"{last_month_day():%Y-%m}", 409),
        ("2026-13", 400),
        ("2026-1x", 400),
        ("0001-01", 400),
        ("9999-12", 400),
        ("26-11-1", 400),
        ("", 400),
        ("\x00", 400),
        (202611, 400),
        (None, 400),
    ):
        response = client.post(CLOSE, {"month": month}, format="json")
        assert response.status_code == code, month
        if code == 400:
            assert list(response.json()) == ["month"]
    assert client.post(CLOSE, {}, format="json").status_code == 400
    assert _state() == before


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"month": "2026-13"}, "month"),
        ({"month": "november"}, "month"),
        ({"month": "\x00"}, "month"),
        ({"month": "0001-01"}, "month"),
        ({"month": "2026-11-01"}, "month"),
        ({"team": "x"}, "team"),
        ({"team": "0"}, "team"),
        ({"team": "\x00"}, "team"),
    ],
)
def test_a_bad_appraisal_query_is_a_400_naming_it(api_as, defaults, supervisor, params, field):
    response = api_as(supervisor).get(APPRAISAL, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_nul_in_the_query_string_is_a_400_not_a_500(api_as, defaults, team_lead):
    client = api_as(team_lead)

    assert client.get(APPRAISAL + "?month=%00").status_code == 400
    assert client.get(GAPS + "?date_from=%00").status_code == 400
    assert client.get(MARKS + "?type=%00").status_code == 400
    assert client.get(CHECKS + "?agent=%00").status_code == 400


def test_the_appraisal_defaults_to_the_month_before(api_as, defaults, supervisor):
    data = api_as(supervisor).get(APPRAISAL).json()

    assert data["month"] == f"{last_month_day():%Y-%m}"


# --- calls without a recording -----------------------------------------------------------------------------------


def test_recording_gaps_list_the_answered_calls_without_a_playable_recording(
    api_as, recorded_call, agent, team_lead, other_team_agent
):
    recorded_call(agent)
    silent = recorded_call(agent, recording=False)
    empty = recorded_call(other_team_agent)
    empty.recordings.update(size_bytes=0)
    old = recorded_call(agent, at=timezone.now() - timedelta(days=20), recording=False)
    client = api_as(team_lead)

    assert set(_ids(client.get(GAPS))) == {silent.pk, empty.pk}
    assert _ids(client.get(GAPS, {"team": agent.team_id})) == [silent.pk]
    row = client.get(GAPS, {"agent": other_team_agent.pk}).json()["results"][0]
    assert (row["recordings_count"], row["agent"]["id"]) == (1, other_team_agent.pk)
    assert "****" in row["caller"]  # masked
    day = timezone.localdate(old.created_at)
    assert _ids(client.get(GAPS, {"date_from": str(day), "date_to": str(day)})) == [old.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_from"),
        ({"date_from": "2024-01-01", "date_to": "2026-01-01"}, "date_to"),
        ({"agent": "x"}, "agent"),
        ({"sort": "caller"}, "sort"),
    ],
)
def test_a_bad_recording_gap_query_is_a_400_naming_it(api_as, defaults, team_lead, params, field):
    response = api_as(team_lead).get(GAPS, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


# --- a constant number of queries ------------------------------------------------------------------------------------


def _constant(api_as, user, url, grow, django_assert_max_num_queries, ceiling: int, params=None):
    """The list read by `user` takes at most `ceiling` queries, and no more after `grow()` added rows."""
    api_as(user).get(url, params)  # the token and the permissions cached
    with django_assert_max_num_queries(ceiling) as few:
        assert api_as(user).get(url, params).status_code == 200
    counted = len(few.captured_queries)  # now: the next request empties the query log
    grow()
    api_as(user).get(url, params)  # new users move the permission cache's generation on: read once more
    with django_assert_max_num_queries(counted):
        assert api_as(user).get(url, params).status_code == 200


def test_the_check_list_takes_a_constant_number_of_queries(
    api_as, score, agent, other_agent, team_lead, django_assert_max_num_queries
):
    score(agent)

    def grow():
        for n in range(4):
            score(other_agent if n % 2 else agent, errors=["slow_answer"])

    _constant(api_as, team_lead, CHECKS, grow, django_assert_max_num_queries, 8)
    assert api_as(team_lead).get(CHECKS).json()["count"] == 5


def test_the_mark_and_typing_lists_take_a_constant_number_of_queries(
    api_as, score, agent, other_agent, team_lead, supervisor, django_assert_max_num_queries
):
    def typing_test(who):
        body = {
            "agent": who.pk,
            "tested_on": str(timezone.localdate()),
            "english_per_minute": 80,
            "english_accuracy": "95",
            "chinese_per_minute": 60,
            "chinese_accuracy": "96",
        }
        assert api_as(team_lead).post(TYPING, body, format="json").status_code == 201

    score(agent, errors=["slow_answer"])
    typing_test(agent)

    def more_marks():
        for who in (agent, other_agent, agent):
            score(who, errors=["slow_answer", "wrong_name"], praise=["praised_recording"])

    def more_tests():
        for who in (other_agent, agent, other_agent):
            typing_test(who)

    _constant(api_as, supervisor, MARKS, more_marks, django_assert_max_num_queries, 8)
    _constant(api_as, supervisor, TYPING, more_tests, django_assert_max_num_queries, 8)
    assert len(api_as(supervisor).get(TYPING).json()["results"]) == 4


def test_the_check_detail_and_the_recording_gaps_take_a_constant_number_of_queries(
    api_as, score, recorded_call, agent, team_lead, django_assert_max_num_queries
):
    plain = score(agent)
    busy = score(agent, errors=["slow_answer", "wrong_name", "empty_promise"], praise=["praised_recording"])
    recorded_call(agent, recording=False)
    api_as(team_lead).get(f"{CHECKS}{plain.pk}/")
    with django_assert_max_num_queries(8) as few:
        api_as(team_lead).get(f"{CHECKS}{plain.pk}/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api_as(team_lead).get(f"{CHECKS}{busy.pk}/").json()["marks"]) == 4

    def grow():
        for _n in range(4):
            recorded_call(agent, recording=False)

    _constant(api_as, team_lead, GAPS, grow, django_assert_max_num_queries, 8)


def test_the_appraisal_takes_a_constant_number_of_queries(
    api_as, score, agent, other_agent, other_team_agent, other_team_lead, supervisor, django_assert_max_num_queries
):
    score(agent, errors=["slow_answer"])

    def grow():
        for n in range(3):
            UserFactory(username=f"agent_more{n}", role=Role.AGENT, team=agent.team)
        score(other_agent, praise=["praised_recording"])
        score(other_team_agent, by=other_team_lead, errors=["wrong_name"])

    _constant(
        api_as,
        supervisor,
        APPRAISAL,
        grow,
        django_assert_max_num_queries,
        20,
        {"month": f"{timezone.localdate():%Y-%m}"},
    )


def test_ids_beyond_any_row_are_404_not_500(api_as, defaults, agent, team_lead):
    huge = "9" * 30

    assert api_as(agent).get(f"{CHECKS}{huge}/").status_code == 404
    assert api_as(agent).post(f"{CHECKS}{huge}/acknowledge/", {}, format="json").status_code == 404
    assert api_as(team_lead).get(f"{API}calls/{huge}/calibration/").status_code == 404
    assert api_as(team_lead).post(f"{MARKS}{huge}/waive/", {"reason": "x"}, format="json").status_code == 404
