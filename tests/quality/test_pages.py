"""The quality pages (K-4, K-8): who may open each, scoring a recorded call through the real services, the agent's
acknowledgement, calibration, marks, typing tests, closing a month, the settings — every bad input answered with a
message and nothing saved, the exports, and constant query counts on the lists and the appraisal."""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from callcenter.models import CallDirection, CallType, Recording
from compliance.models import ExportRecord
from csc.periods import month_of
from quality import services
from quality.choices import MarkKind, MarkSource, MarkState, Purpose, SheetKind
from quality.models import (
    AppraisalMonth,
    AppraisalRow,
    ErrorType,
    ItemScore,
    Mark,
    RewardBand,
    ScoreSheet,
    ScoreSheetVersion,
    SpotCheck,
    TypingTest,
)
from tests.callcenter.factories import CallFactory
from tests.downloads import csv_rows, xlsx_rows
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "agent", "team_lead", "supervisor", "station_user", "gm")


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English (the language switch's cookie): the messages below are compared as the code writes
    them, whatever the Chinese catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def defaults(db):
    """The seed-004 sheets, errors and reward levels (migration 0002), back in place after any flush."""
    importlib.import_module("quality.migrations.0002_defaults").load(django_apps, None)


@pytest.fixture
def intake():
    return ScoreSheet.objects.get(kind=SheetKind.INTAKE)


@pytest.fixture
def callback_sheet():
    return ScoreSheet.objects.get(kind=SheetKind.CALLBACK)


@pytest.fixture
def other_lead(db):
    team = TeamFactory(name="乙班")
    lead = UserFactory(username="lead_b", role=Role.TEAM_LEAD, team=team)
    team.lead = lead
    team.save()
    return lead


@pytest.fixture
def recorded_call(team_lead):
    """recorded_call(agent, **call fields) → an answered call of the agent with a playable recording."""

    def make(agent, **fields):
        call = CallFactory(agent=agent, call_type=CallType.REPAIR, **fields)
        Recording.objects.create(
            call=call,
            file=ContentFile(b"RIFF\x24\x00\x00\x00WAVE" + bytes(64), name="r.wav"),
            content_type="audio/wav",
            size_bytes=76,
            duration_seconds=5,
            uploaded_by=team_lead,
        )
        return call

    return make


def _login(client, request, actor: str):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _items(sheet):
    return list(sheet.current_version().items.order_by("order"))


def _score(client, call, sheet, deductions: dict | None = None, **extra):
    """POST the score form: {item label: deduction}; the rest 0."""
    by_label = {item.label: item for item in _items(sheet)}
    data = {f"item_{item.pk}": "0" for item in by_label.values()}
    for label, value in (deductions or {}).items():
        data[f"item_{by_label[label].pk}"] = str(value)
    data.update(extra)
    return client.post(reverse("quality:check_new", args=[call.pk]) + f"?sheet={sheet.pk}", data)


def _check(call, actor, sheet, deductions: dict | None = None, **extra):
    by_label = {item.label: item for item in _items(sheet)}
    return services.spot_check_create(
        call=call,
        actor=actor,
        sheet=sheet,
        deductions={by_label[label].pk: value for label, value in (deductions or {}).items()},
        **extra,
    )


# --- who may open what ------------------------------------------------------------------------------------------

PAGES = {  # url name: status for anonymous, agent, team lead, supervisor, station staff, GM office
    "quality:today": (302, 403, 200, 200, 403, 403),
    "quality:week": (302, 403, 403, 200, 403, 200),
    "quality:check_list": (302, 200, 200, 200, 403, 200),
    "quality:mark_list": (302, 200, 200, 200, 403, 200),
    "quality:mark_new": (302, 403, 200, 200, 403, 403),
    "quality:typing_list": (302, 200, 200, 200, 403, 200),
    "quality:typing_new": (302, 403, 200, 200, 403, 403),
    "quality:recording_gaps": (302, 403, 200, 200, 403, 403),
    "quality:appraisal": (302, 200, 200, 200, 403, 200),
    "quality:settings": (302, 403, 403, 200, 403, 403),
    "quality:sheet_new": (302, 403, 403, 200, 403, 403),
}


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
def test_each_page_opens_for_the_roles_that_may_and_refuses_the_others(client, request, name, index):
    _login(client, request, ACTORS[index])

    response = client.get(reverse(name))

    assert response.status_code == PAGES[name][index], (name, ACTORS[index])
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 302), ("agent", 200), ("other_agent", 404), ("team_lead", 200), ("other_lead", 404)]
    + [("supervisor", 200), ("gm", 200), ("station_user", 404)],
)
def test_a_check_is_seen_by_its_agent_their_lead_and_the_head_and_is_missing_for_the_others(
    client, request, recorded_call, agent, team_lead, intake, actor, expected
):
    check = _check(recorded_call(agent), team_lead, intake)
    _login(client, request, actor)

    assert client.get(reverse("quality:check_detail", args=[check.pk])).status_code == expected
    assert client.get(reverse("quality:check_detail", args=[check.pk + 1000])).status_code in (302, 404)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 302), ("agent", 403), ("team_lead", 200), ("other_lead", 200), ("supervisor", 200)]
    + [("gm", 403), ("station_user", 403)],
)
def test_a_call_is_scored_by_leads_and_the_head_only(client, request, recorded_call, agent, actor, expected):
    call = recorded_call(agent)
    _login(client, request, actor)

    assert client.get(reverse("quality:check_new", args=[call.pk])).status_code == expected
    if expected == 200:
        assert client.get(reverse("quality:check_new", args=[call.pk + 1000])).status_code == 404


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 302), ("agent", 403), ("team_lead", 200), ("supervisor", 200), ("gm", 200), ("station_user", 403)],
)
def test_the_calibration_page_is_the_checkers_and_the_heads(
    client, request, recorded_call, agent, team_lead, intake, actor, expected
):
    call = recorded_call(agent)
    _check(call, team_lead, intake)
    _login(client, request, actor)

    assert client.get(reverse("quality:calibration", args=[call.pk])).status_code == expected
    if expected == 200:
        assert client.get(reverse("quality:calibration", args=[call.pk + 1000])).status_code == 404


