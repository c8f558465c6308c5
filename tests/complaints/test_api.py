"""The complaint API (SPEC §7): register, list with filters, detail by number, actions, idempotency, errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.choices import CommitmentStatus, Status
from complaints.models import Complaint, ComplaintEntry, ReplyCommitment
from notifications.models import SmsMessage
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

NEW = {
    "category": "service_attitude_t",
    "complainant_name": "王建华",
    "complainant_phone": "138 1234 5678",
    "subject": "维修师傅态度差",
    "statement": "师傅上门后态度恶劣。",
    "remedy_sought": "道歉",
    "channel": "phone",
}


def _post(client, url, data, **headers):
    return client.post(url, data, format="json", headers=headers)


def test_c13_registering_returns_number_due_at_and_owner(api_as, agent):
    response = _post(api_as(agent), "/api/v1/complaints/", NEW)

    assert response.status_code == 201
    body = response.json()
    complaint = Complaint.objects.get()
    assert body["number"] == complaint.number
    assert body["owner"] == {"agent_number": agent.agent_number, "name": str(agent)}
    assert body["status"] == "registered"
    assert body["due_at"] == timezone.localtime(complaint.due_at).isoformat()
    assert complaint.complainant_phone == "13812345678"
    assert complaint.remedy_sought == "道歉"


def test_registering_costs_a_constant_number_of_queries(
    api_as, agent, customer_with_call, django_assert_max_num_queries
):
    client = api_as(agent)
    customer, call = customer_with_call
    _post(client, "/api/v1/complaints/", NEW)  # warm caches (content types, permissions)

    with django_assert_max_num_queries(16):  # 14 measured without customer and call; +1 each to look them up
        response = _post(client, "/api/v1/complaints/", {**NEW, "customer": customer.pk, "call": call.pk})

    assert response.status_code == 201


@pytest.fixture
def customer_with_call(db, agent):
    from callcenter.models import Call

    customer = CustomerFactory()
    call = Call.objects.create(direction="inbound", caller_number="13812345678", agent=agent, customer=customer)
    return customer, call


def test_an_integration_client_registers_for_the_agent_of_the_call(api_as, integration, agent, customer_with_call):
    _customer, call = customer_with_call

    response = _post(api_as(integration), "/api/v1/complaints/", {**NEW, "call": call.pk})

    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert (complaint.owner, complaint.registered_by, complaint.call) == (agent, integration, call)


def test_idempotency_key_replays_the_first_response_and_registers_once(api_as, agent):
    client = api_as(agent)

    first = _post(client, "/api/v1/complaints/", NEW, **{"Idempotency-Key": "k-1"})
    again = _post(client, "/api/v1/complaints/", NEW, **{"Idempotency-Key": "k-1"})
    other = _post(client, "/api/v1/complaints/", {**NEW, "subject": "另一件事"}, **{"Idempotency-Key": "k-1"})

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert other.status_code == 422
    assert Complaint.objects.count() == 1


def test_idempotency_key_on_actions(api_as, agent, register):
    complaint = register(agent)
    client = api_as(agent)
    url = f"/api/v1/complaints/{complaint.number}/note/"

    first = _post(client, url, {"text": "已联系"}, **{"Idempotency-Key": "n-1"})
    again = _post(client, url, {"text": "已联系"}, **{"Idempotency-Key": "n-1"})

    assert first.status_code == again.status_code == 200
    assert ComplaintEntry.objects.filter(complaint=complaint, kind="note").count() == 1


# --- bad input: 400 per field, nothing saved ----------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "no_such_category"}, "category"),
        ({"complainant_phone": ""}, "complainant_phone"),
        ({"complainant_phone": "12"}, "complainant_phone"),
        ({"statement": ""}, "statement"),
        ({"statement": "长" * 5001}, "statement"),
        ({"channel": "fax"}, "channel"),
        ({"accepted_at": "2999-01-01T00:00:00+08:00"}, "accepted_at"),
        ({"accepted_at": "yesterday"}, "accepted_at"),
        ({"customer": "abc"}, "customer"),
        ({"customer": 999999}, "customer"),
        ({"owner": "nobody"}, "owner"),
        ({"kind": "internal"}, "complainant_user"),
    ],
)
def test_bad_registrations_are_400_per_field_and_save_nothing(api_as, agent, change, field):
    response = _post(api_as(agent), "/api/v1/complaints/", {**NEW, **change})

    assert response.status_code == 400
    assert field in response.json()
    assert Complaint.objects.count() == 0
    assert SmsMessage.objects.count() == 0


def test_a_missing_phone_is_named(api_as, agent):
    data = dict(NEW)
    del data["complainant_phone"]

    response = _post(api_as(agent), "/api/v1/complaints/", data)

    assert response.status_code == 400
    assert list(response.json()) == ["complainant_phone"]


def test_a_10_mb_description_is_a_json_400_not_a_500(api_as, agent):
    response = _post(api_as(agent), "/api/v1/complaints/", {**NEW, "statement": "x" * (10 * 1024 * 1024)})

    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容过大。"} or "detail" in response.json()
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("amount", [-1, "abc", "1e999"])
def test_bad_amounts_are_400(api_as, agent, register, amount):
    complaint = register(agent)
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.INVESTIGATING)

    response = _post(
        api_as(agent),
        f"/api/v1/complaints/{complaint.number}/propose/",
        {"resolution": "赔偿", "remedy_type": "compensation", "remedy_amount": amount},
    )

    assert response.status_code == 400
    assert "remedy_amount" in response.json()
    complaint.refresh_from_db()
    assert (complaint.status, complaint.remedy_amount) == (Status.INVESTIGATING, None)


def test_shares_not_summing_to_100_are_400(api_as, agent, register, quality, repair):
    complaint = register(agent)

    response = _post(
        api_as(agent),
        f"/api/v1/complaints/{complaint.number}/responsibility/",
        {"shares": [{"department": quality.code, "percent": 70}, {"department": repair.code, "percent": 20}]},
    )

    assert response.status_code == 400
    assert "shares" in response.json()
    assert complaint.shares.count() == 0


def test_a_promised_reply_in_the_past_is_400(api_as, agent, register):
    complaint = register(agent)
    past = (timezone.now() - timedelta(hours=1)).isoformat()

    response = _post(
        api_as(agent), f"/api/v1/complaints/{complaint.number}/reply/", {"text": "x", "next_reply_at": past}
    )

    assert response.status_code == 400
    assert "next_reply_at" in response.json()
    assert ReplyCommitment.objects.filter(complaint=complaint).count() == 1


# --- actions: 409 for illegal state, 403 for the wrong person, 404 for invisible ------------------------------


def test_an_illegal_transition_is_409_and_changes_nothing(api_as, agent, register):
    complaint = register(agent)

    response = _post(api_as(agent), f"/api/v1/complaints/{complaint.number}/close/", {"customer_accepted": True})

    assert response.status_code == 409
    assert "detail" in response.json()
    complaint.refresh_from_db()
    assert complaint.status == Status.REGISTERED


def test_an_unknown_action_is_404(api_as, agent, register):
    complaint = register(agent)

    assert _post(api_as(agent), f"/api/v1/complaints/{complaint.number}/explode/", {}).status_code == 404


def test_the_whole_workflow_over_the_api(api_as, agent, supervisor, register, quality, levels):
    complaint = register(agent)
    owner, boss = api_as(agent), None
    base = f"/api/v1/complaints/{complaint.number}"
    promise = (timezone.now() + timedelta(hours=6)).isoformat()

    assert _post(owner, f"{base}/reply/", {"text": "已受理,正在调查", "next_reply_at": promise}).status_code == 200
    assert _post(owner, f"{base}/investigate/", {"note": "调取维修记录"}).status_code == 200
    assert _post(owner, f"{base}/classify/", {"cause_class": "non_quality"}).status_code == 200
    assert (
        _post(owner, f"{base}/responsibility/", {"shares": [{"department": quality.code, "percent": 100}]}).status_code
        == 200
    )
    proposed = _post(
        owner, f"{base}/propose/", {"resolution": "道歉并减免", "remedy_type": "credit", "remedy_amount": "300"}
    )
    assert proposed.status_code == 200
    assert proposed.json()["required_level"] == "部门经理"
    boss = api_as(supervisor)
    assert _post(boss, f"{base}/approve/", {}).status_code == 200
    owner = api_as(agent)
    assert _post(owner, f"{base}/inform/", {"text": "减免300元并致歉"}).status_code == 200
    closed = _post(owner, f"{base}/close/", {"customer_accepted": True})

    assert closed.status_code == 200
    body = closed.json()
    assert body["status"] == "closed"
    assert body["callback_due"] is True
    assert [c["status"] for c in body["commitments"]] == [CommitmentStatus.KEPT, CommitmentStatus.KEPT]
    assert [e["to_status"] for e in body["timeline"] if e["to_status"]] == [
        "registered",
        "investigating",
        "proposed",
        "approved",
        "informed",
        "closed",
    ]


def test_reopen_over_the_api_is_201_with_the_new_complaint(api_as, agent, supervisor, register, quality, levels):
    complaint = register(agent)
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.CLOSED, closed_at=timezone.now())

    response = _post(api_as(agent), f"/api/v1/complaints/{complaint.number}/reopen/", {"statement": "不接受处理结果"})

    assert response.status_code == 201
    assert response.json()["reopened_from"] == complaint.number
    assert Complaint.objects.count() == 2


def test_transfer_by_an_agent_is_403_and_changes_nothing(api_as, agent, other_agent, register):
    complaint = register(agent)

    response = _post(
        api_as(agent),
        f"/api/v1/complaints/{complaint.number}/transfer/",
        {"new_owner": other_agent.agent_number, "reason": "换人"},
    )

    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.owner == agent


def test_closing_by_a_non_owner_agent_is_403(api_as, agent, other_agent, register):
    complaint = register(agent)
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.INFORMED)

    response = _post(api_as(other_agent), f"/api/v1/complaints/{complaint.number}/close/", {"customer_accepted": True})

    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.INFORMED


# --- permissions and visibility ----------------------------------------------------------------------------


def test_anonymous_callers_are_refused(api, register, agent):
    complaint = register(agent)

    assert api.get("/api/v1/complaints/").status_code in (401, 403)
    assert api.get(f"/api/v1/complaints/{complaint.number}/").status_code in (401, 403)
    assert _post(api, "/api/v1/complaints/", NEW).status_code in (401, 403)
    assert Complaint.objects.count() == 1


def test_station_staff_have_no_complaint_access(api_as, station_user, register, agent):
    complaint = register(agent)
    client = api_as(station_user)

    assert client.get("/api/v1/complaints/").status_code == 403
    assert client.get(f"/api/v1/complaints/{complaint.number}/").status_code == 403
    assert _post(client, "/api/v1/complaints/", NEW).status_code == 403
    assert Complaint.objects.count() == 1


def test_internal_complaints_are_hidden_from_uninvolved_agents(api_as, agent, other_agent, supervisor, register):
    internal = register(supervisor, kind="internal", complainant_user=agent)
    client = api_as(other_agent)

    assert client.get(f"/api/v1/complaints/{internal.number}/").status_code == 404
    assert client.get("/api/v1/complaints/").json()["results"] == []
    assert api_as(agent).get(f"/api/v1/complaints/{internal.number}/").status_code == 200
    assert api_as(supervisor).get(f"/api/v1/complaints/{internal.number}/").status_code == 200


def test_detail_shows_the_phone_in_full_only_to_those_working_on_it(api_as, agent, other_agent, register):
    complaint = register(agent)

    mine = api_as(agent).get(f"/api/v1/complaints/{complaint.number}/").json()
    theirs = api_as(other_agent).get(f"/api/v1/complaints/{complaint.number}/").json()

    assert mine["complainant_phone"] == "13812345678"
    assert theirs["complainant_phone"] == "138****5678"
    assert theirs["actions"] == ["note"]


def test_missing_numbers_are_404(api_as, agent):
    assert api_as(agent).get("/api/v1/complaints/26119999/").status_code == 404


# --- list: filters and a constant query count -----------------------------------------------------------


def test_list_filters_by_status_overdue_and_owner(api_as, agent, other_agent, supervisor, register):
    mine = register(agent)
    theirs = register(other_agent)
    Complaint.objects.filter(pk=theirs.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    client = api_as(supervisor)

    def numbers(query):
        return [row["number"] for row in client.get(f"/api/v1/complaints/?{query}").json()["results"]]

    assert numbers("") == [theirs.number, mine.number]
    assert numbers("overdue=true") == [theirs.number]
    assert numbers(f"owner={agent.pk}") == [mine.number]
    assert numbers("status=closed") == []
    assert numbers("sort=registered") == [mine.number, theirs.number]
    assert numbers(f"q={mine.number}") == [mine.number]
    assert client.get("/api/v1/complaints/?overdue=true").json()["results"][0]["overdue"] is True


@pytest.mark.parametrize(
    "query", ["status=nonsense", "category=abc", "registered_from=31-12-2026", "sort=evil", "page=x"]
)
def test_bad_list_filters_are_400(api_as, supervisor, query):
    assert api_as(supervisor).get(f"/api/v1/complaints/?{query}").status_code == 400


def test_the_api_list_has_a_constant_query_count(api_as, supervisor, agent, register, django_assert_max_num_queries):
    client = api_as(supervisor)
    register(agent)
    client.get("/api/v1/complaints/")
    with django_assert_max_num_queries(6) as few:
        client.get("/api/v1/complaints/")
    for _ in range(30):
        register(agent)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/v1/complaints/")

    assert len(response.json()["results"]) == 31


def test_the_api_detail_has_a_constant_query_count(
    api_as, supervisor, agent, other_agent, register, quality, django_assert_max_num_queries
):
    from complaints import services

    complaint = register(agent)
    client = api_as(supervisor)
    client.get(f"/api/v1/complaints/{complaint.number}/")
    with django_assert_max_num_queries(30) as before:
        client.get(f"/api/v1/complaints/{complaint.number}/")
    services.complaint_add_handler(complaint=complaint, actor=agent, user=other_agent)
    services.complaint_add_handler(complaint=complaint, actor=agent, department=quality)
    for n in range(5):
        services.complaint_note(complaint=complaint, actor=agent, text=f"进展{n}")

    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(f"/api/v1/complaints/{complaint.number}/")


def test_an_integration_client_must_name_the_agent_who_took_the_complaint(api_as, integration, agent):
    client = api_as(integration)

    refused = _post(client, "/api/v1/complaints/", NEW)
    accepted = _post(client, "/api/v1/complaints/", {**NEW, "owner": agent.agent_number})

    assert refused.status_code == 400
    assert list(refused.json()) == ["owner"]
    assert accepted.status_code == 201
    assert Complaint.objects.get().owner == agent
