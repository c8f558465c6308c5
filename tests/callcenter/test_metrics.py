"""K-10: the contact-centre figures from the calls, by hour, day, agent and team, and the roll-up that keeps them
fast staying exact when old calls change."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from callcenter import metrics, services
from callcenter.choices import CallEventType, CallSource
from callcenter.models import Call, CallDirection, CallHourDirty, CallHourStat, CallRollup, CallType
from callcenter.tasks import calls_rollup
from tests.callcenter.factories import CallFactory
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def at(day_offset: int, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    base = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=day_offset)
    return base + timedelta(hours=hh, minutes=mm, seconds=ss)


def call(
    start: datetime,
    *,
    wait: int | None,
    talk: int = 0,
    give_up: int | None = None,
    wrap: int | None = None,
    agent=None,
    queued: bool = True,
    **extra,
) -> Call:
    """A telephony call that reached the centre at `start`: answered after `wait` s and talked `talk` s, or hung up
    unanswered after `give_up` s, or still waiting; wrapped up `wrap` s after the end (negative: during the call)."""
    answered = start + timedelta(seconds=wait) if wait is not None else None
    ended = answered + timedelta(seconds=talk) if answered and talk else None
    if give_up is not None:
        ended = start + timedelta(seconds=give_up)
    return CallFactory(
        created_at=start,
        queued_at=start if queued else None,
        ringing_at=start if not queued else (answered - timedelta(seconds=2) if answered else None),
        answered_at=answered,
        ended_at=ended,
        ring_seconds=2 if answered else None,
        wrapped_up_at=ended + timedelta(seconds=wrap) if ended and wrap is not None else None,
        agent=agent,
        **extra,
    )


def test_k10_definitions_on_known_calls(agent):
    hour = at(-1, 10)
    call(hour, wait=12, talk=180, wrap=60, agent=agent, call_type=CallType.REPAIR)  # within 15 s; 240 s handled
    call(hour + timedelta(minutes=10), wait=30, talk=120, wrap=-30, agent=agent, call_type=CallType.REPAIR)  # 120 s
    call(hour + timedelta(minutes=20), wait=None, give_up=3)  # short abandon
    call(hour + timedelta(minutes=30), wait=None, give_up=60)  # abandoned
    call(hour + timedelta(minutes=40), wait=None)  # still waiting
    call(hour + timedelta(minutes=50), wait=5, talk=60, source=CallSource.MANUAL, agent=agent)  # by hand: not counted
    call(hour + timedelta(minutes=55), wait=5, talk=60, direction=CallDirection.OUTBOUND, agent=agent)  # outbound

    figures = metrics.total(start=hour, end=hour + timedelta(hours=1))

    assert (figures.offered, figures.answered, figures.answered_within) == (5, 2, 1)
    assert (figures.abandoned, figures.short_abandoned, figures.counted) == (1, 1, 3)
    assert figures.service_level == pytest.approx(1 / 3)
    assert figures.abandon_rate == pytest.approx(1 / 3)
    assert figures.average_answer_seconds == pytest.approx(21)
    assert figures.average_handle_seconds == pytest.approx(180)
    assert figures.first_contact_resolution == pytest.approx(1.0)  # two typed calls from two numbers


def test_service_level_threshold_and_short_abandon_are_settings(settings, agent):
    hour = at(-1, 9)
    call(hour, wait=12, talk=60, agent=agent)
    call(hour + timedelta(minutes=1), wait=None, give_up=8)
    assert metrics.total(start=hour, end=hour + timedelta(hours=1)).service_level == pytest.approx(1 / 2)
    settings.CALLCENTER_ANSWER_WITHIN_SECONDS = 10
    settings.CALLCENTER_SHORT_ABANDON_SECONDS = 10
    figures = metrics.total(start=hour, end=hour + timedelta(hours=1))
    assert figures.service_level == pytest.approx(0.0)  # answered in 12 s is late now; the 8 s hang-up is short
    assert (figures.abandoned, figures.short_abandoned) == (0, 1)


def test_empty_period_has_no_figures():
    figures = metrics.total(start=at(-3, 0), end=at(-2, 0))
    assert figures.offered == 0
    assert figures.service_level is None and figures.average_answer_seconds is None
    assert figures.first_contact_resolution is None


def test_first_contact_resolution_counts_a_repeat_of_the_same_kind_within_the_window(agent, settings):
    settings.CALLCENTER_REPEAT_CONTACT_DAYS = 3
    first = call(at(-5, 10), wait=5, talk=60, agent=agent, caller_number="13900000001")
    other_kind = call(at(-5, 11), wait=5, talk=60, agent=agent, caller_number="13900000002")
    again = call(at(-4, 10), wait=5, talk=60, agent=agent, caller_number="13900000001")
    too_late = call(at(-5, 12), wait=5, talk=60, agent=agent, caller_number="13900000003")
    much_later = call(at(-1, 12), wait=5, talk=60, agent=agent, caller_number="13900000003")
    for c, kind in (
        (first, CallType.REPAIR),
        (other_kind, CallType.REPAIR),
        (too_late, CallType.REPAIR),
        (much_later, CallType.REPAIR),
        (again, CallType.REPAIR),
    ):
        services.call_wrap_up(call=c, call_type=kind, summary="", actor=agent)
    services.call_wrap_up(call=other_kind, call_type=CallType.CONSULTATION, summary="", actor=agent)
    call(at(-4, 12), wait=5, talk=60, agent=agent, caller_number="13900000002", call_type=CallType.REPAIR)

    repeated = set(Call.objects.filter(repeated=True).values_list("pk", flat=True))
    assert repeated == {first.pk}  # other_kind's repeat is about repairs, it was a consultation; too_late: 4 days
    figures = metrics.total(start=at(-6, 0), end=at(0, 0))
    assert (figures.typed, figures.repeated) == (6, 1)
    assert figures.first_contact_resolution == pytest.approx(5 / 6)


def test_a_call_wrapped_up_after_its_repeat_knows_it_was_repeated(agent):
    first = call(at(-3, 10), wait=5, talk=60, agent=agent, caller_number="13900000009")
    later = call(at(-3, 15), wait=5, talk=60, agent=agent, caller_number="13900000009")
    services.call_wrap_up(call=later, call_type=CallType.COMPLAINT, summary="", actor=agent)
    assert not Call.objects.get(pk=first.pk).repeated
    services.call_wrap_up(call=first, call_type=CallType.COMPLAINT, summary="", actor=agent)
    assert Call.objects.get(pk=first.pk).repeated
    assert not Call.objects.get(pk=later.pk).repeated


def _live_only(**kwargs) -> dict:
    """The figures read from the calls alone, as if nothing were rolled up."""
    with transaction.atomic():
        point = transaction.savepoint()
        CallRollup.objects.all().delete()
        result = metrics.figures(**kwargs)
        transaction.savepoint_rollback(point)
    return result


def _as_tuples(result: dict) -> dict:
    return {key: tuple(round(getattr(f, name), 6) for name in metrics.SUM_NAMES) for key, f in result.items()}


@pytest.fixture
def season(db):
    """Three days of random calls for two teams of agents, up to now, and one integration account."""
    rng = random.Random(7)
    teams = [TeamFactory(name="早班"), TeamFactory(name="夜班")]
    agents = [
        UserFactory(username=f"k10_{n}", role=Role.AGENT, team=teams[n % 2], agent_number=f"71{n:02d}")
        for n in range(4)
    ]
    start = at(-3, 0)
    now = timezone.now()
    calls = []
    moment = start
    while moment < now - timedelta(minutes=2):
        moment += timedelta(seconds=rng.randint(300, 1500))
        outcome = rng.random()
        agent = rng.choice(agents)
        number = f"1380000{rng.randint(0, 40):04d}"
        if outcome < 0.1:
            calls.append(call(moment, wait=None, give_up=rng.randint(1, 90), caller_number=number))
        else:
            calls.append(
                call(
                    moment,
                    wait=rng.randint(0, 40),
                    talk=rng.randint(30, 400),
                    wrap=rng.randint(-20, 90),
                    agent=agent,
                    caller_number=number,
                    call_type=rng.choice([CallType.REPAIR, CallType.CONSULTATION]),
                    repeated=rng.random() < 0.2,
                )
            )
    return {"agents": agents, "teams": teams, "calls": calls, "start": start}


def test_rollup_figures_equal_the_calls_figures_after_late_changes(season, integration):
    start, end = season["start"], timezone.now() + timedelta(minutes=1)
    done = metrics.rollup()
    assert done["rows"] > 0 and CallRollup.objects.get().until == metrics.hour_of(timezone.now()) - metrics.ROLLUP_LAG

    # Late changes to calls already rolled up: the telephony's hang-up of an old call that was still waiting,
    # a new old call replayed, an agent's late wrap-up that makes an earlier call a repeat contact.
    old = at(-2, 10, 7)
    services.call_event_record(
        external_id="late-1",
        event=CallEventType.QUEUED,
        caller_number="13811112222",
        actor=integration,
        occurred_at=old,
        received_at=old,
    )
    services.call_event_record(
        external_id="late-1",
        event=CallEventType.HANGUP,
        caller_number="13811112222",
        actor=integration,
        occurred_at=old + timedelta(seconds=40),
    )
    agent = season["agents"][0]
    first = call(at(-2, 9), wait=3, talk=50, agent=agent, caller_number="13877770000", call_type=CallType.REPAIR)
    metrics.calls_changed([first.created_at])
    later = call(at(-1, 9), wait=3, talk=50, agent=agent, caller_number="13877770000")
    services.call_wrap_up(call=later, call_type=CallType.REPAIR, summary="", actor=agent)
    assert Call.objects.get(pk=first.pk).repeated
    assert CallHourDirty.objects.filter(hour=metrics.hour_of(at(-2, 9))).exists()

    for by in (None, "hour", "day", "agent", "team"):
        assert _as_tuples(metrics.figures(start=start, end=end, by=by)) == _as_tuples(
            _live_only(start=start, end=end, by=by)
        ), by
    team = season["teams"][1].pk
    assert _as_tuples(metrics.figures(start=start, end=end, by="agent", team=team)) == _as_tuples(
        _live_only(start=start, end=end, by="agent", team=team)
    )

    calls_rollup()  # the task, called directly: rebuilds the marked hours and clears the marks
    assert not CallHourDirty.objects.exists()
    assert _as_tuples(metrics.figures(start=start, end=end, by="hour")) == _as_tuples(
        _live_only(start=start, end=end, by="hour")
    )
    # Periods that do not start or end on the hour are cut from the calls.
    odd_start, odd_end = at(-2, 9, 20), at(-1, 14, 45)
    assert _as_tuples(metrics.figures(start=odd_start, end=odd_end)) == _as_tuples(
        _live_only(start=odd_start, end=odd_end)
    )


def test_a_rebuild_that_read_an_older_mark_leaves_the_newer_one(season):
    metrics.rollup()
    hour = metrics.hour_of(at(-2, 10))
    metrics.calls_changed([hour])
    metrics.calls_changed([hour])
    assert CallHourDirty.objects.get(hour=hour).version == 2
    CallHourDirty.objects.filter(hour=hour, version=1).delete()  # what a rebuild that read version 1 does
    assert CallHourDirty.objects.filter(hour=hour).exists()


def test_recent_changes_mark_nothing(season):
    metrics.calls_changed([timezone.now() - timedelta(minutes=30)])
    assert not CallHourDirty.objects.exists()


def test_figures_read_in_four_queries_whatever_the_period(season, django_assert_max_num_queries):
    metrics.rollup()
    metrics.calls_changed([at(-2, 10)])
    for by in (None, "hour", "day", "agent", "team"):
        with django_assert_max_num_queries(4):
            metrics.figures(start=season["start"] - timedelta(days=30), end=timezone.now(), by=by)


def test_rollup_reset_rebuilds_from_the_first_call(season):
    metrics.rollup()
    rows = CallHourStat.objects.count()
    metrics.rollup_reset()
    assert not CallHourStat.objects.exists() and not CallRollup.objects.exists()
    metrics.rollup()
    assert CallHourStat.objects.count() == rows


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError):
        metrics.figures(start=at(-1, 0), end=at(0, 0), by="station")


# --- the page (/callcenter/figures/) ----------------------------------------------------------------------------


def test_k10_page_breaks_the_figures_down_with_their_definitions(client, season, supervisor):
    metrics.rollup()
    client.force_login(supervisor)
    day = timezone.localdate() - timedelta(days=1)
    response = client.get(f"/callcenter/figures/?date_from={day}&date_to={day}&by=agent")
    html = response.content.decode()
    assert response.status_code == 200
    expected = metrics.figures(start=at(-1, 0), end=at(0, 0), by="agent")
    for agent in season["agents"]:
        if agent.pk in expected:
            assert f"{agent.agent_number} " in html
    total = sum(f.offered for f in expected.values())
    assert f"<span>{total}</span>" in html
    assert 'id="definitions"' in html and "<abbr title=" in html


def test_k10_page_a_team_lead_sees_only_their_team(client, season):
    team = season["teams"][0]
    team_lead = UserFactory(username="k10_lead", role=Role.TEAM_LEAD, team=team, agent_number="7190")
    team.lead = team_lead
    team.save()
    client.force_login(team_lead)
    other = season["teams"][1]
    html = client.get(f"/callcenter/figures/?by=agent&team={other.pk}&date_from={at(-3, 0).date()}").content.decode()
    assert 'name="team"' not in html  # no choice of team
    names = {a.agent_number for a in season["agents"] if a.team_id == team.pk}
    others = {a.agent_number for a in season["agents"] if a.team_id == other.pk}
    rows = re.findall(r"<th scope=\"row\">([^<]*)</th>", html)
    assert rows and any(row.split(" ")[0] in names for row in rows), rows
    assert not any(row.split(" ")[0] in others for row in rows), rows


def test_k10_page_exports_the_table(client, season, supervisor):
    client.force_login(supervisor)
    response = client.get(f"/callcenter/figures/?by=day&date_from={at(-3, 0).date()}&export=csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text_ = body.decode("utf-8-sig")
    assert response.status_code == 200 and text_.count("\n") >= 4  # header, three or four days, the total
    response = client.get(f"/callcenter/figures/?by=team&date_from={at(-3, 0).date()}&export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize(
    "query",
    [
        "date_from=2026-12-05&date_to=2026-12-01",
        "date_from=2025-01-01&date_to=2026-12-01",
        "by=station",
        "team=%00",
        "date_from=31-12-2026",
    ],
)
def test_k10_page_bad_filters_are_a_message(client, supervisor, query):
    client.force_login(supervisor)
    response = client.get(f"/callcenter/figures/?{query}")
    assert response.status_code == 200
    assert 'class="messages' in response.content.decode()


def test_k10_page_is_not_for_agents_or_stations(client, agent, station_user):
    for user in (agent, station_user):
        client.force_login(user)
        assert client.get("/callcenter/figures/").status_code == 403


def test_marks_made_before_the_first_roll_up_are_cleared_by_it(season):
    metrics.calls_changed([at(-2, 10), at(-1, 8)])
    done = metrics.rollup()
    assert done["marked_rebuilt"] == 0 and not CallHourDirty.objects.exists()
    start, end = season["start"], timezone.now()
    assert _as_tuples(metrics.figures(start=start, end=end, by="hour")) == _as_tuples(
        _live_only(start=start, end=end, by="hour")
    )