def test_sheet_edit_is_the_supervisors_and_a_missing_sheet_is_404(client, intake, supervisor, team_lead):
    client.force_login(team_lead)
    assert client.get(reverse("quality:sheet_edit", args=[intake.pk])).status_code == 403
    client.force_login(supervisor)
    assert client.get(reverse("quality:sheet_edit", args=[intake.pk])).status_code == 200
    assert client.get(reverse("quality:sheet_edit", args=[intake.pk + 1000])).status_code == 404


def test_the_posts_refuse_the_roles_without_the_right(client, agent, team_lead, recorded_call, intake):
    check = _check(recorded_call(agent), team_lead, intake)
    mark = Mark.objects.create(
        agent=agent,
        error_type=ErrorType.objects.get(code="wrong_name"),
        kind=MarkKind.ERROR,
        amount=Decimal(10),
        occurred_on=timezone.localdate(),
        source=MarkSource.MANUAL,
        reason="记错姓名",
        recorded_by=team_lead,
    )
    assert client.post(reverse("quality:appraisal_close"), {"month": "2020-01"}).status_code == 302  # to sign in
    client.force_login(agent)
    assert (
        client.post(reverse("quality:mark_decide", args=[mark.pk]), {"action": "waive", "reason": "x"}).status_code
        == 403
    )
    assert client.post(reverse("quality:appraisal_close"), {"month": "2020-01"}).status_code == 403
    client.force_login(team_lead)
    assert client.post(reverse("quality:appraisal_close"), {"month": "2020-01"}).status_code == 403
    assert client.get(reverse("quality:check_acknowledge", args=[check.pk])).status_code == 405
    mark.refresh_from_db()
    assert mark.state == MarkState.COUNTED and not AppraisalMonth.objects.exists()


def test_the_navigation_offers_the_quality_pages_by_role(client, team_lead, supervisor, agent):
    def names(user):
        client.force_login(user)
        return {str(item["url_name"]) for item in client.get("/").context["nav_items"]}

    lead = names(team_lead)
    assert {"quality:today", "quality:check_list", "quality:typing_list", "quality:recording_gaps"} <= lead
    assert "quality:week" not in lead and "quality:settings" not in lead
    assert {"quality:week", "quality:settings", "quality:appraisal"} <= names(supervisor)
    assert "quality:today" not in names(agent) and "quality:check_list" in names(agent)


# --- scoring a recording, acknowledging it -----------------------------------------------------------------------


def test_k4_a_lead_plays_a_recorded_call_scores_it_by_deduction_and_sees_the_result(
    client, recorded_call, agent, team_lead, intake
):
    call = recorded_call(agent)
    recording = call.recordings.get()
    client.force_login(team_lead)

    page = client.get(reverse("quality:check_new", args=[call.pk]))
    assert page.status_code == 200
    assert page.context["sheet"] == intake  # a repair call: the intake sheet by default
    html = page.content.decode()
    assert f'<audio controls preload="metadata" src="/callcenter/recordings/{recording.pk}/file/"' in html
    assert "选对维修站" in html and 'name="counted"' in html and 'name="praise"' in html

    praise = ErrorType.objects.get(code="praised_recording")
    wrong_name = ErrorType.objects.get(code="wrong_name")
    response = _score(
        client,
        call,
        intake,
        {"报修人姓名": 1, "住址": 2},
        counted=[wrong_name.pk],
        praise=[praise.pk],
        problems="姓名记错",
        good_points="语气亲切",
    )

    check = SpotCheck.objects.get()
    assert response.status_code == 302 and response.url == reverse("quality:check_detail", args=[check.pk])
    assert (check.deducted, check.score, check.total_points, check.zeroed) == (3, 32, 35, False)
    assert (check.purpose, check.checker, check.agent, check.recording) == (Purpose.CHECK, team_lead, agent, recording)
    assert ItemScore.objects.filter(check_row=check).count() == 18
    assert set(check.marks.values_list("error_type__code", flat=True)) == {"wrong_name", "praised_recording"}

    detail = client.get(response.url)
    html = detail.content.decode()
    assert f'src="/callcenter/recordings/{recording.pk}/file/"' in html
    assert 'id="deducted">3<' in html and 'id="score">32<' in html and "91.4%" in html
    assert "姓名记错" in html and "语气亲切" in html and "记录住户姓名错误" in html
    assert 'name="remark"' not in html  # the acknowledgement form is the agent's own


