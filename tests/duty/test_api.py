"""The duty API (SPEC §7, K-7, K-9, P-5): who may call what, whose handovers and logs each one sees, every bad input
answered per field (never a 500, nothing half-saved), the conflicts, idempotent posts, and a constant number of
queries on the lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.roles import Role
from duty import services
from duty.choices import HandoverState, IncidentKind, IncidentState, SwapState
from duty.models import (
    DutyLog,
    DutyLogCheck,
    DutyLogEntry,
    Handover,
    HandoverItem,
    Incident,
    IncidentNotice,
    RotaEntry,
    SwapRequest,
)
from tests.duty.conftest import DAY, EVENING, NIGHT, REPORT, in_days, shift_now
from tests.factories import UserFactory
from tickets import services as ticket_services
from tickets.outages import outage_declare

pytestmark = pytest.mark.django_db

API = "/api/v1/duty/"
SHIFTS = API + "shifts/"
ROTA = API + "rota/"
MONTH = API + "rota/month/"
SWAPS = API + "swaps/"
HANDOVERS = API + "handovers/"
LOGS = API + "logs/"
COVERAGE = API + "logs/coverage/"
INCIDENTS = API + "incidents/"


def _state() -> tuple:
    """Everything the duty API may write: compared before and after a refused request."""
    return (
        list(RotaEntry.objects.order_by("id").values_list("id", "agent_id", "cancelled_at")),
        list(SwapRequest.objects.order_by("id").values_list("id", "state", "decided_by_id")),
        list(
            Handover.objects.order_by("id").values_list(
                "id", "state", "equipment_checked", "notes", "outgoing_signed_at", "incoming_signed_at", "lead_id"
            )
        ),
        list(HandoverItem.objects.order_by("id").values_list("id", "dealt_with", "note")),
        list(DutyLog.objects.order_by("id").values_list("id", "signed_at", "summary")),
        DutyLogEntry.objects.count(),
        DutyLogCheck.objects.count(),
        list(Incident.objects.order_by("id").values_list("id", "state", "ended_at", "losses", "cause")),
        IncidentNotice.objects.count(),
    )


def _ids(response, key: str = "id") -> list:
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


def _day(offset: int = 0) -> str:
    return str(in_days(offset))


@pytest.fixture
def client_of(db):
    """client_of(user) → a client of its own authenticated with the user's token (two users' calls may interleave)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def login(user) -> APIClient:
        token, _created = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return login


@pytest.fixture
def signable(handover, agent):
    """The handover with the equipment checked, not signed yet."""
    services.handover_update(handover=handover, actor=agent, equipment_checked=True)
    return handover


@pytest.fixture
def duty_officer(db, team):
    """An agent who also holds duty.view_all_handovers: sees every handover, is party to none, leads no one."""
    user = UserFactory(username="duty_officer", role=Role.AGENT, team=team)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="duty", codename="view_all_handovers"))
    return user


# --- who may call what -------------------------------------------------------------------------------------------

