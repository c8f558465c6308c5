"""The duty pages (K-7, K-9, P-5): who opens which page, the happy paths through the real services (a month built
on one page, a swap asked and approved, a handover started, its items dealt with and signed by both agents — or by
the lead for an important item left open —, a duty log written, signed and checked, an incident reported, told,
reported on and closed, the shifts and the settings), every refusal answered with a message and nothing saved, the
exports, and the query counts of the lists and the rota as rows grow."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from csc.dashboard import Scope
from duty import dashboard, home, services
from duty.choices import HandoverState, IncidentKind, IncidentState, SwapState
from duty.models import (
    DutyLog,
    DutyLogCheck,
    DutyLogEntry,
    DutySettings,
    Handover,
    HandoverItem,
    Incident,
    IncidentNotice,
    RotaEntry,
    Shift,
    SwapRequest,
)
from tests.factories import TeamFactory, UserFactory
from tests.lists import exports_exactly, queries_of, shows_the_count, sorts_by_every_column
from tests.tickets.conftest import demo_areas, hongcheng_user, ticket_input  # noqa: F401  shared fixtures
from tickets import services as ticket_services

pytestmark = pytest.mark.django_db

TODAY = "today"


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def client(client, settings):
    """Pages in English for exact message assertions (the UI is Chinese unless the language switch says otherwise)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def shifts(db):
    """The heating season's three shifts (the data migration's rows, back in place after a flush)."""
    rows = {}
    for order, (name, starts, ends) in enumerate(
        [("白班", time(8), time(16)), ("中班", time(16), time(0)), ("夜班", time(0), time(8))], start=1
    ):
        rows[name], _ = Shift.objects.update_or_create(
            name=name, defaults={"starts_at": starts, "ends_at": ends, "order": order, "is_active": True}
        )
    Shift.objects.exclude(name__in=rows).update(is_active=False)
    if not DutySettings.objects.exists():
        DutySettings.objects.create()
    return rows


@pytest.fixture
def day_shift(shifts):
    return shifts["白班"]


@pytest.fixture
def stranger(db):
    """An agent of another team: sees no handover of 甲班."""
    return UserFactory(username="agent_far", role=Role.AGENT, team=TeamFactory(name="乙班"))


@pytest.fixture
def on_rota(day_shift, agent, other_agent, team_lead):
    """put(user, day) → the user on the day shift of that day (assigned by the lead)."""

    def put(user, day, shift=None):
        return services.rota_assign(day=day, shift=shift or day_shift, agent=user, actor=team_lead)

    return put


def yesterday() -> date:
    """A day whose shifts have all begun (a shift is handed over once it has begun)."""
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def handover(day_shift, agent, other_agent):
    """agent hands yesterday's day shift over to other_agent; nothing is carried over."""
    return services.handover_start(actor=agent, incoming=other_agent, day=yesterday(), shift=day_shift)


@pytest.fixture
def returned_ticket(agent, ticket_input, hongcheng_user):  # noqa: F811
    """A repair ticket the agent took, rejected by the station: back on the agent's desk, waiting for dispatch."""
    ticket = ticket_services.ticket_create(actor=agent, **ticket_input)
    return ticket_services.ticket_reject(ticket=ticket, actor=hongcheng_user, reason="不是本站片区")


@pytest.fixture
def incident(agent):
    return services.incident_report(
        actor=agent,
        kind=IncidentKind.POWER_OUTAGE,
        title="客服中心停电",
        started_at=timezone.now() - timedelta(minutes=10),
        description="楼层停电，UPS供电。",
    )


# --- who opens which page ------------------------------------------------------------------------------------------

ROLES = ["agent", "team_lead", "supervisor", "station_user", "compliance_officer", "gm"]
PAGES = {
    # name: (args, {role: expected status})
    "rota": ((), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 200}),
    "swap_list": ((), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 403}),
    "swap_new": ((), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 403}),
    "handover_list": ((), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 403}),
    "handover_new": ((), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 403}),
    "handover_detail": (("handover",), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 404, "compliance_officer": 404, "gm": 404}),
    "log_today": ((), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 200}),
    "log_detail": ((TODAY,), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 200}),
    "log_list": ((), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 200}),
    "incident_list": ((), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 200}),
    "incident_new": ((), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 403}),
    "incident_detail": (("incident",), {"agent": 200, "team_lead": 200, "supervisor": 200, "station_user": 404, "compliance_officer": 404, "gm": 200}),
    "settings": ((), {"agent": 403, "team_lead": 403, "supervisor": 200, "station_user": 403, "compliance_officer": 403, "gm": 403}),
}  # fmt: skip


def _url(request, name: str) -> str:
    args = []
    for arg in PAGES[name][0]:
        if arg == TODAY:
            args.append(timezone.localdate().isoformat())
        else:
            args.append(request.getfixturevalue(arg).pk)
    return reverse(f"duty:{name}", args=args)


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_sends_the_anonymous_to_sign_in(request, client, shifts, name):
    url = _url(request, name)

    response = client.get(url)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(PAGES))
