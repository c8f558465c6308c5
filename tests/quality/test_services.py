"""The quality services (K-4, K-8): scoring by deduction, fatal items and errors that zero a check, calibration,
acknowledgement, score-sheet versions, marks from a station's rejection, closing a month, reward levels, typing
tests. Through the services, as the pages and the API call them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from csc.api import DomainError
from quality import selectors, services
from quality.choices import CheckerLevel, MarkKind, MarkSource, MarkState, Purpose
from quality.models import AppraisalMonth, AppraisalRow, ItemScore, Mark, ScoreSheet, SpotCheck, TypingTest
from quality.services import ItemInput
from tests.factories import UserFactory
from tests.quality.conftest import error_types, items_of, last_month_day, noon
from tickets import services as ticket_services

pytestmark = pytest.mark.django_db


def _line(month, agent):
    return next(line for line in selectors.appraisal(month=month).lines if line.agent_id == agent.pk)


# --- scoring --------------------------------------------------------------------------------------------------------


def test_k4_a_check_deducts_item_by_item_and_scores_the_rest(score, agent, team_lead, intake):
    check = score(agent, deduct={"用语第一句": 2, "住址": 3, "结束语": 1})

    assert (check.total_points, check.deducted, check.score, check.zeroed) == (35, 6, 29, False)
    assert check.purpose == Purpose.CHECK and check.checker_level == CheckerLevel.LEAD
    assert (check.agent, check.checker, check.sheet_version.number) == (agent, team_lead, 1)
    assert check.recording is not None and check.problems == "开头语不规范"
    deducted = dict(ItemScore.objects.filter(check_row=check).values_list("item__label", "deducted"))
    assert len(deducted) == 18 and sum(deducted.values()) == 6  # every item of the sheet, the untouched with 0
    assert deducted["住址"] == 3 and deducted["报修内容"] == 0
    assert round(check.score_percent, 2) == Decimal("82.86")
    assert not Mark.objects.exists()  # no error found, no item with a counted error missed


def test_k4_the_department_head_checks_as_head(score, agent, supervisor):
    assert score(agent, by=supervisor).checker_level == CheckerLevel.HEAD


def test_k4_a_fatal_item_missed_scores_zero_and_counts_its_linked_error(score, agent, team_lead):
    check = score(agent, deduct={"选对维修站": 5, "结束语": 1})

    assert (check.deducted, check.score, check.zeroed) == (6, 0, True)
    mark = Mark.objects.get()
    assert (mark.agent, mark.error_type.code, mark.kind, mark.state) == (agent, "wrong_station", "error", "counted")
    assert (mark.amount, mark.source, mark.spot_check, mark.recorded_by) == (
        Decimal(30),
        MarkSource.SPOT_CHECK,
        check,
        team_lead,
    )
    assert mark.occurred_on == timezone.localdate()


def test_k4_a_fatal_item_partly_missed_does_not_zero_the_check(score, agent):
    check = score(agent, deduct={"选对维修站": 4})

    assert (check.score, check.zeroed) == (31, False)
    assert not Mark.objects.exists()


def test_k4_an_error_that_zeroes_a_check_and_one_that_only_counts(score, agent):
    rude = score(agent, errors=["rude_manner"])
    phrasing = score(agent, deduct={"用语第一句": 1}, errors=["nonstandard_phrasing"], praise=["praised_recording"])

    assert (rude.deducted, rude.score, rude.zeroed) == (0, 0, True)
    assert (phrasing.score, phrasing.zeroed) == (34, False)
    marks = {
        (m.spot_check_id, m.error_type.code): (m.kind, m.amount) for m in Mark.objects.select_related("error_type")
    }
    assert marks == {
        (rude.pk, "rude_manner"): (MarkKind.ERROR, Decimal(50)),
        (phrasing.pk, "nonstandard_phrasing"): (MarkKind.ERROR, Decimal(10)),
        (phrasing.pk, "praised_recording"): (MarkKind.PRAISE, Decimal(0)),
    }


def test_k4_an_error_named_and_its_item_missed_counts_once(score, agent):
    score(agent, deduct={"选对维修站": 5}, errors=["wrong_station", "wrong_station"])

    assert Mark.objects.filter(error_type__code="wrong_station").count() == 1


@pytest.mark.parametrize(
    ("deduct", "field", "words"),
    [
        ({"住址": 6}, "住址", "住址"),  # above the item's 5 points: the message names the item
        ({"住址": -1}, "住址", "住址"),
        ({"住址": "x"}, "住址", None),
    ],
)
def test_a_deduction_outside_the_item_is_refused_per_item_and_nothing_is_saved(
    recorded_call, intake, agent, team_lead, deduct, field, words
):
    items = items_of(intake)
    call = recorded_call(agent)

    with pytest.raises(ValidationError) as refused:
        services.spot_check_create(
            call=call,
            actor=team_lead,
            sheet=intake,
            deductions={items[label].pk: points for label, points in deduct.items()} | {items["结束语"].pk: 4},
            errors=error_types("rude_manner"),
        )

    errors = refused.value.message_dict
    assert list(errors) == [f"item_{items[field].pk}"]
    if words:
        assert words in errors[f"item_{items[field].pk}"][0]
    assert not SpotCheck.objects.exists() and not ItemScore.objects.exists() and not Mark.objects.exists()


def test_items_of_another_sheet_and_errors_of_the_wrong_kind_are_refused(
    recorded_call, intake, agent, team_lead, defaults
):
    callback_sheet = ScoreSheet.objects.get(kind="callback")
    foreign = callback_sheet.current_version().items.first()
    call = recorded_call(agent)

    with pytest.raises(ValidationError) as refused:
        services.spot_check_create(
            call=call, actor=team_lead, sheet=intake, deductions={foreign.pk: 1}, praise=error_types("rude_manner")
        )

    assert set(refused.value.message_dict) == {"deductions", "errors"}
    assert not SpotCheck.objects.exists()


def test_a_retired_sheet_cannot_be_scored_on(recorded_call, intake, agent, team_lead):
    ScoreSheet.objects.filter(pk=intake.pk).update(is_active=False)
    intake.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.spot_check_create(call=recorded_call(agent), actor=team_lead, sheet=intake, deductions={})

    assert list(refused.value.message_dict) == ["sheet"]


def test_one_may_not_score_ones_own_call_nor_may_an_agent_score(recorded_call, intake, agent, other_agent, team_lead):
    with pytest.raises(PermissionDenied):
        services.spot_check_create(call=recorded_call(team_lead), actor=team_lead, sheet=intake, deductions={})
    with pytest.raises(PermissionDenied):
        services.spot_check_create(call=recorded_call(other_agent), actor=agent, sheet=intake, deductions={})

    assert not SpotCheck.objects.exists()


@pytest.mark.parametrize("state", ["none", "empty", "deleted"])
def test_a_call_without_a_playable_recording_cannot_be_checked(recorded_call, intake, agent, team_lead, state):
    call = recorded_call(agent, recording=state != "none")
    if state == "empty":
        call.recordings.update(size_bytes=0)
    if state == "deleted":
        call.recordings.update(deleted_at=timezone.now())

    with pytest.raises(DomainError) as refused:
        services.spot_check_create(call=call, actor=team_lead, sheet=intake, deductions={})

    assert refused.value.code == "no_recording"
    assert not SpotCheck.objects.exists()


# --- calibration ---------------------------------------------------------------------------------------------------


def test_k4_a_second_scorer_of_the_same_call_calibrates_and_counts_nothing(
    score, recorded_call, agent, team_lead, other_team_lead
):
    call = recorded_call(agent)
    first = score(agent, call=call, deduct={"住址": 1, "选对维修站": 5})
    second = score(agent, call=call, by=other_team_lead, deduct={"住址": 3}, errors=["rude_manner"])

    assert (first.purpose, second.purpose) == (Purpose.CHECK, Purpose.CALIBRATION)
    assert (second.score, second.zeroed) == (0, True)  # scored as it would be, for the comparison
    assert list(Mark.objects.values_list("spot_check_id", flat=True)) == [first.pk]  # the calibration counts none
    assert _line(timezone.localdate(), agent).checks == 1

    calibration = selectors.calibration(call=call)

    assert [check.pk for check in calibration["checks"]] == [first.pk, second.pk]
    spreads = {line["item"].label: (line["values"], line["spread"]) for line in calibration["lines"]}
    assert (
        spreads["住址"] == ([1, 3], 2) and spreads["选对维修站"] == ([5, 0], 5) and spreads["报修内容"] == ([0, 0], 0)
    )
    assert calibration["score_spread"] == 0 and calibration["same_sheet"] is True

    with pytest.raises(DomainError):  # one scoring of a call per scorer
        score(agent, call=call, by=other_team_lead)


# --- acknowledgement -------------------------------------------------------------------------------------------------


def test_k4_the_checked_agent_acknowledges_once_with_a_remark(score, agent):
    check = score(agent)

    services.spot_check_acknowledge(check=check, actor=agent, remark="  已改正  ")

    check.refresh_from_db()
    assert check.acknowledged_at is not None and check.agent_remark == "已改正"
    with pytest.raises(DomainError):
        services.spot_check_acknowledge(check=check, actor=agent)


def test_k4_only_the_checked_agent_acknowledges_and_a_calibration_is_not_acknowledged(
    score, recorded_call, agent, other_agent, team_lead, other_team_lead
):
    call = recorded_call(agent)
    check = score(agent, call=call)
    calibration = score(agent, call=call, by=other_team_lead)

    for actor in (other_agent, team_lead):
        with pytest.raises(PermissionDenied):
            services.spot_check_acknowledge(check=check, actor=actor)
    with pytest.raises(DomainError):
        services.spot_check_acknowledge(check=calibration, actor=agent)
    with pytest.raises(ValidationError):
        services.spot_check_acknowledge(check=check, actor=agent, remark="长" * 1001)

    assert not SpotCheck.objects.filter(acknowledged_at__isnull=False).exists()


# --- score sheets ----------------------------------------------------------------------------------------------------


def test_k4_saving_a_sheet_makes_its_next_version_and_old_checks_keep_theirs(score, agent, intake, supervisor):
    old = score(agent)
    items = [
        ItemInput(label=item.label, points=item.points, fatal=item.fatal, error_type=item.error_type)
        for item in items_of(intake).values()
    ]
    items[0] = ItemInput(label="用语第一句（新）", points=4)
    items.append(ItemInput(label="礼貌用语", points=1))

    version = services.sheet_save(
        actor=supervisor, name=intake.name, kind=intake.kind, total_points=35, items=items, sheet=intake
    )

    assert (version.number, version.total_points, version.created_by) == (2, 35, supervisor)
    assert version.items.count() == 19 and version.items.get(order=1).label == "用语第一句（新）"
    assert intake.current_version() == version
    old.refresh_from_db()
    assert old.sheet_version.number == 1
    assert ItemScore.objects.filter(check_row=old, item__version__number=1).count() == 18
    assert score(agent).sheet_version == version


def test_k4_a_sheets_items_must_add_up_to_its_total(intake, supervisor):
    items = [ItemInput(label="用语第一句", points=5), ItemInput(label="结束语", points=4)]

    with pytest.raises(ValidationError) as refused:
        services.sheet_save(actor=supervisor, name="新表", kind="other", total_points=10, items=items)
    with pytest.raises(ValidationError) as named:
        services.sheet_save(actor=supervisor, name=intake.name, kind="other", total_points=9, items=items)

    assert list(refused.value.message_dict) == ["total_points"] and "9" in refused.value.message_dict["total_points"][0]
    assert list(named.value.message_dict) == ["name"]
    assert not ScoreSheet.objects.filter(kind="other").exists()
    assert services.sheet_save(actor=supervisor, name="新表", kind="other", total_points=9, items=items).number == 1


# --- marks: a station's rejection, confirmed or waived -------------------------------------------------------------


def test_k4_a_stations_rejection_proposes_a_wrong_station_for_the_agent_who_took_it(
    defaults, ticket_input, hongcheng_user, agent, team_lead
):
    ticket = ticket_services.ticket_create(actor=agent, **ticket_input)
    ticket_services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="不归本站")

    mark = Mark.objects.get()
    assert (mark.agent, mark.error_type.code, mark.state, mark.source) == (
        agent,
        "wrong_station",
        MarkState.PROPOSED,
        MarkSource.TICKET,
    )
    assert (mark.ticket, mark.amount, mark.occurred_on) == (ticket, Decimal(30), timezone.localdate())
    assert "宏城" in mark.reason
    assert _line(timezone.localdate(), agent).errors == {}  # proposed: not counted yet

    confirmed = services.mark_confirm(mark=mark, actor=team_lead)

    assert (confirmed.state, confirmed.decided_by) == (MarkState.COUNTED, team_lead)
    assert _line(timezone.localdate(), agent).errors == {"wrong_station": {"count": 1, "amount": Decimal(30)}}
    with pytest.raises(DomainError):
        services.mark_confirm(mark=mark, actor=team_lead)


def test_each_rejection_proposes_one_mark_told_twice_or_not(defaults, ticket_input, hongcheng_user, agent):
    ticket = ticket_services.ticket_create(actor=agent, **ticket_input)
    ticket = ticket_services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="不归本站")
    services.on_ticket_rejected(ticket=ticket, station=None, actor=hongcheng_user, at=timezone.now())  # told again
    ticket = ticket_services.ticket_dispatch(ticket=ticket, actor=agent)
    ticket_services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="还是不归本站")

    assert Mark.objects.filter(ticket=ticket, state=MarkState.PROPOSED).count() == 2


def test_a_rejection_of_a_ticket_a_lead_took_proposes_nothing(defaults, ticket_input, hongcheng_user, team_lead):
    ticket = ticket_services.ticket_create(actor=team_lead, **ticket_input)
    ticket_services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="不归本站")

    assert not Mark.objects.exists()


def test_a_mark_is_waived_with_a_reason_and_stays_on_record(defaults, ticket_input, hongcheng_user, agent, team_lead):
    ticket = ticket_services.ticket_create(actor=agent, **ticket_input)
    ticket_services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="不归本站")
    mark = Mark.objects.get()

    with pytest.raises(ValidationError):
        services.mark_waive(mark=mark, actor=team_lead, reason="  ")
    with pytest.raises(PermissionDenied):
        services.mark_waive(mark=mark, actor=agent, reason="地址库错误")
    waived = services.mark_waive(mark=mark, actor=team_lead, reason="地址库错误")

    assert (waived.state, waived.decision_reason) == (MarkState.WAIVED, "地址库错误")
    for decide in (services.mark_confirm, services.mark_waive):
        with pytest.raises(DomainError):
            decide(mark=mark, actor=team_lead, reason="再议")
    assert Mark.objects.get().state == MarkState.WAIVED


def test_a_lead_records_an_error_or_a_praise_by_hand(defaults, agent, team_lead):
    mark = services.mark_record(
        agent=agent,
        error_type=error_types("resident_praise")[0],
        occurred_on=timezone.localdate(),
        reason=" 住户来电表扬 ",
        actor=team_lead,
    )

    assert (mark.kind, mark.state, mark.source, mark.reason, mark.recorded_by) == (
        MarkKind.PRAISE,
        MarkState.COUNTED,
        MarkSource.MANUAL,
        "住户来电表扬",
        team_lead,
    )
    assert _line(timezone.localdate(), agent).praise == {"resident_praise": 1}


@pytest.mark.parametrize(
    ("who", "days", "reason", "field"),
    [
        ("lead", 0, "x", "agent"),  # not an agent
        ("self", 0, "x", "agent"),
        ("agent", 0, " ", "reason"),
        ("agent", -1, "x", "occurred_on"),  # tomorrow
    ],
)
def test_a_mark_by_hand_is_refused_per_field(defaults, agent, team_lead, supervisor, who, days, reason, field):
    target = {"lead": team_lead, "self": supervisor, "agent": agent}[who]

    with pytest.raises(ValidationError) as refused:
        services.mark_record(
            agent=target,
            error_type=error_types("slow_answer")[0],
            occurred_on=timezone.localdate() - timedelta(days=days),
            reason=reason,
            actor=supervisor,
        )

    assert list(refused.value.message_dict) == [field]
    assert not Mark.objects.exists()


def test_an_agent_may_not_record_marks(defaults, agent, other_agent):
    with pytest.raises(PermissionDenied):
        services.mark_record(
            agent=other_agent,
            error_type=error_types("slow_answer")[0],
            occurred_on=timezone.localdate(),
            reason="x",
            actor=agent,
        )


# --- the appraisal and closing a month ----------------------------------------------------------------------------


def test_k8_closing_a_month_freezes_its_rows_and_a_later_waive_is_next_months_adjustment(
    score, agent, other_agent, team_lead, supervisor
):
    day = last_month_day()
    month = day.replace(day=1)
    score(agent, at=noon(day), errors=["slow_answer"])  # 100 %, level 5 (500), a 10 yuan error
    score(other_agent, at=noon(day), deduct={"住址": 5})  # 30 / 35 = 85.71 %, level 2 (200)
    mark = Mark.objects.get()

    closed = services.appraisal_close(month=day, actor=supervisor)

    assert closed.month == month and closed.closed_by == supervisor
    frozen = {row.agent_id: row.figures for row in AppraisalRow.objects.filter(appraisal_month=closed)}
    assert set(frozen) == {agent.pk, other_agent.pk}
    assert frozen[agent.pk]["error_amount"] == "10.00" and frozen[agent.pk]["reward_level"] == 5
    assert frozen[other_agent.pk]["average_score"] == "85.71" and frozen[other_agent.pk]["reward_amount"] == "200.00"

    services.mark_waive(mark=mark, actor=team_lead, reason="复核后不属实")
    score(agent, at=noon(day.replace(day=20)), deduct={"住址": 5})  # a late check of that month's call

    last = selectors.appraisal(month=month)
    assert last.closed == closed
    line = next(line for line in last.lines if line.agent_id == agent.pk)
    assert (line.error_amount, line.checks, line.reward_level) == (Decimal(10), 1, 5)  # as frozen

    now = selectors.appraisal(month=timezone.localdate())
    assert now.closed is None and now.previous_closed is True
    line = next(line for line in now.lines if line.agent_id == agent.pk)
    # the error waived gives back 10; the late check drops the average to 92.86 %, level 3: 300 − 500
    assert line.adjustment == Decimal(10) - Decimal(200)
    assert (line.adjusted_fines, line.adjusted_bonus) == (Decimal(-10), Decimal(-200))
    assert line.net_amount == line.reward_amount - line.error_amount + line.adjustment
    assert next(line for line in now.lines if line.agent_id == other_agent.pk).adjustment == 0


def test_k8_a_month_is_closed_once_and_only_when_it_has_ended(defaults, supervisor, team_lead):
    with pytest.raises(DomainError) as open_month:
        services.appraisal_close(month=timezone.localdate(), actor=supervisor)
    services.appraisal_close(month=last_month_day(), actor=supervisor)
    with pytest.raises(DomainError) as twice:
        services.appraisal_close(month=last_month_day(3), actor=supervisor)
    with pytest.raises(PermissionDenied):
        services.appraisal_close(month=last_month_day() - timedelta(days=40), actor=team_lead)

    assert (open_month.value.code, twice.value.code) == ("not_ended", "closed")
    assert AppraisalMonth.objects.count() == 1


def test_k8_two_closes_at_the_same_moment_one_freezes_the_other_is_told(defaults, supervisor, monkeypatch):
    """The other request's row lands between the check and the insert (as it would from a second browser): a 409,
    not a 500, and this request freezes nothing (the simulated row goes with the refused transaction here)."""
    month = last_month_day()
    compute = selectors.appraisal

    def meanwhile(**kwargs):
        result = compute(**kwargs)
        AppraisalMonth.objects.create(month=month.replace(day=1), closed_by=supervisor)
        return result

    monkeypatch.setattr(selectors, "appraisal", meanwhile)
    with pytest.raises(DomainError) as raced:
        services.appraisal_close(month=month, actor=supervisor)

    assert raced.value.code == "closed"
    assert not AppraisalRow.objects.exists()


def test_k8_a_mark_by_hand_in_a_closed_month_is_refused(defaults, agent, supervisor):
    services.appraisal_close(month=last_month_day(), actor=supervisor)

    with pytest.raises(ValidationError) as refused:
        services.mark_record(
            agent=agent,
            error_type=error_types("slow_answer")[0],
            occurred_on=last_month_day(2),
            reason="漏记",
            actor=supervisor,
        )

    assert list(refused.value.message_dict) == ["occurred_on"]
    assert not Mark.objects.exists()


@pytest.mark.parametrize(
    ("deductions", "level", "bonus"),
    [
        ([{}], 5, Decimal(500)),  # 100 %
        ([{}, {"用语第一句": 2}], 4, Decimal(400)),  # (100 + 94.29) / 2 = 97.14 %
        ([{"住址": 5}], 2, Decimal(200)),  # 85.71 %
        ([{"住址": 5, "报修内容": 2}], 1, Decimal(100)),  # 80 % exactly
        ([{"住址": 5, "报修内容": 3}], None, Decimal(0)),  # 77.14 %
        ([], None, Decimal(0)),  # no check, no bonus
    ],
)
def test_k8_the_reward_level_is_the_highest_band_the_average_reaches(score, agent, deductions, level, bonus):
    for deduct in deductions:
        score(agent, deduct=deduct)

    line = _line(timezone.localdate(), agent)

    assert (line.reward_level, line.reward_amount) == (level, bonus)


def test_k8_the_appraisal_counts_calls_callbacks_checks_and_the_latest_typing_test(
    score, recorded_call, agent, team_lead
):
    recorded_call(agent)
    score(agent, deduct={"住址": 5})
    score(agent, errors=["rude_manner"])
    services.typing_test_record(
        agent=agent,
        tested_on=timezone.localdate() - timedelta(days=40),
        english_per_minute=80,
        english_accuracy="95",
        chinese_per_minute=60,
        chinese_accuracy="97.5",
        actor=team_lead,
    )
    services.typing_test_record(
        agent=agent,
        tested_on=timezone.localdate(),
        english_per_minute=90,
        english_accuracy="96",
        chinese_per_minute=70,
        chinese_accuracy="98",
        actor=team_lead,
    )

    line = _line(timezone.localdate(), agent)

    assert (line.calls_taken, line.checks, line.zeroed_checks, line.unacknowledged) == (3, 2, 1, 2)
    assert line.average_score == Decimal("42.86")  # (85.71 + 0) / 2
    assert line.errors == {"rude_manner": {"count": 1, "amount": Decimal(50)}} and line.error_amount == Decimal(50)
    assert line.typing["english_per_minute"] == 90 and line.typing["chinese_accuracy"] == "98.00"
    assert line.agent_number == agent.agent_number and line.team == agent.team.name


# --- typing tests ----------------------------------------------------------------------------------------------------


def test_a_typing_test_is_recorded(defaults, agent, team_lead):
    test = services.typing_test_record(
        agent=agent,
        tested_on=timezone.localdate(),
        english_per_minute=85,
        english_accuracy="98.5",
        chinese_per_minute=62,
        chinese_accuracy=Decimal("99"),
        actor=team_lead,
    )

    assert (test.english_accuracy, test.chinese_accuracy, test.recorded_by) == (Decimal("98.50"), 99, team_lead)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"english_accuracy": "101"}, "english_accuracy"),
        ({"chinese_accuracy": "-1"}, "chinese_accuracy"),
        ({"chinese_accuracy": "九十"}, "chinese_accuracy"),
        ({"english_accuracy": "NaN"}, "english_accuracy"),
        ({"english_accuracy": "Infinity"}, "english_accuracy"),
        ({"english_per_minute": 1001}, "english_per_minute"),
        ({"chinese_per_minute": "60"}, "chinese_per_minute"),
        ({"tested_on": 1}, "tested_on"),  # tomorrow
        ({"agent": "lead"}, "agent"),
    ],
)
def test_a_typing_test_is_refused_per_field_and_nothing_is_saved(defaults, agent, team_lead, changes, field):
    values = {
        "agent": agent,
        "tested_on": timezone.localdate(),
        "english_per_minute": 85,
        "english_accuracy": "98",
        "chinese_per_minute": 62,
        "chinese_accuracy": "99",
    }
    values.update(changes)
    if values["agent"] == "lead":
        values["agent"] = team_lead
    if isinstance(values["tested_on"], int):
        values["tested_on"] = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.typing_test_record(actor=team_lead, **values)

    assert list(refused.value.message_dict) == [field]
    assert not TypingTest.objects.exists()


def test_an_agent_may_not_record_a_typing_test(defaults, agent, other_agent):
    with pytest.raises(PermissionDenied):
        services.typing_test_record(
            agent=other_agent,
            tested_on=timezone.localdate(),
            english_per_minute=85,
            english_accuracy="98",
            chinese_per_minute=62,
            chinese_accuracy="99",
            actor=agent,
        )


def test_appraised_are_the_agents_with_an_agent_number(defaults, agent, team_lead):
    no_number = UserFactory(username="agent_no_number", role=Role.AGENT, agent_number=None)

    assert selectors.is_appraised(agent) and not selectors.is_appraised(team_lead)
    assert not selectors.is_appraised(no_number)
    assert list(selectors.appraised_agents()) == [agent]