ENDPOINTS = [
    ("get", SHIFTS),
    ("get", ROTA),
    ("post", ROTA),
    ("put", MONTH),
    ("post", ROTA + "1/remove/"),
    ("get", SWAPS),
    ("post", SWAPS),
    ("post", SWAPS + "1/approve/"),
    ("post", SWAPS + "1/refuse/"),
    ("post", SWAPS + "1/withdraw/"),
    ("get", HANDOVERS),
    ("post", HANDOVERS),
    ("get", HANDOVERS + "1/"),
    ("patch", HANDOVERS + "1/"),
    ("patch", HANDOVERS + "1/items/1/"),
    ("post", HANDOVERS + "1/sign/"),
    ("get", LOGS),
    ("get", LOGS + "2026-01-05/"),
    ("post", LOGS + "2026-01-05/entries/"),
    ("post", LOGS + "2026-01-05/sign/"),
    ("post", LOGS + "2026-01-05/check/"),
    ("get", COVERAGE),
    ("get", INCIDENTS),
    ("post", INCIDENTS),
    ("get", INCIDENTS + "1/"),
    ("patch", INCIDENTS + "1/"),
    ("post", INCIDENTS + "1/notices/"),
    ("post", INCIDENTS + "1/close/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_callers_are_refused_everywhere(api, method, url):
    assert getattr(api, method)(url, {}, format="json").status_code in (401, 403)


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_station_staff_compliance_and_the_telephony_have_no_duty_access(
    client_of, station_user, compliance_officer, integration, method, url
):
    for user in (station_user, compliance_officer, integration):
        assert getattr(client_of(user), method)(url, {}, format="json").status_code == 403, user


GETS = [SHIFTS, ROTA, SWAPS, HANDOVERS, LOGS, LOGS + f"{timezone.localdate()}/", COVERAGE, INCIDENTS]


@pytest.mark.parametrize(
    ("role", "refused"),
    [("agent", set()), ("team_lead", set()), ("supervisor", set()), ("gm", {SWAPS, HANDOVERS})],
)
def test_what_each_role_may_read(client_of, shifts, agent, team_lead, supervisor, gm, role, refused):
    client = client_of({"agent": agent, "team_lead": team_lead, "supervisor": supervisor, "gm": gm}[role])

    answered = {url: client.get(url).status_code for url in GETS}

    assert answered == {url: 403 if url in refused else 200 for url in GETS}


def test_only_leads_build_the_rota_decide_swaps_sign_logs_and_close_incidents(
    client_of, shifts, agent_on_rota, agent, other_agent, team_lead, incident
):
    swap = services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事")
    before = _state()
    client = client_of(other_agent)

    answers = [
        client.post(ROTA, {"day": _day(5), "shift": shifts[DAY].pk, "agent": other_agent.pk}, format="json"),
        client.put(MONTH, {"month": f"{in_days(40):%Y-%m}", "cells": []}, format="json"),
        client.post(ROTA + f"{agent_on_rota.pk}/remove/"),
        client.post(SWAPS + f"{swap.pk}/approve/", {"note": "同意"}, format="json"),
        client.post(SWAPS + f"{swap.pk}/refuse/", {}, format="json"),
        client.post(LOGS + f"{_day(-1)}/sign/", {"summary": "已阅"}, format="json"),
        client.post(LOGS + f"{_day(-1)}/check/", {"findings": "完整"}, format="json"),
        client_of(team_lead).post(LOGS + f"{_day(-1)}/check/", {"findings": "完整"}, format="json"),
        client.post(INCIDENTS + f"{incident.pk}/close/"),
    ]

    assert [response.status_code for response in answers] == [403] * len(answers)
    assert _state() == before


def test_the_gm_office_reads_incidents_and_logs_but_writes_nothing(client_of, gm, incident):
    client = client_of(gm)
    before = _state()

    assert client.get(INCIDENTS + f"{incident.pk}/").status_code == 200
    body = {"kind": "fire", "title": "着火", "started_at": timezone.now().isoformat(), "description": "x"}
    assert client.post(INCIDENTS, body, format="json").status_code == 403
    assert client.patch(INCIDENTS + f"{incident.pk}/", {"losses": "无"}, format="json").status_code == 403
    assert client.post(LOGS + f"{_day()}/entries/", {"text": "x"}, format="json").status_code == 403
    assert _state() == before


# --- the rota ----------------------------------------------------------------------------------------------------


def test_the_shifts_in_the_days_order(client_of, shifts, agent):
    rows = client_of(agent).get(SHIFTS).json()

    assert [(row["name"], row["starts_at"], row["ends_at"], row["crosses_midnight"]) for row in rows] == [
        (DAY, "08:00", "16:00", False),
        (EVENING, "16:00", "00:00", True),
        (NIGHT, "00:00", "08:00", False),
    ]


def test_the_month_as_a_grid(client_of, shifts, put_on, agent, other_agent, django_assert_max_num_queries):
    first = in_days(40).replace(day=1)
    put_on(agent, DAY, first)
    put_on(other_agent, DAY, first)
    put_on(agent, NIGHT, first + timedelta(days=1))
    client = client_of(agent)

    with django_assert_max_num_queries(6):
        data = client.get(ROTA, {"month": f"{first:%Y-%m}"}).json()

    assert data["month"] == f"{first:%Y-%m}"
    assert [shift["name"] for shift in data["shifts"]] == [DAY, EVENING, NIGHT]
    assert data["days"][0]["day"] == str(first) and len(data["days"]) in (28, 29, 30, 31)
    first_day = {
        cell["shift"]: [person["agent"]["id"] for person in cell["people"]] for cell in data["days"][0]["cells"]
    }
    assert sorted(first_day[shifts[DAY].pk]) == sorted([agent.pk, other_agent.pk])
    assert first_day[shifts[NIGHT].pk] == []
    second_night = data["days"][1]["cells"][2]
    assert (second_night["shift"], [p["agent"]["id"] for p in second_night["people"]]) == (shifts[NIGHT].pk, [agent.pk])
    assert client.get(ROTA).json()["month"] == f"{timezone.localdate():%Y-%m}"


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "abc", "0000-01", "2026-01-01", "%00", "\x00"])
def test_a_month_that_is_no_month_is_a_400_naming_it(client_of, shifts, agent, month):
    for url in (ROTA, COVERAGE):
        response = client_of(agent).get(url, {"month": month})
        assert response.status_code == 400, (url, response.content)
        assert list(response.json()) == ["month"]


def test_a_lead_puts_someone_on_a_shift_and_takes_them_off(client_of, shifts, agent, team_lead):
    client = client_of(team_lead)

    created = client.post(ROTA, {"day": _day(5), "shift": shifts[EVENING].pk, "agent": agent.pk}, format="json")
    entry_id = created.json()["id"]
    removed = client.post(ROTA + f"{entry_id}/remove/")
    again = client.post(ROTA + f"{entry_id}/remove/")

    assert created.status_code == 201, created.content
    assert (created.json()["shift"]["name"], created.json()["agent"]["id"]) == (EVENING, agent.pk)
    assert created.json()["ends_at"].startswith(_day(6) + "T00:00:00")
    assert removed.status_code == 200 and removed.json()["cancelled_at"] is not None
    assert again.status_code == 409
    assert client.post(ROTA + "999999/remove/").status_code == 404


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"day": "2026-02-30", "shift": "abc", "agent": -1}, {"day", "shift", "agent"}),
        ({"day": "9999-12-31", "shift": 1, "agent": 1}, {"day"}),
        ({"day": "0001-01-01", "shift": 1, "agent": 1}, {"day"}),
        ({"day": None, "shift": 2**40, "agent": "1.5"}, {"day", "shift", "agent"}),
        ({}, {"day", "shift", "agent"}),
        ({"day": "%00", "shift": "\x00", "agent": [1]}, {"day", "shift", "agent"}),
    ],
)
def test_a_rota_entry_checks_each_field(client_of, shifts, team_lead, body, fields):
    response = client_of(team_lead).post(ROTA, body, format="json")

    assert response.status_code == 400, response.content
    assert set(response.json()) == fields
    assert not RotaEntry.objects.exists()