def test_k4_an_outbound_call_opens_on_the_callback_sheet_and_the_picker_switches(
    client, recorded_call, agent, team_lead, intake, callback_sheet
):
    call = recorded_call(agent, direction=CallDirection.OUTBOUND)
    client.force_login(team_lead)

    assert client.get(reverse("quality:check_new", args=[call.pk])).context["sheet"] == callback_sheet
    assert client.get(reverse("quality:check_new", args=[call.pk]), {"sheet": intake.pk}).context["sheet"] == intake
    response = client.get(reverse("quality:check_new", args=[call.pk]), {"sheet": "nonsense"})
    assert response.status_code == 200 and response.context["sheet"] == callback_sheet
    assert _messages(response)


def test_k4_a_fatal_item_missed_scores_the_check_zero_and_counts_the_wrong_station(
    client, recorded_call, agent, team_lead, intake
):
    call = recorded_call(agent)
    client.force_login(team_lead)

    _score(client, call, intake, {"选对维修站": 5})

    check = SpotCheck.objects.get()
    assert (check.deducted, check.score, check.zeroed) == (5, 0, True)
    assert list(check.marks.values_list("error_type__code", flat=True)) == ["wrong_station"]
    assert "tag warn" in client.get(reverse("quality:check_detail", args=[check.pk])).content.decode()


@pytest.mark.parametrize("value", ["6", "-1", "abc"])
def test_k4_a_deduction_outside_the_items_points_is_shown_on_the_item_and_nothing_is_saved(
    client, recorded_call, agent, team_lead, intake, value
):
    call = recorded_call(agent)
    client.force_login(team_lead)

    response = _score(client, call, intake, {"住址": value, "报修人姓名": 1}, problems="保留的文字")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="invalid"' in html and 'aria-invalid="true"' in html
    assert "保留的文字" in html and f'value="{value}"' in html  # what was typed stays
    assert not SpotCheck.objects.exists() and not ItemScore.objects.exists() and not Mark.objects.exists()


def test_k4_a_lead_cannot_score_their_own_call(client, recorded_call, team_lead, intake):
    call = recorded_call(team_lead)
    client.force_login(team_lead)

    response = _score(client, call, intake)

    assert response.status_code == 403
    assert "You cannot score your own call." in _messages(response)
    assert not SpotCheck.objects.exists()


def test_k4_a_call_without_a_recording_is_refused_with_a_message(client, agent, team_lead, intake):
    call = CallFactory(agent=agent)
    client.force_login(team_lead)

    assert (
        "This call has no recording to check."
        in client.get(reverse("quality:check_new", args=[call.pk])).content.decode()
    )
    response = _score(client, call, intake)

    assert response.status_code == 409 and "This call has no recording to check." in _messages(response)
    assert not SpotCheck.objects.exists()


def test_k4_the_agent_acknowledges_their_check_with_a_remark_and_cannot_do_it_twice(
    client, recorded_call, agent, team_lead, intake
):
    check = _check(recorded_call(agent), team_lead, intake, {"住址": 2})
    client.force_login(agent)
    url = reverse("quality:check_acknowledge", args=[check.pk])

    page = client.get(reverse("quality:check_detail", args=[check.pk])).content.decode()
    assert f'action="{url}"' in page and 'name="remark"' in page

    response = client.post(url, {"remark": "已知悉，下次注意"})

    assert response.status_code == 302
    check.refresh_from_db()
    assert check.acknowledged_at is not None and check.agent_remark == "已知悉，下次注意"
    assert (check.score, check.deducted) == (33, 2)
    page = client.get(reverse("quality:check_detail", args=[check.pk])).content.decode()
    assert "已知悉，下次注意" in page and 'name="remark"' not in page

    again = client.post(url, {"remark": "再来一次"})
    assert again.status_code == 409 and "You have already acknowledged this check." in _messages(again)
    check.refresh_from_db()
    assert check.agent_remark == "已知悉，下次注意"