def test_each_role_opens_the_pages_it_may_and_no_other(request, client, shifts, name, role):
    url = _url(request, name)
    client.force_login(request.getfixturevalue(role))

    response = client.get(url)

    assert response.status_code == PAGES[name][1][role]


def test_p5_a_handover_is_hidden_from_another_team_and_shows_its_secret_level(client, handover, stranger, agent):
    client.force_login(stranger)
    assert client.get(reverse("duty:handover_detail", args=[handover.pk])).status_code == 404
    assert handover.pk not in [h.pk for h in client.get(reverse("duty:handover_list")).context["rows"]]

    client.force_login(agent)
    page = client.get(reverse("duty:handover_detail", args=[handover.pk])).content.decode()
    assert 'class="tag secret"' in page
    assert 'class="tag secret"' in client.get(reverse("duty:log_today")).content.decode()


def test_a_missing_record_or_day_is_a_404_never_a_500(client, agent, shifts):
    client.force_login(agent)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    for url in (
        "/duty/handovers/999999/",
        "/duty/incidents/999999/",
        "/duty/log/2026-13-45/",
        "/duty/log/notaday/",
        f"/duty/log/{future}/",
        "/duty/log/0001-01-01/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_day_off_the_calendar_is_a_message_never_a_500(client, team_lead, other_agent, shifts, incident):
    client.force_login(team_lead)

    listed = client.get(reverse("duty:incident_list"), {"date_from": "0001-01-01", "date_to": "9999-12-31"})
    assert listed.status_code == 200 and len(_messages(listed)) == 2 and listed.context["count"] == 1
    started = client.post(
        reverse("duty:handover_new"), {"incoming": other_agent.pk, "day": "9999-12-31", "shift": shifts["白班"].pk}
    )
    assert started.status_code == 400 and started.context["form"].errors["day"]
    for moment in ("0001-01-01T00:00", "9999-12-31T23:59"):
        new = client.post(
            reverse("duty:incident_new"),
            {"kind": "fire", "title": "冒烟", "description": "已扑灭", "started_at": moment},
        )
        assert new.status_code == 400 and new.context["form"].errors["started_at"], moment
        notice = client.post(
            reverse("duty:incident_detail", args=[incident.pk]),
            {"action": "notice", "notified": "主管", "channel": "phone", "at": moment},
        )
        assert notice.status_code == 400 and notice.context["notice_form"].errors["at"], moment
    assert not Handover.objects.exists() and Incident.objects.count() == 1 and not IncidentNotice.objects.exists()


# --- the rota ------------------------------------------------------------------------------------------------------


def _month_post(month: date, ticks: dict[tuple[date, Shift], list]) -> dict:
    data: dict = {"month": f"{month:%Y-%m}"}
    for (day, shift), people in ticks.items():
        data[f"cell-{day:%Y-%m-%d}-{shift.pk}"] = [str(p.pk) for p in people]
    return data


def test_k7_a_lead_builds_the_month_on_one_page(client, team_lead, agent, other_agent, shifts):
    month = timezone.localdate().replace(day=1)
    day, night = shifts["白班"], shifts["夜班"]
    client.force_login(team_lead)
    page = client.get(reverse("duty:rota"), {"month": f"{month:%Y-%m}", "edit": "1"})
    assert page.status_code == 200 and f'name="cell-{month:%Y-%m-%d}-{day.pk}"' in page.content.decode()

    ticks = {
        (month, day): [agent],
        (month, night): [other_agent],
        (month + timedelta(days=1), day): [agent, other_agent],
    }
    response = client.post(reverse("duty:rota"), _month_post(month, ticks))

    assert response.status_code == 302 and response.url == f"/duty/rota/?month={month:%Y-%m}"
    saved = set(RotaEntry.objects.filter(cancelled_at=None).values_list("day", "shift_id", "agent_id"))
    assert saved == {
        (month, day.pk, agent.pk),
        (month, night.pk, other_agent.pk),
        (month + timedelta(days=1), day.pk, agent.pk),
        (month + timedelta(days=1), day.pk, other_agent.pk),
    }
    # the month again without the second day: its entries are taken off (cancelled, not deleted)
    del ticks[(month + timedelta(days=1), day)]
    client.post(reverse("duty:rota"), _month_post(month, ticks))
    assert RotaEntry.objects.filter(cancelled_at=None).count() == 2
    assert RotaEntry.objects.exclude(cancelled_at=None).count() == 2

    client.force_login(agent)
    grid = client.get(reverse("duty:rota"), {"month": f"{month:%Y-%m}"})
    assert grid.status_code == 200 and 'class="name mine"' in grid.content.decode()
    assert 'name="cell-' not in grid.content.decode()  # an agent reads the grid, never the form


def test_k7_every_clash_of_a_month_is_said_and_nothing_is_saved(client, team_lead, agent, other_agent, shifts):
    """A shift overlapping another for the same agent, twice in one month: both clashes listed, no entry saved."""
    long_day = Shift.objects.create(name="长白班", starts_at=time(12), ends_at=time(20), order=4)
    month = timezone.localdate().replace(day=1)
    second = month + timedelta(days=1)
    ticks = {
        (month, shifts["白班"]): [agent],
        (month, long_day): [agent],
        (second, shifts["中班"]): [other_agent],
        (second, long_day): [other_agent],
    }
    client.force_login(team_lead)

    response = client.post(reverse("duty:rota"), _month_post(month, ticks))

    assert response.status_code == 400
    errors = response.context["errors"]
    assert len(errors) == 2 and all("长白班" in e or "白班" in e for e in errors)
    assert str(agent) in " ".join(errors) and str(other_agent) in " ".join(errors)
    assert 'id="rota-errors"' in response.content.decode()
    assert not RotaEntry.objects.exists()
    # the ticks stay on the form so the lead corrects them instead of starting again
    assert f'name="cell-{month:%Y-%m-%d}-{long_day.pk}" value="{agent.pk}" checked' in response.content.decode()


def test_a_bad_month_or_a_forged_tick_is_a_message_never_a_500(client, team_lead, shifts):
    month = timezone.localdate().replace(day=1)
    client.force_login(team_lead)

    shown = client.get(reverse("duty:rota"), {"month": "2026-13"})
    assert shown.status_code == 200 and shown.context["month"] == month
    assert any("2026-13" in m for m in _messages(shown))
    assert client.get(reverse("duty:rota"), {"month": "0001-01"}).context["month"] == month

    forged = client.post(
        reverse("duty:rota"), {"month": f"{month:%Y-%m}", f"cell-{month:%Y-%m-%d}-{shifts['白班'].pk}": "x"}
    )
    assert forged.status_code == 400 and forged.context["errors"]
    assert not RotaEntry.objects.exists()


def test_only_a_lead_saves_the_month(client, agent, shifts):
    month = timezone.localdate().replace(day=1)
    client.force_login(agent)

    response = client.post(reverse("duty:rota"), _month_post(month, {(month, shifts["白班"]): [agent]}))

    assert response.status_code == 403 and _messages(response)
    assert not RotaEntry.objects.exists()


def test_the_rota_prints_and_exports(client, team_lead, agent, on_rota, shifts):
    month = timezone.localdate().replace(day=1)
    on_rota(agent, month)
    on_rota(agent, month + timedelta(days=1), shifts["夜班"])
    client.force_login(team_lead)

    page = client.get(reverse("duty:rota"), {"month": f"{month:%Y-%m}"}).content.decode()
    assert 'class="rota-sheet"' in page and "window.print()" in page

    sheet, lines = exports_exactly(
        client, reverse("duty:rota"), {"month": f"{month:%Y-%m}"}, rows=2, list_code="rota", user=team_lead
    )
    assert lines[1][2] == "白班" and lines[1][5] == agent.agent_number
    assert sheet[2][2] == "夜班"


def test_the_agents_home_panel_lists_their_next_shifts(agent, on_rota):
    tomorrow = timezone.localdate() + timedelta(days=1)
    on_rota(agent, tomorrow)

    html = render_to_string("duty/home/_shifts.html", {"panel": home._next_shifts(agent)})

    assert "白班" in html and tomorrow.strftime("%m-%d") in html
    assert 'href="/duty/rota/"' in html and 'href="/duty/handovers/new/"' in html


def test_the_rota_reads_in_a_constant_number_of_queries(client, team_lead, shifts, django_assert_max_num_queries):
    month = timezone.localdate().replace(day=1)
    people = [UserFactory(username=f"rota_{n}", role=Role.AGENT, team=team_lead.team) for n in range(3)]
    for n, person in enumerate(people):
        services.rota_assign(day=month + timedelta(days=n), shift=shifts["白班"], agent=person, actor=team_lead)
    client.force_login(team_lead)
    few = queries_of(client, reverse("duty:rota"), {"month": f"{month:%Y-%m}", "edit": "1"})

    more = [UserFactory(username=f"rota_more_{n}", role=Role.AGENT, team=team_lead.team) for n in range(6)]
    for n, person in enumerate(more):
        for shift in shifts.values():
            services.rota_assign(day=month + timedelta(days=n + 5), shift=shift, agent=person, actor=team_lead)

    assert queries_of(client, reverse("duty:rota"), {"month": f"{month:%Y-%m}", "edit": "1"}) == few
    with django_assert_max_num_queries(12):
        client.get(reverse("duty:rota"), {"month": f"{month:%Y-%m}"})


# --- swaps ---------------------------------------------------------------------------------------------------------


def test_k7_an_agent_asks_for_a_swap_and_a_lead_approves_it(client, agent, other_agent, team_lead, on_rota):
    later = on_rota(agent, timezone.localdate() + timedelta(days=3))
    client.force_login(agent)
    form = client.get(reverse("duty:swap_new"))
    assert [e.pk for e in form.context["form"].fields["entry"].queryset] == [later.pk]

    asked = client.post(
        reverse("duty:swap_new"), {"entry": later.pk, "counterpart": other_agent.pk, "reason": "家中有事"}
    )

    assert asked.status_code == 302 and asked.url == reverse("duty:swap_list")
    swap = SwapRequest.objects.get()
    assert (swap.state, swap.requester, swap.counterpart) == (SwapState.REQUESTED, agent, other_agent)
    client.force_login(team_lead)
    listed = client.get(reverse("duty:swap_list"))
    assert listed.context["rows"][0].may_decide
    decided = client.post(
        reverse("duty:swap_decide", args=[swap.pk]), {"decision": "approve", "note": "同意", "next": "/duty/swaps/"}
    )
    assert decided.status_code == 302 and decided.url == "/duty/swaps/"
    swap.refresh_from_db()
    later.refresh_from_db()
    assert (swap.state, swap.decided_by, swap.decision_note, later.agent) == (
        SwapState.APPROVED,
        team_lead,
        "同意",
        other_agent,
    )


def test_k7_a_swap_approved_by_a_non_lead_is_refused_with_a_message(client, agent, other_agent, on_rota):
    later = on_rota(agent, timezone.localdate() + timedelta(days=3))
    swap = services.swap_request(entry=later, actor=agent, counterpart=other_agent, reason="培训")

    for who in (agent, other_agent):
        client.force_login(who)
        response = client.post(reverse("duty:swap_decide", args=[swap.pk]), {"decision": "approve"})
        assert response.status_code == 403
        assert "Only a team lead approves or refuses a swap." in _messages(response)

    swap.refresh_from_db()
    later.refresh_from_db()
    assert swap.state == SwapState.REQUESTED and later.agent == agent


def test_a_swap_too_late_or_of_someone_elses_shift_is_refused_on_the_form(client, agent, other_agent, on_rota):
    today = on_rota(agent, timezone.localdate())
    theirs = on_rota(other_agent, timezone.localdate() + timedelta(days=4))
    mine = on_rota(agent, timezone.localdate() + timedelta(days=5))
    client.force_login(agent)

    for data in (
        {"entry": today.pk, "counterpart": other_agent.pk, "reason": "有事"},  # not offered: a day's notice
        {"entry": theirs.pk, "counterpart": other_agent.pk, "reason": "有事"},  # not mine
        {"entry": mine.pk, "counterpart": agent.pk, "reason": "有事"},  # not a colleague
        {"entry": mine.pk, "counterpart": other_agent.pk, "reason": ""},  # no reason
    ):
        response = client.post(reverse("duty:swap_new"), data)
        assert response.status_code == 400, data
        assert response.context["form"].errors, data
    DutySettings.objects.update(swap_notice_days=10)
    response = client.post(
        reverse("duty:swap_new"), {"entry": mine.pk, "counterpart": other_agent.pk, "reason": "有事"}
    )
    assert response.status_code == 400
    assert "10" in " ".join(response.context["form"].errors["entry"])
    assert not SwapRequest.objects.exists()


def test_an_agent_withdraws_their_swap_and_no_one_else_does(client, agent, other_agent, on_rota):
    later = on_rota(agent, timezone.localdate() + timedelta(days=3))
    swap = services.swap_request(entry=later, actor=agent, counterpart=other_agent, reason="培训")
    client.force_login(other_agent)
    assert client.post(reverse("duty:swap_withdraw", args=[swap.pk])).status_code == 403
    client.force_login(agent)

    response = client.post(reverse("duty:swap_withdraw", args=[swap.pk]))

    assert response.status_code == 302
    swap.refresh_from_db()
    assert swap.state == SwapState.WITHDRAWN
    again = client.post(reverse("duty:swap_withdraw", args=[swap.pk]), follow=True)
    assert "This swap has been decided already." in [str(m) for m in again.context["messages"]]


def test_the_swap_list_sorts_exports_and_keeps_its_query_count(
    client, agent, other_agent, team_lead, on_rota, django_assert_max_num_queries
):
    def ask(n):
        entry = on_rota(agent, timezone.localdate() + timedelta(days=3 + n))
        services.swap_request(entry=entry, actor=agent, counterpart=other_agent, reason=f"第{n}次")

    ask(0)
    client.force_login(team_lead)
    few = queries_of(client, reverse("duty:swap_list"))
    for n in range(1, 6):
        ask(n)
    assert queries_of(client, reverse("duty:swap_list")) == few
    with django_assert_max_num_queries(12):
        shown = client.get(reverse("duty:swap_list"))
    shows_the_count(shown, 6)
    sorts_by_every_column(client, reverse("duty:swap_list"), ["asked", "day", "state"])
    exports_exactly(client, reverse("duty:swap_list"), {}, rows=6, list_code="swaps", user=team_lead)


# --- handovers -----------------------------------------------------------------------------------------------------


def test_k7_a_handover_is_started_its_items_dealt_with_and_signed_by_both(
    client, agent, other_agent, day_shift, returned_ticket
):
    client.force_login(agent)
    started = client.post(
        reverse("duty:handover_new"),
        {"incoming": other_agent.pk, "day": yesterday().isoformat(), "shift": day_shift.pk},
    )
    handover = Handover.objects.get()
    assert started.status_code == 302 and started.url == reverse("duty:handover_detail", args=[handover.pk])
    item = HandoverItem.objects.get(handover=handover)
    assert (item.ticket, item.important) == (returned_ticket, True)
    page = client.get(started.url).content.decode()
    assert f'href="/tickets/{returned_ticket.number}/"' in page and 'id="sign-form"' in page

    client.post(
        reverse("duty:handover_item", args=[handover.pk, item.pk]),
        {f"item{item.pk}-dealt_with": "on", f"item{item.pk}-note": "已电话联系宏城站"},
    )
    client.post(started.url, {"equipment_checked": "on", "equipment_notes": "耳麦正常", "notes": "无"})
    signed = client.post(reverse("duty:handover_sign", args=[handover.pk]))
    assert signed.status_code == 302
    client.force_login(other_agent)
    client.post(reverse("duty:handover_sign", args=[handover.pk]))

    handover.refresh_from_db()
    item.refresh_from_db()
    assert (item.dealt_with, item.note) == (True, "已电话联系宏城站")
    assert (handover.equipment_checked, handover.equipment_notes, handover.state) == (
        True,
        "耳麦正常",
        HandoverState.DONE,
    )
    assert handover.outgoing_signed_at and handover.incoming_signed_at and handover.lead_signed_at is None
    done = client.get(reverse("duty:handover_detail", args=[handover.pk])).content.decode()
    assert 'id="sign-form"' not in done and 'name="equipment_checked"' not in done


def test_k7_the_lead_signs_when_an_important_item_is_left_open(
    client, agent, other_agent, team_lead, day_shift, returned_ticket
):
    handover = services.handover_start(actor=agent, incoming=other_agent, day=yesterday(), shift=day_shift)
    services.handover_update(handover=handover, actor=agent, equipment_checked=True)
    services.handover_sign(handover=handover, actor=agent)
    services.handover_sign(handover=handover, actor=other_agent)
    handover.refresh_from_db()
    assert handover.state == HandoverState.WAITING_LEAD
    client.force_login(team_lead)
    assert 'name="note"' in client.get(reverse("duty:handover_detail", args=[handover.pk])).content.decode()

    without_note = client.post(reverse("duty:handover_sign", args=[handover.pk]), {"note": ""})
    assert without_note.status_code == 400
    assert without_note.context["sign_form"].errors["note"] == ["Say how the open items are to be dealt with."]
    handover.refresh_from_db()
    assert handover.lead_signed_at is None

    client.post(reverse("duty:handover_sign", args=[handover.pk]), {"note": "明早由王丽跟进派单"})
    handover.refresh_from_db()
    assert (handover.state, handover.lead, handover.lead_note) == (HandoverState.DONE, team_lead, "明早由王丽跟进派单")


def test_k7_a_signature_twice_a_third_person_or_the_incoming_first_is_refused_with_a_message(
    client, handover, agent, other_agent, team_lead, stranger
):
    sign = reverse("duty:handover_sign", args=[handover.pk])

    client.force_login(other_agent)
    first = client.post(sign)
    assert first.status_code == 409 and "The outgoing agent signs first." in _messages(first)

    client.force_login(agent)
    unchecked = client.post(sign)
    assert unchecked.status_code == 400 and "Check the equipment before you sign." in _messages(unchecked)
    services.handover_update(handover=handover, actor=agent, equipment_checked=True)
    client.post(sign)
    twice = client.post(sign)
    assert twice.status_code == 409 and "You have signed this handover already." in _messages(twice)

    client.force_login(team_lead)  # a third person who sees it: nothing important is open
    third = client.post(sign, {"note": "已阅"})
    assert third.status_code == 409
    assert "Nothing important is left open: the two agents complete it." in _messages(third)
    client.force_login(stranger)  # a third person who does not even see it
    assert client.post(sign).status_code == 404

    handover.refresh_from_db()
    assert handover.state == HandoverState.OPEN and handover.incoming_signed_at is None
    assert handover.lead_signed_at is None and handover.outgoing_signed_at is not None


def test_after_signing_the_outgoing_agent_changes_nothing(client, handover, agent):
    services.handover_update(handover=handover, actor=agent, equipment_checked=True, notes="交接正常")
    services.handover_sign(handover=handover, actor=agent)
    client.force_login(agent)

    response = client.post(reverse("duty:handover_detail", args=[handover.pk]), {"notes": "改一下"}, follow=True)

    assert "You have signed the handover: it can no longer be changed." in [
        str(m) for m in response.context["messages"]
    ]
    handover.refresh_from_db()
    assert handover.notes == "交接正常"


def test_only_the_outgoing_agent_fills_in_the_handover(client, handover, other_agent):
    client.force_login(other_agent)

    response = client.post(reverse("duty:handover_detail", args=[handover.pk]), {"equipment_checked": "on"})

    assert response.status_code == 403 and "Only the outgoing agent fills in the handover." in _messages(response)
    handover.refresh_from_db()
    assert not handover.equipment_checked


def test_a_second_handover_of_the_same_shift_opens_the_first(client, handover, agent, other_agent, day_shift):
    client.force_login(agent)

    response = client.post(
        reverse("duty:handover_new"),
        {"incoming": other_agent.pk, "day": handover.day.isoformat(), "shift": day_shift.pk},
    )

    assert response.status_code == 302 and response.url == reverse("duty:handover_detail", args=[handover.pk])
    assert Handover.objects.count() == 1
    assert "You have started the handover of this shift already." in _messages(response)


def test_a_handover_off_the_rota_asks_for_the_day_and_shift(client, agent, other_agent, shifts):
    client.force_login(agent)

    response = client.post(reverse("duty:handover_new"), {"incoming": other_agent.pk})

    assert response.status_code == 400
    assert response.context["form"].errors["shift"] == ["You are not on the rota now: choose the day and the shift."]
    assert not Handover.objects.exists()


def test_the_handover_list_filters_exports_and_keeps_its_query_count(
    client, agent, other_agent, team_lead, shifts, django_assert_max_num_queries
):
    services.handover_start(actor=agent, incoming=other_agent, day=yesterday(), shift=shifts["白班"])
    client.force_login(team_lead)
    few = queries_of(client, reverse("duty:handover_list"))
    for n in range(1, 5):
        day = yesterday() - timedelta(days=n - 1)
        services.handover_start(actor=agent, incoming=other_agent, day=day, shift=shifts["中班"])
    assert queries_of(client, reverse("duty:handover_list")) == few
    with django_assert_max_num_queries(12):
        shows_the_count(client.get(reverse("duty:handover_list")), 5)
    sorts_by_every_column(client, reverse("duty:handover_list"), ["started", "day", "state"])
    bad = client.get(reverse("duty:handover_list"), {"date_from": "yesterday", "state": "nope"})
    assert bad.status_code == 200 and len(_messages(bad)) == 2
    exports_exactly(
        client, reverse("duty:handover_list"), {"agent": agent.pk}, rows=5, list_code="handovers", user=team_lead
    )


# --- the duty log --------------------------------------------------------------------------------------------------


def test_k7_a_line_the_leads_signature_and_the_supervisors_check(client, agent, team_lead, supervisor, shifts):
    today = timezone.localdate()
    client.force_login(agent)
    wrote = client.post(reverse("duty:log_today"), {"action": "write", "text": "宏城站两张工单超时未接单，已督促。"})
    assert wrote.status_code == 302 and wrote.url == reverse("duty:log_detail", args=[today.isoformat()])
    assert 'id="log-sign"' not in client.get(reverse("duty:log_today")).content.decode()  # an agent does not sign

    client.force_login(team_lead)
    signed = client.post(wrote.url, {"action": "sign", "summary": "已阅，情况属实。"})
    assert signed.status_code == 302
    client.force_login(supervisor)
    checked = client.post(wrote.url, {"action": "check", "findings": "记录完整。"})
    assert checked.status_code == 302

    log = DutyLog.objects.get(day=today)
    assert [e.text for e in log.entries.all()] == ["宏城站两张工单超时未接单，已督促。"]
    assert (log.signed_by, log.summary) == (team_lead, "已阅，情况属实。")
    assert DutyLogCheck.objects.get(log=log).findings == "记录完整。"
    page = client.get(wrote.url).content.decode()
    assert "宏城站两张工单超时未接单" in page and "已阅，情况属实。" in page and "记录完整。" in page


def test_a_signed_log_takes_no_line_and_no_second_signature_or_check(client, agent, team_lead, supervisor, shifts):
    today = timezone.localdate()
    services.duty_log_write(actor=agent, text="夜班无异常。")
    services.duty_log_sign(day=today, actor=team_lead, summary="已阅")
    services.duty_log_check(log=DutyLog.objects.get(day=today), actor=supervisor, findings="完整")
    url = reverse("duty:log_today")

    client.force_login(agent)
    late = client.post(url, {"action": "write", "text": "补记一条"})
    assert late.status_code == 409 and "The lead has signed this day's log: write in today's." in _messages(late)
    client.force_login(team_lead)
    again = client.post(url, {"action": "sign", "summary": "再签"})
    assert again.status_code == 409 and "This day's log is signed already." in _messages(again)
    client.force_login(supervisor)
    twice = client.post(url, {"action": "check", "findings": "再查"})
    assert twice.status_code == 409 and "You have checked this day's log already." in _messages(twice)

    assert DutyLogEntry.objects.count() == 1 and DutyLogCheck.objects.count() == 1
    assert DutyLog.objects.get(day=today).summary == "已阅"


def test_an_empty_line_or_check_is_a_message_next_to_the_field(client, agent, supervisor, shifts):
    services.duty_log_write(actor=agent, text="白班平稳。")
    client.force_login(agent)
    empty = client.post(reverse("duty:log_today"), {"action": "write", "text": "  "})
    assert empty.status_code == 400 and empty.context["line_form"].errors["text"] == ["Write what happened."]
    client.force_login(supervisor)
    blank = client.post(reverse("duty:log_today"), {"action": "check", "findings": ""})
    assert blank.status_code == 400 and blank.context["check_form"].errors["findings"]
    client.force_login(agent)
    nobody = client.post(reverse("duty:log_today"), {"action": "check", "findings": "查过"})
    assert nobody.status_code == 403
    unknown = client.post(reverse("duty:log_today"), {"action": "delete"})
    assert unknown.status_code == 400
    assert DutyLogEntry.objects.count() == 1 and not DutyLogCheck.objects.exists()


def test_the_log_list_shows_the_months_share_checked_exports_and_keeps_its_query_count(
    client, agent, team_lead, supervisor, shifts, django_assert_max_num_queries
):
    today = timezone.localdate()

    def day_log(n):
        day = today - timedelta(days=n)
        services.duty_log_write(actor=agent, text=f"第{n}天", day=day)
        services.duty_log_sign(day=day, actor=team_lead)

    day_log(0)
    client.force_login(supervisor)
    few = queries_of(client, reverse("duty:log_list"))
    for n in range(1, 5):
        day_log(n)
    services.duty_log_check(log=DutyLog.objects.get(day=today), actor=supervisor, findings="完整")
    assert queries_of(client, reverse("duty:log_list")) == few
    with django_assert_max_num_queries(14):
        response = client.get(reverse("duty:log_list"))
    shows_the_count(response, 5)
    this_month = response.context["coverage"][0]
    first = today.replace(day=1)
    logs = DutyLog.objects.filter(day__gte=first).count()
    assert (this_month["checked"], this_month["logs"], this_month["target"]) == (1, logs, 20)
    assert 'id="coverage"' in response.content.decode()
    exports_exactly(client, reverse("duty:log_list"), {}, rows=5, list_code="duty_logs", user=supervisor)
    assert client.get(reverse("duty:log_list"), {"signed": "maybe"}).status_code == 200


# --- incidents -----------------------------------------------------------------------------------------------------


def test_k9_an_incident_is_reported_told_reported_on_and_closed(client, agent, team_lead, shifts):
    started = timezone.localtime() - timedelta(hours=2)
    client.force_login(agent)
    reported = client.post(
        reverse("duty:incident_new"),
        {
            "kind": IncidentKind.SYSTEM_FAILURE,
            "title": "坐席系统无法登录",
            "started_at": f"{started:%Y-%m-%dT%H:%M}",
            "description": "三个坐席无法登录。",
            "actions": "改为纸质登记。",
        },
    )
    incident = Incident.objects.get()
    url = reverse("duty:incident_detail", args=[incident.pk])
    assert reported.status_code == 302 and reported.url == url
    told = client.post(
        url,
        {
            "action": "notice",
            "notified": "信息中心",
            "channel": "phone",
            "at": f"{started + timedelta(minutes=5):%Y-%m-%dT%H:%M}",
        },
    )
    assert told.status_code == 302

    client.force_login(team_lead)
    refused = client.post(reverse("duty:incident_close", args=[incident.pk]))
    assert refused.status_code == 400
    errors = refused.context["report_form"].errors
    assert set(errors) == {"losses", "cause", "responsibility", "ended_at"}
    assert "The incident is not closed: the report is not complete." in _messages(refused)
    incident.refresh_from_db()
    assert incident.state == IncidentState.OPEN

    client.post(
        url,
        {
            "action": "report",
            "ended_at": f"{started + timedelta(minutes=80):%Y-%m-%dT%H:%M}",
            "actions": "改为纸质登记，恢复后补录。",
            "fault_report": "9:30传真信息中心。",
            "losses": "12通来电改为纸质登记。",
            "cause": "证书过期。",
            "responsibility": "信息中心运维。",
        },
    )
    closed = client.post(reverse("duty:incident_close", args=[incident.pk]))
    assert closed.status_code == 302
    incident.refresh_from_db()
    assert (incident.state, incident.closed_by, incident.cause) == (IncidentState.CLOSED, team_lead, "证书过期。")
    notice = IncidentNotice.objects.get()
    assert (notice.notified, notice.channel, notice.recorded_by) == ("信息中心", "phone", agent)
    page = client.get(url).content.decode()
    assert "信息中心" in page and 'id="close-button"' not in page and 'name="losses"' not in page


def test_an_incident_with_bad_input_is_answered_per_field_and_nothing_is_saved(client, agent, incident):
    client.force_login(agent)
    future = timezone.localtime() + timedelta(days=1)

    new = client.post(reverse("duty:incident_new"), {"kind": "meteor", "title": "", "started_at": "soon"})
    assert new.status_code == 400 and {"kind", "started_at"} <= set(new.context["form"].errors)
    new = client.post(
        reverse("duty:incident_new"), {"kind": "fire", "title": "", "started_at": f"{future:%Y-%m-%dT%H:%M}"}
    )
    assert new.status_code == 400 and {"title", "description", "started_at"} <= set(new.context["form"].errors)
    url = reverse("duty:incident_detail", args=[incident.pk])
    notice = client.post(url, {"action": "notice", "notified": "", "channel": "pigeon", "at": "x"})
    assert notice.status_code == 400 and {"channel", "at"} <= set(notice.context["notice_form"].errors)
    early = client.post(url, {"action": "report", "ended_at": "2001-01-01T00:00"})
    assert early.status_code == 400 and early.context["report_form"].errors["ended_at"]
    assert client.post(reverse("duty:incident_close", args=[incident.pk])).status_code == 403  # not a lead

    assert Incident.objects.count() == 1 and not IncidentNotice.objects.exists()
    incident.refresh_from_db()
    assert incident.ended_at is None and incident.state == IncidentState.OPEN


def test_the_dashboards_incident_figures_equal_the_lists_counts(client, supervisor, incident, team_lead):
    services.incident_update(incident=incident, actor=team_lead, ended_at=timezone.now())
    services.incident_report(
        actor=supervisor, kind=IncidentKind.FIRE, title="配电间冒烟", started_at=timezone.now(), description="已扑灭。"
    )
    today = timezone.localdate()
    section = dashboard.build(supervisor, Scope(first=today - timedelta(days=1), last=today))
    client.force_login(supervisor)

    assert [f.value for f in section.figures] == [1, 1, 2]
    for figure in section.figures:
        assert client.get(figure.url).context["count"] == figure.value, figure.url


def test_the_incident_list_sorts_exports_and_keeps_its_query_count(
    client, agent, supervisor, incident, django_assert_max_num_queries
):
    client.force_login(supervisor)
    few = queries_of(client, reverse("duty:incident_list"))
    for n in range(4):
        services.incident_report(
            actor=agent, kind=IncidentKind.THEFT, title=f"失窃{n}", started_at=timezone.now(), description="报110"
        )
    assert queries_of(client, reverse("duty:incident_list")) == few
    with django_assert_max_num_queries(10):
        shows_the_count(client.get(reverse("duty:incident_list")), 5)
    sorts_by_every_column(client, reverse("duty:incident_list"), ["started", "kind", "state"])
    exports_exactly(
        client, reverse("duty:incident_list"), {"kind": "theft"}, rows=4, list_code="incidents", user=supervisor
    )


# --- the shifts and the settings -----------------------------------------------------------------------------------


def test_the_supervisor_adds_a_shift_and_changes_the_settings(client, supervisor, shifts):
    client.force_login(supervisor)

    added = client.post(
        reverse("duty:settings"),
        {
            "section": "shift",
            "shift": "new",
            "new-name": "长白班",
            "new-starts_at": "09:00",
            "new-ends_at": "21:00",
            "new-order": "4",
            "new-is_active": "on",
        },
    )
    saved = client.post(
        reverse("duty:settings"), {"section": "settings", "swap_notice_days": "2", "log_check_share": "25"}
    )

    assert added.status_code == 302 and saved.status_code == 302
    shift = Shift.objects.get(name="长白班")
    assert (shift.starts_at, shift.ends_at, shift.order, shift.is_active) == (time(9), time(21), 4, True)
    assert (services.duty_settings().swap_notice_days, services.duty_settings().log_check_share) == (2, 25)


def test_bad_shifts_and_settings_are_refused_per_field_and_nothing_is_saved(
    client, supervisor, agent, team_lead, shifts
):
    night = shifts["夜班"]
    services.rota_assign(day=timezone.localdate() + timedelta(days=1), shift=night, agent=agent, actor=team_lead)
    client.force_login(supervisor)
    post = {"section": "shift", "shift": "new", "new-name": "早班", "new-order": "1", "new-is_active": "on"}

    same = client.post(reverse("duty:settings"), {**post, "new-starts_at": "08:00", "new-ends_at": "08:00"})
    assert same.status_code == 400 and same.context["new_form"].errors["ends_at"]
    taken = client.post(
        reverse("duty:settings"), {**post, "new-name": "白班", "new-starts_at": "07:00", "new-ends_at": "15:00"}
    )
    assert taken.status_code == 400 and taken.context["new_form"].errors["name"]
    garbage = client.post(reverse("duty:settings"), {**post, "new-starts_at": "25:99", "new-ends_at": "x"})
    assert garbage.status_code == 400 and {"starts_at", "ends_at"} <= set(garbage.context["new_form"].errors)
    order = client.post(
        reverse("duty:settings"), {**post, "new-starts_at": "07:00", "new-ends_at": "15:00", "new-order": "-1"}
    )
    assert order.status_code == 400 and order.context["new_form"].errors["order"]
    prefix = f"shift{night.pk}"
    retimed = client.post(
        reverse("duty:settings"),
        {"section": "shift", "shift": night.pk, f"{prefix}-name": "夜班", f"{prefix}-starts_at": "23:00", f"{prefix}-ends_at": "07:00", f"{prefix}-order": "3"},
    )  # fmt: skip
    errors = retimed.context["rows"][2]["form"].errors
    assert retimed.status_code == 400 and errors["starts_at"] and errors["is_active"]  # people are on it tomorrow
    settings_row = client.post(
        reverse("duty:settings"), {"section": "settings", "swap_notice_days": "x", "log_check_share": "0"}
    )
    assert settings_row.status_code == 400
    assert set(settings_row.context["settings_form"].errors) == {"swap_notice_days", "log_check_share"}

    assert not Shift.objects.filter(name="早班").exists()
    night.refresh_from_db()
    assert (night.starts_at, night.is_active) == (time(0), True)
    assert (services.duty_settings().swap_notice_days, services.duty_settings().log_check_share) == (1, 20)