def test_unknown_people_and_shifts_and_overlaps_are_400_per_field(
    client_of, shifts, put_on, agent, team_lead, station_user
):
    put_on(agent, EVENING, in_days(5))
    before = _state()
    client = client_of(team_lead)

    unknown = client.post(ROTA, {"day": _day(5), "shift": 999999, "agent": 999999}, format="json")
    no_number = client.post(ROTA, {"day": _day(5), "shift": shifts[DAY].pk, "agent": station_user.pk}, format="json")
    overlap = client.post(ROTA, {"day": _day(5), "shift": shifts[EVENING].pk, "agent": agent.pk}, format="json")
    midnight = client.post(ROTA, {"day": _day(6), "shift": shifts[NIGHT].pk, "agent": agent.pk}, format="json")

    assert (unknown.status_code, set(unknown.json())) == (400, {"shift", "agent"})
    assert (no_number.status_code, list(no_number.json())) == (400, ["agent"])
    assert (overlap.status_code, list(overlap.json())) == (400, ["agent"])
    assert midnight.status_code == 201  # 16:00–00:00, then 00:00–08:00 the next day
    assert _state()[1:] == before[1:] and len(_state()[0]) == len(before[0]) + 1


def test_the_month_is_saved_at_once(client_of, shifts, put_on, agent, other_agent, team_lead):
    first = in_days(40).replace(day=1)
    put_on(other_agent, DAY, first)
    cells = [
        {"day": str(first), "shift": shifts[DAY].pk, "agents": [agent.pk]},
        {"day": str(first + timedelta(days=1)), "shift": shifts[NIGHT].pk, "agents": [agent.pk, other_agent.pk]},
        {"day": str(first + timedelta(days=1)), "shift": shifts[NIGHT].pk, "agents": [agent.pk]},  # merged
    ]

    response = client_of(team_lead).put(MONTH, {"month": f"{first:%Y-%m}", "cells": cells}, format="json")

    assert response.status_code == 200, response.content
    assert response.json() == {"added": 3, "removed": 1}
    assert RotaEntry.objects.filter(cancelled_at=None).count() == 3


def test_the_month_lists_every_clash_under_cells_and_saves_nothing(
    client_of, shifts, put_on, agent, other_agent, team_lead
):
    first = in_days(40).replace(day=1)
    put_on(agent, DAY, first)
    put_on(other_agent, EVENING, first)
    before = _state()
    from duty.models import Shift

    overtime = Shift.objects.create(name="加班", starts_at="12:00", ends_at="20:00", order=9)
    cells = [
        {"day": str(first), "shift": overtime.pk, "agents": [agent.pk, other_agent.pk]},  # both overlap
        {"day": str(first + timedelta(days=2)), "shift": shifts[DAY].pk, "agents": [agent.pk]},
    ]

    response = client_of(team_lead).put(MONTH, {"month": f"{first:%Y-%m}", "cells": cells}, format="json")

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["cells"] and len(response.json()["cells"]) == 2
    assert _state() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"month": "2026-13", "cells": []}, "month"),
        ({"month": "", "cells": []}, "month"),
        ({"cells": []}, "month"),
        ({"month": "2026-01", "cells": "all"}, "cells"),
        ({"month": "2026-01", "cells": [{"day": "x", "shift": 1, "agents": ["a"]}]}, "cells"),
        ({"month": "2026-01", "cells": [{"day": "2026-01-01", "shift": 1, "agents": 5}]}, "cells"),
        ({"month": "2026-01", "cells": [{"day": "2026-02-01", "shift": 999999, "agents": [999999]}]}, "cells"),
        ({"month": "\x00", "cells": []}, "month"),
    ],
)
def test_a_month_body_that_is_wrong_is_a_400_naming_the_field(client_of, shifts, team_lead, body, field):
    response = client_of(team_lead).put(MONTH, body, format="json")

    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not RotaEntry.objects.exists()


# --- swaps -----------------------------------------------------------------------------------------------------------