def test_k4_nobody_acknowledges_someone_elses_check(client, recorded_call, agent, other_agent, team_lead, intake):
    check = _check(recorded_call(agent), team_lead, intake)
    url = reverse("quality:check_acknowledge", args=[check.pk])

    client.force_login(other_agent)
    assert client.post(url, {"remark": "x"}).status_code == 404
    client.force_login(team_lead)
    response = client.post(url, {"remark": "x"})
    assert response.status_code == 403
    assert "Only the agent whose call was checked acknowledges the check." in _messages(response)

    check.refresh_from_db()
    assert check.acknowledged_at is None and check.agent_remark == ""


def test_k4_a_remark_too_long_is_a_form_error_and_nothing_is_saved(client, recorded_call, agent, team_lead, intake):
    check = _check(recorded_call(agent), team_lead, intake)
    client.force_login(agent)

    response = client.post(reverse("quality:check_acknowledge", args=[check.pk]), {"remark": "长" * 2500})

    assert response.status_code == 400 and response.context["form"].errors
    check.refresh_from_db()
    assert check.acknowledged_at is None


# --- calibration ----------------------------------------------------------------------------------------------------


def test_k4_a_second_lead_scoring_the_same_call_is_a_calibration_with_its_spread(
    client, recorded_call, agent, team_lead, other_lead, intake
):
    call = recorded_call(agent)
    first = _check(call, team_lead, intake, {"住址": 1, "结束语": 4})
    client.force_login(other_lead)
    detail = client.get(reverse("quality:check_detail", args=[first.pk]))
    assert detail.status_code == 404  # another team's agent: not the second lead's to read …
    assert client.get(reverse("quality:check_new", args=[call.pk])).status_code == 200  # … but to score

    response = _score(client, call, intake, {"住址": 3, "结束语": 4})

    second = SpotCheck.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302 and second.purpose == Purpose.CALIBRATION
    assert not second.marks.exists()
    client.force_login(team_lead)
    page = client.get(reverse("quality:check_detail", args=[first.pk])).content.decode()
    assert reverse("quality:calibration", args=[call.pk]) in page
    calibration = client.get(reverse("quality:calibration", args=[call.pk]))
    assert calibration.status_code == 200
    spreads = {line["item"].label: line["spread"] for line in calibration.context["lines"]}
    assert spreads["住址"] == 2 and spreads["结束语"] == 0 and calibration.context["score_spread"] == 2
    html = calibration.content.decode()
    assert "−1" in html and "−3" in html


# --- counted errors and praise ---------------------------------------------------------------------------------------


def test_k8_a_lead_records_an_error_by_hand_and_it_is_listed(client, agent, team_lead):
    client.force_login(team_lead)
    kind = ErrorType.objects.get(code="nonstandard_phrasing")

    response = client.post(
        reverse("quality:mark_new"),
        {
            "agent": agent.pk,
            "error_type": kind.pk,
            "occurred_on": timezone.localdate().isoformat(),
            "reason": "未用标准用语",
        },
    )

    mark = Mark.objects.get()
    assert response.status_code == 302
    assert (mark.agent, mark.error_type, mark.amount, mark.source, mark.recorded_by) == (
        agent,
        kind,
        Decimal("10.00"),
        MarkSource.MANUAL,
        team_lead,
    )
    listed = client.get(response.url)
    assert mark in listed.context["rows"] and "未用标准用语" in listed.content.decode()


