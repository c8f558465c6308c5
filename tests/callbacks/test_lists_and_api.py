"""The callback queue 回访 (K-5): its filters, tabs, pages, exports and scope, and the API (SPEC §7) with its errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from callbacks.choices import Kind, Outcome, Status
from callbacks.filters import CallbackFilter
from callbacks.models import Callback, CallbackAttempt
from callbacks.selectors import callbacks_for_list
from compliance.models import ExportRecord
from csc import navigation
from tests import lists
from tests.callbacks.conftest import REPAIR_ANSWERS
from tests.downloads import csv_rows, xlsx_rows
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/callbacks/"
API = "/api/v1/callbacks/"


@pytest.fixture
def other_team_agent(db):
    return UserFactory(username="agent_other_team", role=Role.AGENT, team=TeamFactory(name="乙班"))


@pytest.fixture
def make_callback(complete_ticket):
    """make_callback(actor, n=1, **fields) → a repair callback taken by `actor` (building n), then changed."""

    def make(actor, n: int = 1, **fields):
        ticket = complete_ticket(
            actor,
            address=f"顺义区宏城花园{n}号楼2单元501",
            caller_name=f"王建{'华国民强军'[n % 5]}",
            caller_phone=f"1381234{n:04d}",
        )
        callback = Callback.objects.get(ticket=ticket)
        if fields:
            Callback.objects.filter(pk=callback.pk).update(**fields)
            callback.refresh_from_db()
        return callback

    return make


def _clones(callback: Callback, count: int, **fields) -> list[Callback]:
    """Closed copies of a callback (no open-per-matter limit for them): many rows cheaply, for pages."""
    now = timezone.now()
    rows = []
    for i in range(count):
        row = Callback.objects.get(pk=callback.pk)
        row.pk = None
        row.status = Status.DONE
        row.done_at = now - timedelta(minutes=i)
        row.score = (i % 10) + 1
        row.solved = True
        for name, value in fields.items():
            setattr(row, name, value)
        rows.append(row)
    return Callback.objects.bulk_create(rows)


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def _filtered(user, **params) -> list[int]:
    filterset = CallbackFilter(params, queryset=callbacks_for_list(user=user), user=user)
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("pk", flat=True))


# --- the filters -------------------------------------------------------------------------------------------


def test_each_filter_of_the_queue(make_callback, close_complaint, agent, other_agent, supervisor, team):
    now = timezone.now()
    mine = make_callback(agent, 1)
    theirs = make_callback(other_agent, 2, queue_at=now + timedelta(hours=2))
    late = make_callback(
        agent, 3, due_at=now - timedelta(days=1), deadline_at=now - timedelta(hours=1), assignee=None, team=None
    )
    tomorrow = now + timedelta(days=1)
    appointed = make_callback(agent, 4, status=Status.APPOINTED, appointment_at=tomorrow, queue_at=tomorrow)
    done = make_callback(agent, 5, status=Status.DONE, done_at=now - timedelta(days=3), score=4)
    complaint_callback = Callback.objects.get(complaint=close_complaint(agent))

    open_ones = {mine.pk, theirs.pk, late.pk, appointed.pk, complaint_callback.pk}
    assert set(_filtered(supervisor)) == open_ones  # without a status: the open ones
    assert set(_filtered(supervisor, status="all")) == open_ones | {done.pk}
    assert _filtered(supervisor, status="done") == [done.pk]
    assert _filtered(supervisor, status="appointed") == [appointed.pk]
    assert _filtered(supervisor, kind=Kind.COMPLAINT) == [complaint_callback.pk]
    assert complaint_callback.pk not in _filtered(supervisor, station=mine.station.code)
    assert set(_filtered(supervisor, station=str(mine.station_id))) == open_ones - {complaint_callback.pk}
    assert set(_filtered(supervisor, team=str(team.pk))) == open_ones - {late.pk}
    assert set(_filtered(agent, assignee="mine")) == {mine.pk, appointed.pk, complaint_callback.pk}
    assert _filtered(agent, assignee="none") == [late.pk]
    assert _filtered(supervisor, assignee=str(other_agent.pk)) == [theirs.pk]
    assert _filtered(supervisor, late="1") == [late.pk]
    assert late.pk not in _filtered(supervisor, late="0")
    assert theirs.pk not in _filtered(supervisor, ready="1")
    assert appointed.pk not in _filtered(supervisor, ready="1")  # waits for its appointment
    day = timezone.localdate(late.due_at).isoformat()
    assert _filtered(supervisor, due_from=day, due_to=day) == [late.pk]
    done_day = timezone.localdate(done.done_at).isoformat()
    assert _filtered(supervisor, status="all", done_from=done_day, done_to=done_day) == [done.pk]
    assert _filtered(supervisor, q=f"hf{mine.pk}") == [mine.pk]
    assert _filtered(supervisor, q="HF") == []
    assert _filtered(supervisor, q=theirs.ticket.number.lower()) == [theirs.pk]
    assert _filtered(supervisor, q=complaint_callback.complaint.number) == [complaint_callback.pk]
    assert _filtered(supervisor, q="138 1234 0002") == [theirs.pk]
    assert _filtered(supervisor, q="宏城") == []


def test_the_default_order_is_the_queue_ready_first_and_every_sort_works(make_callback, agent, supervisor):
    now = timezone.now()
    later = make_callback(agent, 1, queue_at=now + timedelta(hours=1))
    first = make_callback(agent, 2, queue_at=now - timedelta(hours=3))
    second = make_callback(agent, 3, queue_at=now - timedelta(hours=1))
    assert _filtered(agent) == [first.pk, second.pk, later.pk]
    assert _filtered(agent, sort="-queue") == [later.pk, second.pk, first.pk]
    scored = _clones(first, 3)
    assert _filtered(supervisor, status="done", sort="score") == [scored[0].pk, scored[1].pk, scored[2].pk]
    assert _filtered(supervisor, status="done", sort="-score")[0] == scored[2].pk
    assert _filtered(supervisor, status="done")[0] == scored[0].pk  # done: the latest first
    for sort in ("due", "-due", "status", "station", "done", "-done", "queue"):
        assert len(_filtered(supervisor, status="all", sort=sort)) == 6


def test_a_bad_filter_value_is_a_message_on_the_page_and_a_400_naming_it_in_the_api(
    client, api_as, make_callback, agent
):
    make_callback(agent)
    client.force_login(agent)

    page = client.get(URL, {"late": "maybe", "due_from": "2026-13-01", "sort": "x", "assignee": "bob"})

    assert page.status_code == 200
    text = page.content.decode()
    assert "maybe" in text and "2026-13-01" in text and "bob" in text
    assert "HF" in text  # the list is still shown, on the good values

    for params, name in (
        ({"late": "maybe"}, "late"),
        ({"done_to": "yesterday"}, "done_to"),
        ({"status": "closed"}, "status"),
        ({"team": "x"}, "team"),
        ({"assignee": "bob"}, "assignee"),
        ({"q": "HF1\x00"}, "q"),
        ({"sort": "name"}, "sort"),
    ):
        response = api_as(agent).get(API, params)
        assert response.status_code == 400, params
        assert list(response.json()) == [name]


# --- the page -------------------------------------------------------------------------------------------


def test_the_queue_page_shows_masked_rows_with_tabs_and_links(client, make_callback, agent):
    now = timezone.now()
    ready = make_callback(agent, 1, due_at=now - timedelta(hours=2), deadline_at=now - timedelta(hours=2))
    appointed = make_callback(agent, 2, status=Status.APPOINTED, appointment_at=now + timedelta(hours=3))
    client.force_login(agent)

    response = client.get(URL)

    text = response.content.decode()
    assert response.status_code == 200
    assert text.index(f">HF{ready.pk}<") < text.index(f">HF{appointed.pk}<")
    assert f'href="/tickets/{ready.ticket.number}/"' in text
    assert ready.name not in text and ready.name_masked in text
    assert "13812340001" not in text and "138****0001" in text
    assert 'class="overdue"' in text
    assert 'aria-selected="true"' in text and "?status=done" in text and "?late=1" in text
    assert "export=xlsx" in text and "export=csv" in text

    done_tab = client.get(URL, {"status": "done"}).content.decode()
    assert f">HF{ready.pk}<" not in done_tab


def test_the_done_list_is_paged_with_a_count(client, make_callback, supervisor, agent):
    _clones(make_callback(agent), 60)
    client.force_login(supervisor)

    first = client.get(URL, {"status": "done"}).content.decode()
    third = client.get(URL, {"status": "done", "page": 3})

    assert first.count("<tr>") - 1 == 25  # the queue's page: the next 25
    assert "page=2" in first
    assert third.status_code == 200 and third.content.decode().count("<tr>") - 1 == 10
    assert client.get(URL, {"status": "done", "page": "x"}).status_code == 200


def test_the_queue_page_takes_a_constant_number_of_queries(
    client, make_callback, agent, supervisor, django_assert_max_num_queries
):
    base = make_callback(agent)
    _clones(base, 1, done_by=agent, follow_up_ticket=base.ticket)  # every kind of row: each relation is fetched once
    client.force_login(supervisor)
    client.get(URL)  # warm: the session and the permissions
    with django_assert_max_num_queries(14) as few:
        client.get(URL, {"status": "all"})
    _clones(base, 40, done_by=agent, follow_up_ticket=base.ticket)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"status": "all"})
    assert response.content.decode().count("<tr>") - 1 == 25


def test_the_api_list_takes_a_constant_number_of_queries(api_as, make_callback, agent, django_assert_max_num_queries):
    base = make_callback(agent)
    _clones(base, 1, done_by=agent, follow_up_ticket=base.ticket)  # every kind of row: each relation is fetched once
    client = api_as(agent)
    client.get(API)
    with django_assert_max_num_queries(12) as few:
        client.get(API, {"status": "all"})
    _clones(base, 30, done_by=agent, follow_up_ticket=base.ticket)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(API, {"status": "all"})
    assert len(response.json()["results"]) == 32


def test_the_export_writes_the_filtered_rows_masked_as_xlsx_and_csv(client, make_callback, agent):
    late = make_callback(agent, 1, deadline_at=timezone.now() - timedelta(hours=1))
    make_callback(agent, 2)
    client.force_login(agent)

    xlsx = client.get(URL, {"late": "1", "export": "xlsx"})
    as_csv = client.get(URL, {"late": "1", "export": "csv"})

    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(xlsx)
    assert len(rows) == 2
    assert rows[1][0] == f"HF{late.pk}" and rows[1][2] == late.ticket.number
    assert rows[1][4] == late.name_masked and rows[1][5] == "138****0001"
    assert late.name not in str(rows) and late.phone not in str(rows)

    assert as_csv["Content-Type"].startswith("text/csv")
    lines = csv_rows(as_csv)
    assert len(lines) == 2 and lines[1][0] == f"HF{late.pk}" and lines[1][5] == "138****0001"
    assert "13812340001" not in str(lines)
    records = ExportRecord.objects.order_by("id")
    assert [(r.user_id, r.list_code, r.format, r.row_count, r.personal_data_in_full) for r in records] == [
        (agent.pk, "callbacks", "xlsx", 1, False),
        (agent.pk, "callbacks", "csv", 1, False),
    ]
    assert records[0].filters == "late=1"


# --- who sees what --------------------------------------------------------------------------------------


def test_an_agent_sees_the_own_team_and_the_centre_queue_a_supervisor_all_station_staff_nothing(
    client, api_as, make_callback, agent, other_agent, other_team_agent, supervisor, hongcheng_user
):
    station_user = hongcheng_user  # the station of the repairs: it still sees no callback
    own = make_callback(other_agent, 1)
    centre = make_callback(agent, 2, team=None, assignee=None)
    foreign = make_callback(other_team_agent, 3)

    assert set(_ids(api_as(agent).get(API))) == {own.pk, centre.pk}
    assert set(_ids(api_as(supervisor).get(API))) == {own.pk, centre.pk, foreign.pk}
    assert api_as(agent).get(f"{API}{foreign.pk}/").status_code == 404
    assert api_as(agent).get(f"{API}{own.pk}/").status_code == 200
    client.force_login(agent)
    assert f">HF{foreign.pk}<" not in client.get(URL).content.decode()

    assert api_as(station_user).get(API).status_code == 403
    assert api_as(station_user).get(f"{API}{own.pk}/").status_code == 403
    client.force_login(station_user)
    assert client.get(URL).status_code == 403


def test_the_queue_is_in_the_desk_menu_for_who_may_see_callbacks(agent, station_user):
    entry = next(i for i in navigation.items_for(agent) if i["url_name"] == "callbacks:queue")
    assert entry["menu"] == navigation.DESK and entry["url"] == URL
    assert "callbacks:queue" not in [i["url_name"] for i in navigation.items_for(station_user)]


# --- the API: reading -----------------------------------------------------------------------------------


def test_the_api_shows_a_callback_masked_with_the_actions_the_caller_may_take(api_as, make_callback, agent, team_lead):
    callback = make_callback(agent)

    as_agent = api_as(agent).get(f"{API}{callback.pk}/").json()
    assert as_agent["number"] == f"HF{callback.pk}" and as_agent["matter"] == callback.ticket.number
    assert as_agent["resident"] == callback.name_masked and as_agent["phone"] == "138****0001"
    assert as_agent["actions"] == ["record", "not_reached", "appoint"]
    assert api_as(team_lead).get(f"{API}{callback.pk}/").json()["actions"] == [
        "record",
        "not_reached",
        "appoint",
        "give_up",
        "assign",
    ]
    assert api_as(agent).get(f"{API}999999/").status_code == 404
    page = api_as(agent).get(API, {"page_size": 1}).json()
    assert set(page) == {"next", "previous", "results"}


# --- the API: recording -----------------------------------------------------------------------------------


def _record(callback, /, **fields):
    return {"callback": callback.pk, "outcome": Outcome.DONE, **REPAIR_ANSWERS, **fields}


def _unchanged(callback: Callback) -> None:
    fresh = Callback.objects.get(pk=callback.pk)
    assert (fresh.status, fresh.attempts, fresh.score, fresh.done_at) == (
        callback.status,
        callback.attempts,
        callback.score,
        callback.done_at,
    )
    assert not CallbackAttempt.objects.filter(callback=callback).exists()


def test_recording_a_callback_survey(api_as, make_callback, agent):
    callback = make_callback(agent)

    response = api_as(agent).post(API, _record(callback, score="9", note="居民很满意"), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == Status.DONE and response.json()["score"] == 9
    assert response.json()["actions"] == []
    attempt = CallbackAttempt.objects.get(callback=callback)
    assert (attempt.outcome, attempt.note, attempt.by) == (Outcome.DONE, "居民很满意", agent)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"score": 11}, "score"),
        ({"score": "9.5"}, "score"),
        ({"attitude": "great"}, "attitude"),
        ({"solved": "maybe"}, "solved"),
        ({"solved": {"a": 1}}, "solved"),
        ({"handling": "satisfied"}, "handling"),
        ({"outcome": "later"}, "outcome"),
        ({"callback": "x"}, "callback"),
        ({"callback": 999999}, "callback"),
    ],
)
def test_a_bad_answer_is_a_400_naming_the_field_and_nothing_is_saved(api_as, make_callback, agent, fields, field):
    callback = make_callback(agent)

    response = api_as(agent).post(API, _record(callback, **fields), format="json")

    assert response.status_code == 400
    assert field in response.json()
    _unchanged(callback)


def test_recording_twice_is_a_409(api_as, make_callback, agent):
    callback = make_callback(agent)
    client = api_as(agent)
    assert client.post(API, _record(callback), format="json").status_code == 201

    again = client.post(API, _record(callback, score=3), format="json")

    assert again.status_code == 409
    assert Callback.objects.get(pk=callback.pk).score == 9
    assert CallbackAttempt.objects.filter(callback=callback).count() == 1


def test_someone_elses_callback_is_a_403_with_the_reason_and_another_teams_is_unknown(
    api_as, make_callback, agent, other_agent, other_team_agent
):
    callback = make_callback(agent)

    response = api_as(other_agent).post(API, _record(callback), format="json")

    assert response.status_code == 403
    assert "回访人本人" in response.json()["detail"]  # the workflow's reason, in the centre's language
    _unchanged(callback)
    hidden = api_as(other_team_agent).post(API, _record(callback), format="json")
    assert hidden.status_code == 400 and "callback" in hidden.json()
    _unchanged(callback)


def test_an_appointment_in_the_past_is_a_400_and_one_to_come_is_booked(api_as, make_callback, agent):
    callback = make_callback(agent)
    client = api_as(agent)
    body = {"callback": callback.pk, "outcome": Outcome.NOT_CONVENIENT}

    past = client.post(
        API, {**body, "appointment_at": (timezone.now() - timedelta(hours=1)).isoformat()}, format="json"
    )
    missing = client.post(API, body, format="json")
    mixed = client.post(API, {**body, "score": 5, "appointment_at": timezone.now().isoformat()}, format="json")

    assert past.status_code == 400 and list(past.json()) == ["appointment_at"]
    assert missing.status_code == 400 and list(missing.json()) == ["appointment_at"]
    assert mixed.status_code == 400 and "score" in mixed.json()
    _unchanged(callback)

    soon = timezone.now() + timedelta(hours=4)
    booked = client.post(API, {**body, "appointment_at": soon.isoformat()}, format="json")
    assert booked.status_code == 201 and booked.json()["status"] == Status.APPOINTED
    assert Callback.objects.get(pk=callback.pk).appointment_at == soon


def test_not_reached_counts_and_the_last_attempt_needs_a_reason(api_as, make_callback, agent):
    callback = make_callback(agent, attempts=2)
    client = api_as(agent)
    body = {"callback": callback.pk, "outcome": Outcome.NOT_REACHED}

    without = client.post(API, body, format="json")
    assert without.status_code == 400 and "reason" in without.json()
    _unchanged(callback)

    given_up = client.post(API, {**body, "reason": "空号"}, format="json")
    assert given_up.status_code == 201 and given_up.json()["status"] == Status.GIVEN_UP


def test_the_same_idempotency_key_replays_and_with_another_body_is_a_422(api_as, make_callback, agent):
    callback = make_callback(agent)
    client = api_as(agent)

    first = client.post(API, _record(callback), format="json", HTTP_IDEMPOTENCY_KEY="cb-1")
    again = client.post(API, _record(callback), format="json", HTTP_IDEMPOTENCY_KEY="cb-1")
    other = client.post(API, _record(callback, score=2), format="json", HTTP_IDEMPOTENCY_KEY="cb-1")

    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert other.status_code == 422
    assert CallbackAttempt.objects.filter(callback=callback).count() == 1
    assert Callback.objects.get(pk=callback.pk).score == 9


# --- the API: a lead's steps --------------------------------------------------------------------------------


def test_a_lead_assigns_and_gives_up_an_agent_may_not(api_as, make_callback, agent, other_agent, team_lead):
    callback = make_callback(agent)

    refused = api_as(agent).post(f"{API}{callback.pk}/give_up/", {"reason": "拒绝回访"}, format="json")
    assert refused.status_code == 403
    assert api_as(agent).post(f"{API}{callback.pk}/assign/", {"assignee": None}, format="json").status_code == 403

    lead = api_as(team_lead)
    unknown = lead.post(f"{API}{callback.pk}/assign/", {"assignee": 999999}, format="json")
    assert unknown.status_code == 400 and "assignee" in unknown.json()
    assigned = lead.post(f"{API}{callback.pk}/assign/", {"assignee": other_agent.pk}, format="json")
    assert assigned.status_code == 200 and assigned.json()["assignee"]["id"] == other_agent.pk
    to_queue = lead.post(f"{API}{callback.pk}/assign/", {"assignee": None}, format="json")
    assert to_queue.status_code == 200 and to_queue.json()["assignee"] is None

    no_reason = lead.post(f"{API}{callback.pk}/give_up/", {"reason": "  "}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    ended = lead.post(f"{API}{callback.pk}/give_up/", {"reason": "居民拒绝回访"}, format="json")
    assert ended.status_code == 200 and ended.json()["status"] == Status.GIVEN_UP
    twice = lead.post(f"{API}{callback.pk}/give_up/", {"reason": "居民拒绝回访"}, format="json")
    assert twice.status_code == 409
    assert lead.post(f"{API}999999/give_up/", {"reason": "x"}, format="json").status_code == 404


# --- D-2: sort by the columns, the count, exports in full for whom may ---------------------------------------

SORT_KEYS = ["reference", "kind", "station", "due", "appointment", "attempts", "assignee"]


def test_d2_the_queue_sorts_by_every_column_and_says_how_many(client, make_callback, agent, supervisor):
    first = make_callback(agent, 1)
    _clones(first, 4)
    make_callback(agent, 2)
    client.force_login(supervisor)

    lists.sorts_by_every_column(client, URL, SORT_KEYS, {"status": "all"})
    lists.sorts_by_every_column(client, URL, ["done"], {"status": "done"})
    lists.sorts_by_every_column(client, URL, ["status", "queue", "score"], {"status": "all"}, headed=False)
    lists.shows_the_count(client.get(URL, {"status": "all"}), 6)
    lists.shows_the_count(client.get(URL), 2)  # the open ones
    lists.refuses_a_bad_sort_with_a_message(client, URL)
    newest = [c.pk for c in client.get(URL, {"status": "all", "sort": "-reference"}).context["page"].object_list]
    assert newest == sorted(newest, reverse=True)


def test_d2_the_export_is_in_full_for_a_supervisor(client, make_callback, agent, supervisor):
    late = make_callback(agent, 1, deadline_at=timezone.now() - timedelta(hours=1))
    make_callback(agent, 2)
    client.force_login(supervisor)

    _sheet, lines = lists.exports_exactly(client, URL, {"late": "1"}, rows=1, list_code="callbacks", user=supervisor)

    assert lines[1][4:6] == [late.name, late.phone]
    assert ExportRecord.objects.latest("id").personal_data_in_full is True