def test_a_swap_asked_and_approved_by_the_lead(client_of, agent_on_rota, agent, other_agent, team_lead):
    asked = client_of(agent).post(
        SWAPS, {"entry": agent_on_rota.pk, "counterpart": other_agent.pk, "reason": "家中有事"}, format="json"
    )
    swap_id = asked.json()["id"]
    non_lead = client_of(other_agent).post(SWAPS + f"{swap_id}/approve/", {}, format="json")
    approved = client_of(team_lead).post(SWAPS + f"{swap_id}/approve/", {"note": "同意"}, format="json")
    twice = client_of(team_lead).post(SWAPS + f"{swap_id}/refuse/", {}, format="json")

    assert asked.status_code == 201, asked.content
    assert (asked.json()["state"], asked.json()["entry"]["agent"]["id"]) == (SwapState.REQUESTED, agent.pk)
    assert non_lead.status_code == 403
    assert approved.status_code == 200, approved.content
    assert (approved.json()["state"], approved.json()["decision_note"]) == (SwapState.APPROVED, "同意")
    assert approved.json()["entry"]["agent"]["id"] == other_agent.pk
    assert twice.status_code == 409


def test_a_swap_refused_or_withdrawn(client_of, agent_on_rota, agent, other_agent, team_lead):
    swap = services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事")

    refused = client_of(team_lead).post(SWAPS + f"{swap.pk}/refuse/", {"note": "人手不足"}, format="json")
    again = services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事")
    by_other = client_of(other_agent).post(SWAPS + f"{again.pk}/withdraw/")
    withdrawn = client_of(agent).post(SWAPS + f"{again.pk}/withdraw/")

    assert (refused.status_code, refused.json()["state"]) == (200, SwapState.REFUSED)
    assert by_other.status_code == 403
    assert (withdrawn.status_code, withdrawn.json()["state"]) == (200, SwapState.WITHDRAWN)
    agent_on_rota.refresh_from_db()
    assert agent_on_rota.agent == agent


def test_a_swap_too_late_someone_elses_or_unknown_is_refused_with_nothing_saved(
    client_of, put_on, agent_on_rota, agent, other_agent
):
    today = put_on(agent, DAY, in_days(0))
    client = client_of(agent)

    too_late = client.post(SWAPS, {"entry": today.pk, "counterpart": other_agent.pk, "reason": "有事"}, format="json")
    not_mine = client_of(other_agent).post(
        SWAPS, {"entry": agent_on_rota.pk, "counterpart": agent.pk, "reason": "有事"}, format="json"
    )
    unknown = client.post(
        SWAPS, {"entry": 999999, "counterpart": 999999, "counterpart_entry": 999999, "reason": "有事"}, format="json"
    )
    bad = client.post(SWAPS, {"entry": "x", "counterpart": None, "reason": "有\x00事"}, format="json")
    no_reason = client.post(
        SWAPS, {"entry": agent_on_rota.pk, "counterpart": other_agent.pk, "reason": ""}, format="json"
    )

    assert (too_late.status_code, list(too_late.json())) == (400, ["entry"])
    assert not_mine.status_code == 403
    assert (unknown.status_code, list(unknown.json())) == (400, ["entry"])
    assert (bad.status_code, set(bad.json())) == (400, {"entry", "counterpart", "reason"})
    assert (no_reason.status_code, list(no_reason.json())) == (400, ["reason"])
    assert not SwapRequest.objects.exists()


def test_swaps_are_seen_by_the_two_agents_their_lead_and_the_supervisor(
    client_of, agent_on_rota, agent, other_agent, team_lead, other_team_lead, supervisor
):
    swap = services.swap_request(entry=agent_on_rota, actor=agent, counterpart=other_agent, reason="有事")
    colleague = UserFactory(username="agent_x", role=Role.AGENT, team=agent.team)

    seen = {user.username: _ids(client_of(user).get(SWAPS)) for user in (agent, other_agent, team_lead, supervisor)}
    hidden = {user.username: _ids(client_of(user).get(SWAPS)) for user in (colleague, other_team_lead)}

    assert set(map(tuple, seen.values())) == {(swap.pk,)}
    assert set(map(tuple, hidden.values())) == {()}
    assert client_of(other_team_lead).post(SWAPS + f"{swap.pk}/approve/", {}, format="json").status_code == 404
    for junk in ("999999", "abc", "%00"):
        assert client_of(team_lead).post(SWAPS + f"{junk}/approve/", {}, format="json").status_code == 404


# --- handovers -----------------------------------------------------------------------------------------------------


def test_a_handover_started_filled_in_and_signed_by_both(client_of, shifts, incident, agent, other_agent):
    day, shift = shift_now(shifts)
    client = client_of(agent)

    started = client.post(HANDOVERS, {"incoming": other_agent.pk, "day": str(day), "shift": shift.pk}, format="json")
    handover_id = started.json()["id"]
    (item,) = started.json()["items"]
    item_url = HANDOVERS + f"{handover_id}/items/{item['id']}/"
    dealt = client.patch(item_url, {"dealt_with": True, "note": "已告知接班人"}, format="json")
    filled = client.patch(
        HANDOVERS + f"{handover_id}/", {"equipment_checked": True, "notes": "设备正常"}, format="json"
    )
    notes_only = client.patch(HANDOVERS + f"{handover_id}/", {"equipment_notes": "耳机损坏"}, format="json")
    out = client.post(HANDOVERS + f"{handover_id}/sign/", {}, format="json")
    done = client_of(other_agent).post(HANDOVERS + f"{handover_id}/sign/", {}, format="json")

    assert started.status_code == 201, started.content
    assert (item["kind"], item["incident"], item["important"]) == ("incident", incident.pk, True)
    assert dealt.status_code == 200 and dealt.json()["items"][0]["dealt_with"] is True
    assert filled.status_code == 200 and filled.json()["notes"] == "设备正常"
    assert notes_only.json()["equipment_checked"] is True and notes_only.json()["notes"] == "设备正常"
    assert out.status_code == 200 and out.json()["outgoing_signed_at"] is not None
    assert done.status_code == 200 and done.json()["state"] == HandoverState.DONE