def test_k8_a_manual_mark_in_a_closed_month_is_refused_on_its_day_and_nothing_is_saved(
    client, agent, team_lead, supervisor
):
    last_month = month_of(timezone.localdate())[0] - timedelta(days=1)
    services.appraisal_close(month=last_month, actor=supervisor)
    client.force_login(team_lead)

    response = client.post(
        reverse("quality:mark_new"),
        {
            "agent": agent.pk,
            "error_type": ErrorType.objects.get(code="wrong_name").pk,
            "occurred_on": last_month.isoformat(),
            "reason": "补记",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["occurred_on"] == [
        f"{last_month:%Y-%m} is closed: record it in an open month."
    ]
    assert not Mark.objects.exists()


def test_k8_a_mark_of_oneself_or_without_a_reason_is_a_form_error(client, agent, team_lead):
    client.force_login(team_lead)
    kind = ErrorType.objects.get(code="wrong_name")
    today = timezone.localdate().isoformat()

    own = client.post(
        reverse("quality:mark_new"), {"agent": team_lead.pk, "error_type": kind.pk, "occurred_on": today, "reason": "x"}
    )
    blank = client.post(
        reverse("quality:mark_new"), {"agent": agent.pk, "error_type": kind.pk, "occurred_on": today, "reason": " "}
    )
    future = client.post(
        reverse("quality:mark_new"),
        {"agent": agent.pk, "error_type": kind.pk, "occurred_on": "2999-01-01", "reason": "x"},
    )

    assert own.status_code == blank.status_code == future.status_code == 400
    assert "agent" in own.context["form"].errors and "reason" in blank.context["form"].errors
    assert future.context["form"].errors["occurred_on"] == ["The day cannot be in the future."]
    assert not Mark.objects.exists()


def _proposed(agent):
    return Mark.objects.create(
        agent=agent,
        error_type=ErrorType.objects.get(code="wrong_station"),
        kind=MarkKind.ERROR,
        amount=Decimal(30),
        occurred_on=timezone.localdate(),
        source=MarkSource.TICKET,
        reason="宏城退单",
        state=MarkState.PROPOSED,
    )


def test_k8_a_lead_confirms_a_proposed_mark_and_waives_another_with_a_reason(client, agent, team_lead):
    proposed, other = _proposed(agent), _proposed(agent)
    client.force_login(team_lead)
    listed = client.get(reverse("quality:mark_list")).content.decode()
    assert reverse("quality:mark_decide", args=[proposed.pk]) in listed

    confirmed = client.post(
        reverse("quality:mark_decide", args=[proposed.pk]),
        {"action": "confirm", "next": "/quality/marks/?state=proposed"},
    )
    waived = client.post(reverse("quality:mark_decide", args=[other.pk]), {"action": "waive", "reason": "地址库有误"})

    assert confirmed.status_code == 302 and confirmed.url == "/quality/marks/?state=proposed"
    assert waived.status_code == 302 and waived.url == reverse("quality:mark_list")
    proposed.refresh_from_db()
    other.refresh_from_db()
    assert (proposed.state, proposed.decided_by) == (MarkState.COUNTED, team_lead)
    assert (other.state, other.decision_reason) == (MarkState.WAIVED, "地址库有误")


def test_k8_waiving_without_a_reason_or_twice_is_a_message_and_nothing_changes(client, agent, team_lead):
    mark = _proposed(agent)
    client.force_login(team_lead)
    url = reverse("quality:mark_decide", args=[mark.pk])

    blank = client.post(url, {"action": "waive", "reason": ""}, follow=True)
    assert "Say why it is waived." in [str(m) for m in blank.context["messages"]]
    mark.refresh_from_db()
    assert mark.state == MarkState.PROPOSED

    client.post(url, {"action": "waive", "reason": "不是坐席的错"})
    again = client.post(url, {"action": "confirm"}, follow=True)
    assert "This has been decided already." in [str(m) for m in again.context["messages"]]
    mark.refresh_from_db()
    assert (mark.state, mark.decision_reason) == (MarkState.WAIVED, "不是坐席的错")
    bogus = client.post(url, {"action": "delete"}, follow=True)
    assert bogus.status_code == 200 and mark.state == MarkState.WAIVED
    assert client.post(
        f"/quality/marks/{mark.pk}/decide/", {"action": "waive", "next": "https://evil.example/"}
    ).url == (reverse("quality:mark_list"))


# --- typing tests -------------------------------------------------------------------------------------------------


def test_k8_a_lead_records_a_typing_test_and_a_bad_accuracy_saves_nothing(client, agent, team_lead):
    client.force_login(team_lead)
    data = {
        "agent": agent.pk,
        "tested_on": timezone.localdate().isoformat(),
        "english_per_minute": "62",
        "english_accuracy": "98.5",
        "chinese_per_minute": "41",
        "chinese_accuracy": "150",
    }

    bad = client.post(reverse("quality:typing_new"), data)
    assert bad.status_code == 400 and "chinese_accuracy" in bad.context["form"].errors
    assert not TypingTest.objects.exists()

    good = client.post(reverse("quality:typing_new"), {**data, "chinese_accuracy": "97"})
    assert good.status_code == 302
    test = TypingTest.objects.get()
    assert (test.agent, test.english_per_minute, test.chinese_accuracy, test.recorded_by) == (
        agent,
        62,
        Decimal("97.00"),
        team_lead,
    )
    listed = client.get(reverse("quality:typing_list"))
    assert test in listed.context["rows"] and "98.5%" in listed.content.decode()


# --- the monthly appraisal ------------------------------------------------------------------------------------------


def test_k8_the_appraisal_shows_this_month_by_default_and_a_bad_month_is_a_message(
    client, recorded_call, agent, other_agent, team_lead, intake
):
    _check(recorded_call(agent), team_lead, intake, {"住址": 2, "结束语": 4})
    client.force_login(team_lead)

    page = client.get(reverse("quality:appraisal"))
    assert page.status_code == 200 and page.context["month"] == timezone.localdate().replace(day=1)
    line = next(row["line"] for row in page.context["rows"] if row["line"].agent_id == agent.pk)
    assert (line.checks, line.average_score) == (1, Decimal("82.86"))

    for bad in ("2026-13", "abc", "2026", "0-1"):
        response = client.get(reverse("quality:appraisal"), {"month": bad})
        assert response.status_code == 200 and response.context["month"] == timezone.localdate().replace(day=1)
        assert _messages(response), bad


def test_k8_an_agent_sees_only_their_own_appraisal_a_lead_their_team(client, agent, other_agent, team_lead, other_lead):
    client.force_login(agent)
    assert [row["line"].agent_id for row in client.get(reverse("quality:appraisal")).context["rows"]] == [agent.pk]
    client.force_login(team_lead)
    ids = {row["line"].agent_id for row in client.get(reverse("quality:appraisal")).context["rows"]}
    assert {agent.pk, other_agent.pk} <= ids and other_lead.pk not in ids


def test_k8_the_supervisor_closes_an_ended_month_and_it_shows_closed_and_frozen(
    client, recorded_call, agent, team_lead, supervisor, intake
):
    last_month = month_of(timezone.localdate())[0] - timedelta(days=1)
    first = last_month.replace(day=1)
    _check(recorded_call(agent), team_lead, intake, at=timezone.now() - timedelta(days=timezone.localdate().day + 1))
    client.force_login(supervisor)

    open_page = client.get(reverse("quality:appraisal"), {"month": f"{first:%Y-%m}"})
    assert 'id="close-month"' in open_page.content.decode()
    response = client.post(reverse("quality:appraisal_close"), {"month": f"{first:%Y-%m}"})

    closed = AppraisalMonth.objects.get()
    assert response.status_code == 302 and response.url == reverse("quality:appraisal") + f"?month={first:%Y-%m}"
    assert (closed.month, closed.closed_by) == (first, supervisor)
    assert AppraisalRow.objects.filter(appraisal_month=closed, agent=agent).exists()
    page = client.get(response.url)
    html = page.content.decode()
    assert page.context["appraisal"].closed == closed and 'id="close-month"' not in html
    assert str(supervisor) in html

    again = client.post(reverse("quality:appraisal_close"), {"month": f"{first:%Y-%m}"})
    assert f"{first:%Y-%m} is closed already." in _messages(again)
    current = client.post(reverse("quality:appraisal_close"), {"month": f"{timezone.localdate():%Y-%m}"})
    assert "A month can be closed once it has ended." in _messages(current)
    bad = client.post(reverse("quality:appraisal_close"), {"month": "junk"})
    assert bad.status_code == 302 and _messages(bad)
    assert AppraisalMonth.objects.count() == 1


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_k8_the_appraisal_exports_one_row_per_agent(client, recorded_call, agent, team_lead, intake, fmt):
    _check(recorded_call(agent), team_lead, intake, {"住址": 2})
    client.force_login(team_lead)

    response = client.get(reverse("quality:appraisal"), {"export": fmt})

    assert response.status_code == 200
    rows = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
    header, body = rows[0], rows[1:]
    assert "Agent number" in header and "Net amount (yuan)" in header
    numbers = [str(row[header.index("Agent number")]) for row in body]
    assert agent.agent_number in numbers
    own = body[numbers.index(agent.agent_number)]
    assert str(own[header.index("Spot checks")]) == "1"
    assert ExportRecord.objects.filter(list_code="appraisal", format=fmt).count() == 1


# --- lists: exports, filters, query counts --------------------------------------------------------------------------


LISTS = [
    ("quality:check_list", "spot_checks"),
    ("quality:mark_list", "quality_marks"),
    ("quality:typing_list", "typing_tests"),
    ("quality:recording_gaps", "recording_gaps"),
]


def _fill(recorded_call, agent, team_lead, intake, n: int) -> None:
    """n checks (each with a mark), typing tests and calls without a recording."""
    for number in range(n):
        _check(recorded_call(agent), team_lead, intake, {"住址": 1}, errors=[ErrorType.objects.get(code="wrong_name")])
        TypingTest.objects.create(
            agent=agent,
            tested_on=timezone.localdate() - timedelta(days=number),
            english_per_minute=60,
            english_accuracy=Decimal(98),
            chinese_per_minute=40,
            chinese_accuracy=Decimal(97),
            recorded_by=team_lead,
        )
        CallFactory(agent=agent)


@pytest.mark.parametrize(("name", "code"), LISTS)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_lists_export_their_rows(client, recorded_call, agent, team_lead, intake, name, code, fmt):
    _fill(recorded_call, agent, team_lead, intake, 2)
    client.force_login(team_lead)

    response = client.get(reverse(name), {"export": fmt})

    assert response.status_code == 200
    rows = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
    assert len(rows) == 3, rows
    assert ExportRecord.objects.get(list_code=code).row_count == 2


@pytest.mark.parametrize(("name", "_code"), LISTS)
def test_the_lists_sort_count_and_refuse_bad_filters_with_a_message(
    client, recorded_call, agent, team_lead, intake, name, _code
):
    _fill(recorded_call, agent, team_lead, intake, 2)
    client.force_login(team_lead)

    response = client.get(reverse(name), {"sort": "nonsense", "agent": "x", "date_from": "yesterday"})

    assert response.status_code == 200 and response.context["count"] == 2
    assert len(_messages(response)) >= 2
    assert 'aria-sort="' in response.content.decode()


QUERIES = {  # measured: a page of the list with the user's permissions cached
    "quality:check_list": 12,
    "quality:mark_list": 11,
    "quality:typing_list": 10,
    "quality:recording_gaps": 10,
    "quality:appraisal": 18,
    "quality:today": 9,
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_the_lists_and_the_appraisal_read_in_a_constant_number_of_queries(
    client, recorded_call, agent, team_lead, intake, name, django_assert_max_num_queries
):
    _fill(recorded_call, agent, team_lead, intake, 2)
    client.force_login(team_lead)
    client.get(reverse(name))  # the permission cache is warm
    with django_assert_max_num_queries(QUERIES[name]):
        assert client.get(reverse(name)).status_code == 200
    for extra in [UserFactory(role=Role.AGENT, team=team_lead.team) for _ in range(3)]:
        _fill(recorded_call, extra, team_lead, intake, 3)
    client.get(reverse(name))  # new users moved the permission cache on: warm it again
    with django_assert_max_num_queries(QUERIES[name]):
        assert client.get(reverse(name)).status_code == 200


def test_the_recording_check_lists_answered_calls_without_a_playable_recording(client, recorded_call, agent, team_lead):
    recorded_call(agent)
    missing = CallFactory(agent=agent)
    empty = recorded_call(agent)
    empty.recordings.update(size_bytes=0)
    old = CallFactory(agent=agent, ringing_at=timezone.now() - timedelta(days=20))
    old.created_at = timezone.now() - timedelta(days=20)
    old.save()
    client.force_login(team_lead)

    response = client.get(reverse("quality:recording_gaps"))
    assert set(response.context["rows"]) == {missing, empty}

    wider = client.get(
        reverse("quality:recording_gaps"), {"first": (timezone.localdate() - timedelta(days=30)).isoformat()}
    )
    assert old in wider.context["rows"]
    for params in ({"first": "nope"}, {"first": "2026-02-01", "last": "2026-01-01"}, {"first": "2000-01-01"}):
        bad = client.get(reverse("quality:recording_gaps"), params)
        assert (
            bad.status_code == 200
            and _messages(bad)
            and bad.context["first"] == timezone.localdate() - timedelta(days=6)
        )


# --- the lead's day and the head's week ---------------------------------------------------------------------------


def test_k4_the_leads_day_offers_todays_recorded_calls_of_the_agents_not_checked(
    client, recorded_call, agent, other_agent, team_lead, intake
):
    call = recorded_call(agent)
    recorded_call(other_agent)
    client.force_login(team_lead)

    page = client.get(reverse("quality:today"))
    waiting = {row["agent"].pk: row for row in page.context["waiting"]}
    assert {agent.pk, other_agent.pk} <= set(waiting)
    assert reverse("quality:check_new", args=[call.pk]) in page.content.decode()

    _score(client, call, intake)
    page = client.get(reverse("quality:today"))
    assert agent.pk in {row["agent"].pk for row in page.context["done"]}
    assert agent.pk not in {row["agent"].pk for row in page.context["waiting"]}


def test_k4_the_heads_week_shows_each_lead_per_day_and_the_heads_own_checks(
    client, recorded_call, agent, team_lead, supervisor, intake
):
    _check(recorded_call(agent), team_lead, intake)
    _check(recorded_call(agent), supervisor, intake)
    client.force_login(supervisor)

    page = client.get(reverse("quality:week"))

    lead_row = next(row for row in page.context["leads"] if row["lead"] == team_lead)
    today = next(cell for cell in lead_row["cells"] if cell["day"] == timezone.localdate())
    assert today["checked"] == 1 and today["agents"] >= 1
    assert [head["checks"] for head in page.context["heads"]] == [1]
    assert client.get(reverse("quality:week"), {"day": "garbage"}).status_code == 200


# --- settings -----------------------------------------------------------------------------------------------------


def _sheet_post(sheet, *, total: int, rows: list[tuple[str, int, bool]]) -> dict:
    data = {
        "name": sheet.name if sheet else "投诉受理抽查表",
        "kind": sheet.kind if sheet else SheetKind.OTHER,
        "total_points": str(total),
        "is_active": "on",
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, (label, points, fatal) in enumerate(rows):
        data[f"items-{index}-order"] = str(index + 1)
        data[f"items-{index}-label"] = label
        data[f"items-{index}-points"] = str(points)
        if fatal:
            data[f"items-{index}-fatal"] = "on"
    return data


def test_k4_editing_a_sheet_saves_version_2_and_old_checks_keep_version_1(
    client, recorded_call, agent, team_lead, supervisor, callback_sheet
):
    old = _check(recorded_call(agent, direction=CallDirection.OUTBOUND), team_lead, callback_sheet)
    client.force_login(supervisor)
    page = client.get(reverse("quality:sheet_edit", args=[callback_sheet.pk]))
    assert page.context["formset"].initial[0]["label"] == "用语第一句"

    rows = [(item.label, item.points, item.fatal) for item in _items(callback_sheet)]
    rows[0] = ("开场白", 4, True)
    rows[-1] = ("结束语", 1, False)
    response = client.post(
        reverse("quality:sheet_edit", args=[callback_sheet.pk]), _sheet_post(callback_sheet, total=16, rows=rows)
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    version = callback_sheet.current_version()
    assert version.number == 2 and version.created_by == supervisor
    first = version.items.order_by("order").first()
    assert (first.label, first.points, first.fatal) == ("开场白", 4, True)
    old.refresh_from_db()
    assert old.sheet_version.number == 1
    assert "开场白" in client.get(reverse("quality:settings")).content.decode()


def test_k4_a_sheet_whose_points_do_not_add_up_is_a_form_error_and_no_version_is_saved(
    client, supervisor, callback_sheet
):
    client.force_login(supervisor)
    rows = [(item.label, item.points, item.fatal) for item in _items(callback_sheet)]

    response = client.post(
        reverse("quality:sheet_edit", args=[callback_sheet.pk]), _sheet_post(callback_sheet, total=20, rows=rows)
    )

    assert response.status_code == 400
    assert response.context["form"].errors["total_points"] == [
        "The items add up to 16 points, not the sheet's total of 20."
    ]
    assert ScoreSheetVersion.objects.filter(sheet=callback_sheet).count() == 1
    empty = client.post(reverse("quality:sheet_new"), _sheet_post(None, total=5, rows=[("", 5, False)]))
    assert empty.status_code == 400 and empty.context["items_error"]
    assert ScoreSheet.objects.count() == 2


def test_k4_a_new_sheet_is_saved_as_its_version_1(client, supervisor):
    client.force_login(supervisor)

    response = client.post(
        reverse("quality:sheet_new"), _sheet_post(None, total=10, rows=[("用语第一句", 6, False), ("结束语", 4, True)])
    )

    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(name="投诉受理抽查表")
    assert sheet.current_version().number == 1 and sheet.current_version().items.count() == 2


def test_k8_settings_save_amounts_and_reward_levels_all_or_nothing(client, supervisor):
    client.force_login(supervisor)
    types = list(ErrorType.objects.all())
    rude = ErrorType.objects.get(code="rude_manner")
    slow = ErrorType.objects.get(code="slow_answer")

    def amounts(**changes):
        data = {"section": "types"}
        for kind in types:
            data[f"amount_{kind.pk}"] = changes.get(kind.code, str(kind.amount))
            if kind.zeroes_check:
                data[f"zeroes_{kind.pk}"] = "on"
            if kind.is_active:
                data[f"active_{kind.pk}"] = "on"
        return data

    bad = client.post(reverse("quality:settings"), amounts(slow_answer="15", rude_manner="lots"))
    assert bad.status_code == 400 and "Enter an amount in yuan, 0 to 99,999." in bad.content.decode()
    slow.refresh_from_db()
    assert slow.amount == Decimal(10)  # the good row of a refused form is not saved either

    good = client.post(reverse("quality:settings"), amounts(slow_answer="15", rude_manner="60"))
    assert good.status_code == 302
    slow.refresh_from_db()
    rude.refresh_from_db()
    assert (slow.amount, rude.amount, rude.zeroes_check) == (Decimal(15), Decimal(60), True)

    bands = {"section": "bands"}
    for level, score, amount in [(1, 80, 100), (2, 85, 200), (3, 90, 300), (4, 95, 400), (5, 98, 600)]:
        bands[f"min_score_{level}"], bands[f"amount_{level}"] = str(score), str(amount)
    unordered = client.post(reverse("quality:settings"), {**bands, "amount_5": "50"})
    assert unordered.status_code == 400
    assert "Each level needs a higher score and a higher bonus than the level below it." in unordered.content.decode()
    assert RewardBand.objects.get(level=5).amount == Decimal(500)
    junk = client.post(reverse("quality:settings"), {**bands, "min_score_2": "abc"})
    assert junk.status_code == 400 and RewardBand.objects.get(level=5).amount == Decimal(500)

    saved = client.post(reverse("quality:settings"), bands)
    assert saved.status_code == 302 and RewardBand.objects.get(level=5).amount == Decimal(600)


def test_k8_another_teams_lead_cannot_decide_on_a_mark_nor_pick_an_unknown_team(client, agent, other_lead, team_lead):
    mark = _proposed(agent)
    client.force_login(other_lead)

    assert client.post(reverse("quality:mark_decide", args=[mark.pk]), {"action": "confirm"}).status_code == 404
    mark.refresh_from_db()
    assert mark.state == MarkState.PROPOSED

    client.force_login(team_lead)
    response = client.get(reverse("quality:appraisal"), {"team": "999999"})
    assert response.status_code == 200 and response.context["team"] is None and _messages(response)