def test_signing_twice_the_incoming_first_or_a_third_person_is_refused_with_nothing_changed(
    client_of, signable, agent, other_agent, duty_officer
):
    url = HANDOVERS + f"{signable.pk}/sign/"
    incoming_first = client_of(other_agent).post(url, {}, format="json")
    third = client_of(duty_officer).post(url, {}, format="json")
    before = _state()

    assert client_of(agent).post(url, {}, format="json").status_code == 200
    twice = client_of(agent).post(url, {}, format="json")
    after_outgoing = _state()
    third_again = client_of(duty_officer).post(url, {}, format="json")

    assert incoming_first.status_code == 409
    assert third.status_code == 403 and third.json()["detail"]
    assert twice.status_code == 409
    assert third_again.status_code == 403
    assert _state() == after_outgoing != before


def test_an_important_item_left_open_waits_for_the_lead_who_signs_with_a_note(
    client_of, incident, handover, agent, other_agent, team_lead
):
    services.handover_update(handover=handover, actor=agent, equipment_checked=True)
    url = HANDOVERS + f"{handover.pk}/sign/"
    client_of(agent).post(url, {}, format="json")

    waiting = client_of(other_agent).post(url, {}, format="json")
    no_note = client_of(team_lead).post(url, {"note": ""}, format="json")
    done = client_of(team_lead).post(url, {"note": "事件由接班人跟进"}, format="json")

    assert waiting.json()["state"] == HandoverState.WAITING_LEAD
    assert (no_note.status_code, list(no_note.json())) == (400, ["note"])
    assert (done.status_code, done.json()["state"], done.json()["lead"]["id"]) == (
        200,
        HandoverState.DONE,
        team_lead.pk,
    )


def test_a_handover_checks_each_field_and_saves_nothing_when_refused(client_of, shifts, handover, agent, other_agent):
    day, shift = shift_now(shifts)
    client = client_of(agent)
    before = _state()

    answers = {
        "unknown": client.post(HANDOVERS, {"incoming": 999999}, format="json"),
        "day only": client.post(HANDOVERS, {"incoming": other_agent.pk, "day": str(day)}, format="json"),
        "bad": client.post(HANDOVERS, {"incoming": "x", "day": "2026-02-30", "shift": -1}, format="json"),
        "not begun": client.post(
            HANDOVERS, {"incoming": other_agent.pk, "day": _day(2), "shift": shift.pk}, format="json"
        ),
        "far": client.post(
            HANDOVERS, {"incoming": other_agent.pk, "day": "9999-12-31", "shift": shift.pk}, format="json"
        ),
        "self": client.post(HANDOVERS, {"incoming": agent.pk, "day": str(day), "shift": shift.pk}, format="json"),
        "again": client.post(
            HANDOVERS, {"incoming": other_agent.pk, "day": str(day), "shift": shift.pk}, format="json"
        ),
        "not outgoing": client_of(other_agent).patch(HANDOVERS + f"{handover.pk}/", {"notes": "改"}, format="json"),
        "not a flag": client.patch(HANDOVERS + f"{handover.pk}/", {"equipment_checked": "maybe"}, format="json"),
        "nul": client.patch(HANDOVERS + f"{handover.pk}/", {"notes": "\x00"}, format="json"),
        "no item": client.patch(HANDOVERS + f"{handover.pk}/items/999999/", {"dealt_with": True}, format="json"),
        "unchecked": client.post(HANDOVERS + f"{handover.pk}/sign/", {}, format="json"),
    }

    assert {name: response.status_code for name, response in answers.items()} == {
        "unknown": 400,
        "day only": 400,
        "bad": 400,
        "not begun": 400,
        "far": 400,
        "self": 400,
        "again": 409,
        "not outgoing": 403,
        "not a flag": 400,
        "nul": 400,
        "no item": 404,
        "unchecked": 400,
    }
    assert list(answers["unknown"].json()) == ["incoming"]
    assert list(answers["day only"].json()) == ["shift"]
    assert set(answers["bad"].json()) == {"incoming", "day", "shift"}
    assert list(answers["not begun"].json()) == ["day"]
    assert list(answers["unchecked"].json()) == ["equipment_checked"]
    assert _state() == before


def test_an_item_of_another_handover_is_not_found(client_of, shifts, incident, handover, agent, other_agent):
    day, shift = shift_now(shifts)
    theirs = services.handover_start(actor=other_agent, incoming=agent, day=day, shift=shift)
    item = theirs.items.get()

    response = client_of(agent).patch(
        HANDOVERS + f"{handover.pk}/items/{item.pk}/", {"dealt_with": True}, format="json"
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.dealt_with is False


def test_p5_handovers_are_seen_by_their_agents_their_lead_and_the_supervisor_only(
    client_of, handover, agent, other_agent, team_lead, other_team_lead, supervisor, uncleared
):
    colleague = UserFactory(username="agent_x", role=Role.AGENT, team=agent.team)
    url = HANDOVERS + f"{handover.pk}/"

    for user in (agent, other_agent, team_lead, supervisor):
        assert _ids(client_of(user).get(HANDOVERS)) == [handover.pk], user
        assert client_of(user).get(url).status_code == 200, user
    for user in (colleague, other_team_lead, uncleared):
        assert _ids(client_of(user).get(HANDOVERS)) == [], user
        assert client_of(user).get(url).status_code == 404, user
        assert client_of(user).post(url + "sign/", {}, format="json").status_code == 404, user


# --- the duty log -------------------------------------------------------------------------------------------------


def test_the_days_log_written_signed_and_checked(client_of, agent, team_lead, supervisor):
    yesterday = LOGS + f"{_day(-1)}/"

    empty = client_of(agent).get(yesterday)
    written = client_of(agent).post(yesterday + "entries/", {"text": "来电平稳"}, format="json")
    signed = client_of(team_lead).post(yesterday + "sign/", {"summary": "已阅"}, format="json")
    after = client_of(agent).post(yesterday + "entries/", {"text": "补记"}, format="json")
    checked = client_of(supervisor).post(yesterday + "check/", {"findings": "记录完整"}, format="json")
    twice = client_of(supervisor).post(yesterday + "check/", {"findings": "再查"}, format="json")
    sign_twice = client_of(team_lead).post(yesterday + "sign/", {}, format="json")
    coverage = client_of(supervisor).get(COVERAGE, {"month": f"{in_days(-1):%Y-%m}"})

    assert empty.status_code == 200
    assert empty.json() == {
        "day": _day(-1),
        "signed_by": None,
        "signed_at": None,
        "summary": "",
        "entries": [],
        "checks": [],
    }
    assert written.status_code == 201, written.content
    assert [(e["text"], e["author"]["id"]) for e in written.json()["entries"]] == [("来电平稳", agent.pk)]
    assert (signed.status_code, signed.json()["signed_by"]["id"], signed.json()["summary"]) == (
        200,
        team_lead.pk,
        "已阅",
    )
    assert after.status_code == 409
    assert checked.status_code == 201 and checked.json()["checks"][0]["findings"] == "记录完整"
    assert twice.status_code == 409 and sign_twice.status_code == 409
    assert coverage.json() == {
        "month": f"{in_days(-1):%Y-%m}",
        "logs": 1,
        "checked": 1,
        "share": 100.0,
        "target": 20,
        "met": True,
    }


def test_a_log_day_that_is_no_day_is_not_found_and_bad_text_is_a_400(client_of, agent, supervisor):
    client = client_of(agent)

    for day in ("2026-02-30", "abc", "%00", "9999-12-31", "0001-01-01", "2026-1-05", "20260105"):
        assert client.get(LOGS + f"{day}/").status_code == 404, day
        assert client.post(LOGS + f"{day}/entries/", {"text": "x"}, format="json").status_code == 404, day
    blank = client.post(LOGS + f"{_day()}/entries/", {"text": "  "}, format="json")
    nul = client.post(LOGS + f"{_day()}/entries/", {"text": "停\x00电"}, format="json")
    missing = client.post(LOGS + f"{_day()}/entries/", {}, format="json")
    future = client.post(LOGS + f"{_day(1)}/entries/", {"text": "明天"}, format="json")
    to_come = client.get(LOGS + f"{_day(1)}/")
    nothing_to_check = client_of(supervisor).post(LOGS + f"{_day(-3)}/check/", {"findings": "完整"}, format="json")

    assert [(r.status_code, list(r.json())) for r in (blank, nul, missing, future)] == [
        (400, ["text"]),
        (400, ["text"]),
        (400, ["text"]),
        (400, ["day"]),
    ]
    assert to_come.status_code == 404 and nothing_to_check.status_code == 404
    assert not DutyLog.objects.exists()


def test_p5_a_role_not_cleared_sees_no_duty_log(client_of, agent, uncleared):
    services.duty_log_write(actor=agent, text="来电平稳")
    client = client_of(uncleared)

    assert _ids(client.get(LOGS), "day") == []
    assert client.get(LOGS + f"{_day()}/").status_code == 404
    assert client.post(LOGS + f"{_day()}/entries/", {"text": "x"}, format="json").status_code == 404
    assert client.get(COVERAGE).status_code == 403
    assert _ids(client_of(agent).get(LOGS), "day") == [_day()]
    assert DutyLogEntry.objects.count() == 1


# --- incidents -----------------------------------------------------------------------------------------------------


def _incident_body(**changes) -> dict:
    body = {
        "kind": IncidentKind.POWER_OUTAGE,
        "title": "客服中心临时停电",
        "started_at": (timezone.now() - timedelta(minutes=30)).isoformat(),
        "description": "楼层停电，UPS供电中。",
        "actions": "联系物业。",
    }
    body.update(changes)
    return body


def test_an_incident_reported_told_updated_and_closed(client_of, agent, team_lead):
    reported = client_of(agent).post(INCIDENTS, _incident_body(), format="json")
    incident_id = reported.json()["id"]
    url = INCIDENTS + f"{incident_id}/"
    told = client_of(agent).post(
        url + "notices/", {"notified": "客服主管", "channel": "phone", "at": timezone.now().isoformat()}, format="json"
    )
    too_soon = client_of(team_lead).post(url + "close/")
    ended = client_of(agent).patch(url, {"ended_at": timezone.now().isoformat(), **REPORT}, format="json")
    closed = client_of(team_lead).post(url + "close/")
    after = client_of(team_lead).patch(url, {"cause": "改"}, format="json")

    assert reported.status_code == 201, reported.content
    assert (reported.json()["state"], reported.json()["reported_by"]["id"]) == (IncidentState.OPEN, agent.pk)
    assert told.status_code == 201 and [n["notified"] for n in told.json()["notices"]] == ["客服主管"]
    assert too_soon.status_code == 400
    assert set(too_soon.json()) == {"losses", "cause", "responsibility", "ended_at"}
    assert (ended.status_code, ended.json()["state"], ended.json()["cause"]) == (
        200,
        IncidentState.ENDED,
        REPORT["cause"],
    )
    assert (closed.status_code, closed.json()["state"]) == (200, IncidentState.CLOSED)
    assert after.status_code == 409
    assert Incident.objects.get().cause == REPORT["cause"]


def test_a_mass_complaint_names_its_outage_and_shows_the_linked_numbers(
    client_of, demo_areas, ticket_input, register, agent, supervisor
):
    outage = outage_declare(station=demo_areas["宏城"], community="宏城花园", actor=supervisor)
    ticket = ticket_services.ticket_create(actor=agent, **ticket_input)
    complaint = register(agent, complainant_phone=ticket_input["caller_phone"])

    response = client_of(agent).post(INCIDENTS, _incident_body(kind="mass_complaint", outage=outage.pk), format="json")
    detail = client_of(agent).get(INCIDENTS + f"{response.json()['id']}/").json()

    assert response.status_code == 201, response.content
    assert (detail["outage"], detail["tickets"], detail["complaints"]) == (
        outage.number,
        [ticket.number],
        [complaint.number],
    )


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"kind": "earthquake"}, {"kind"}),
        ({"title": "", "description": " "}, {"title", "description"}),
        ({"started_at": "yesterday"}, {"started_at"}),
        ({"started_at": "0001-01-01T00:00:00+08:00"}, {"started_at"}),
        ({"started_at": "9999-12-31T23:59:59+00:00"}, {"started_at"}),
        ({"started_at": (timezone.now() + timedelta(days=1)).isoformat()}, {"started_at"}),
        ({"outage": 999999, "kind": "mass_complaint"}, {"outage"}),
        ({"outage": "abc"}, {"outage"}),
        ({"title": "x" * 101}, {"title"}),
        ({"description": "\x00"}, {"description"}),
    ],
)
def test_an_incident_report_checks_each_field(client_of, agent, changes, fields):
    response = client_of(agent).post(INCIDENTS, _incident_body(**changes), format="json")

    assert response.status_code == 400, response.content
    assert set(response.json()) == fields
    assert not Incident.objects.exists()


def test_an_outage_is_named_only_for_a_mass_complaint(client_of, demo_areas, agent, supervisor):
    outage = outage_declare(station=demo_areas["宏城"], community="宏城花园", actor=supervisor)

    response = client_of(agent).post(INCIDENTS, _incident_body(kind="fire", outage=outage.pk), format="json")

    assert (response.status_code, list(response.json())) == (400, ["outage"])
    assert not Incident.objects.exists()


def test_changes_to_an_incident_check_each_field_and_save_nothing_when_refused(client_of, incident, agent, other_agent):
    url = INCIDENTS + f"{incident.pk}/"
    client = client_of(agent)
    before = _state()

    answers = [
        (client.patch(url, {"ended_at": (incident.started_at - timedelta(hours=1)).isoformat()}, format="json"), 400),
        (client.patch(url, {"ended_at": "not a time"}, format="json"), 400),
        (client.patch(url, {"losses": "\x00"}, format="json"), 400),
        (client_of(other_agent).patch(url, {"losses": "无"}, format="json"), 403),
        (client.post(url + "notices/", {"notified": "", "channel": "pigeon", "at": "x"}, format="json"), 400),
        (
            client.post(
                url + "notices/",
                {"notified": "主管", "channel": "phone", "at": (timezone.now() + timedelta(hours=2)).isoformat()},
                format="json",
            ),
            400,
        ),
        (client.patch(INCIDENTS + "999999/", {"losses": "无"}, format="json"), 404),
        (client.post(INCIDENTS + "999999/notices/", {}, format="json"), 404),
    ]

    assert [response.status_code for response, _expected in answers] == [expected for _response, expected in answers]
    assert set(answers[4][0].json()) == {"channel", "at"}  # the form of the values first, then the service's rules
    assert list(answers[5][0].json()) == ["at"]
    assert _state() == before


# --- lists: filters, bad values, queries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (SWAPS, {"state": "zzz"}, "state"),
        (SWAPS, {"sort": "nope"}, "sort"),
        (HANDOVERS, {"agent": "abc"}, "agent"),
        (HANDOVERS, {"date_from": "2026-02-30"}, "date_from"),
        (HANDOVERS, {"state": "\x00"}, "state"),
        (LOGS, {"signed": "maybe"}, "signed"),
        (LOGS, {"date_to": "x"}, "date_to"),
        (INCIDENTS, {"kind": "nope"}, "kind"),
        (INCIDENTS, {"date_from": "%00"}, "date_from"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_it(client_of, supervisor, url, params, field):
    response = client_of(supervisor).get(url, params)

    assert response.status_code == 400, response.content
    assert field in response.json()


def test_the_lists_filter_as_their_pages_do(client_of, incident, handover, agent, team_lead, supervisor):
    services.duty_log_write(actor=agent, text="记录", day=in_days(-2))
    services.duty_log_write(actor=agent, text="记录", day=in_days(-1))
    services.duty_log_sign(day=in_days(-2), actor=team_lead)
    client = client_of(supervisor)

    assert _ids(client.get(INCIDENTS, {"kind": "system_failure", "state": "open"})) == [incident.pk]
    assert _ids(client.get(INCIDENTS, {"kind": "fire"})) == []
    assert _ids(client.get(HANDOVERS, {"agent": agent.pk, "state": "open"})) == [handover.pk]
    assert _ids(client.get(HANDOVERS, {"agent": team_lead.pk})) == []
    assert _ids(client.get(LOGS, {"signed": "1"}), "day") == [_day(-2)]
    assert _ids(client.get(LOGS), "day") == [_day(-1), _day(-2)]


def test_an_idempotent_report_replays_and_another_body_is_422(client_of, agent):
    client = client_of(agent)
    body = _incident_body()

    first = client.post(INCIDENTS, body, format="json", HTTP_IDEMPOTENCY_KEY="duty-1")
    replay = client.post(INCIDENTS, body, format="json", HTTP_IDEMPOTENCY_KEY="duty-1")
    other = client.post(INCIDENTS, {**body, "title": "另一事件"}, format="json", HTTP_IDEMPOTENCY_KEY="duty-1")

    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json() and replay["Idempotent-Replayed"] == "true"
    assert other.status_code == 422
    assert Incident.objects.count() == 1


def _fill(n: int, *, shifts, agent, other_agent, team_lead, supervisor) -> None:
    """n more rows in each list: handovers, swaps, duty logs with entries and checks, incidents with notices."""
    base = Handover.objects.count()
    for k in range(base, base + n):
        day = in_days(-1 - k)
        entry = services.rota_assign(day=in_days(10 + k), shift=shifts[DAY], agent=agent, actor=team_lead)
        services.swap_request(entry=entry, actor=agent, counterpart=other_agent, reason="有事")
        services.handover_start(
            actor=agent, incoming=other_agent, day=day, shift=shifts[DAY], now=shifts[DAY].bounds(day)[1]
        )
        log = services.duty_log_write(actor=agent, text="记录", day=day).log
        services.duty_log_check(log=log, actor=supervisor, findings="完整")
        services.duty_log_sign(day=day, actor=team_lead)
        incident = services.incident_report(
            actor=agent, kind=IncidentKind.OTHER, title=f"事件{k}", started_at=timezone.now(), description="x"
        )
        services.incident_notice(incident=incident, actor=agent, notified="主管", channel="phone", at=timezone.now())


@pytest.mark.parametrize("url", [SWAPS, HANDOVERS, LOGS, INCIDENTS])
def test_the_lists_take_a_constant_number_of_queries(
    client_of, django_assert_max_num_queries, shifts, agent, other_agent, team_lead, supervisor, url
):
    people = {"shifts": shifts, "agent": agent, "other_agent": other_agent, "team_lead": team_lead}
    client = client_of(team_lead)
    _fill(2, supervisor=supervisor, **people)
    client.get(url)  # the token and the permissions read once

    with django_assert_max_num_queries(4):
        assert len(client.get(url).json()["results"]) == 2
    _fill(4, supervisor=supervisor, **people)
    with django_assert_max_num_queries(4):
        assert len(client.get(url).json()["results"]) == 6


def test_the_detail_pages_take_a_constant_number_of_queries(
    client_of, django_assert_max_num_queries, incident, handover, agent, supervisor
):
    services.duty_log_write(actor=agent, text="记录")
    for _ in range(3):
        services.duty_log_write(actor=agent, text="记录")
        services.incident_notice(incident=incident, actor=agent, notified="主管", channel="phone", at=timezone.now())
    services.duty_log_check(log=DutyLog.objects.get(), actor=supervisor, findings="完整")
    client = client_of(supervisor)
    client.get(INCIDENTS)

    with django_assert_max_num_queries(6):
        assert len(client.get(INCIDENTS + f"{incident.pk}/").json()["notices"]) == 3
    with django_assert_max_num_queries(6):
        assert len(client.get(LOGS + f"{_day()}/").json()["entries"]) == 4
    with django_assert_max_num_queries(6):
        assert len(client.get(HANDOVERS + f"{handover.pk}/").json()["items"]) == 1
