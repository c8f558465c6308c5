"""Every customer-data page and endpoint over every role — allowed, 403 or 404 — with an access
entry written exactly when customer data is shown; IDOR attempts by changing ids; nothing changed by a refusal."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.models import AccessLogEntry, VerificationAttempt
from compliance.services import archive_loan_register, disclosure_record, enforcement_request_register
from tests.compliance.factories import customer, letter

pytestmark = pytest.mark.django_db

ROLES = ["agent", "team_lead", "supervisor", "gm", "compliance_officer", "station_user", "integration"]
DESK = {"agent", "team_lead", "supervisor", "gm", "compliance_officer", "integration"}  # compliance.view_customer


@pytest.fixture
def world(compliance_officer, team_lead, agent):
    record = customer(account_number="GR42")
    request = enforcement_request_register(
        actor=compliance_officer,
        authority_type="public_security",
        authority_name="顺义分局",
        authority_level="branch",
        officer_name="王警官",
        customer_ids=[record.pk],
        records_requested=["identity"],
        letter_number="1",
        letter_scan=letter(),
    )
    loan = archive_loan_register(
        actor=team_lead,
        customer=record,
        document="合同",
        borrower=team_lead,
        purpose="核对",
        due_date=timezone.localdate(),
    )
    disclosure = disclosure_record(
        customer=record,
        actor=agent,
        method="service_password",
        channel="hotline",
        contents=["statement"],
        service_password="246810",
    )
    return {"customer": record, "request": request, "loan": loan, "disclosure": disclosure}


# (name, url builder, roles allowed, status for the others, customer entries written when allowed)
PAGES = [
    ("customer_list", lambda w: reverse("compliance:customer_list"), DESK, 403, 1),
    ("customer_detail", lambda w: reverse("compliance:customer_detail", args=[w["customer"].pk]), DESK, 404, 1),
    (
        "disclosure_new",
        lambda w: reverse("compliance:disclosure_new", args=[w["customer"].pk]),
        {"agent", "team_lead", "supervisor"},
        404,
        0,
    ),
    (
        "disclosure_detail",
        lambda w: reverse("compliance:disclosure_detail", args=[w["disclosure"].pk]),
        {"agent", "team_lead", "supervisor", "compliance_officer"},
        404,
        0,
    ),
    ("access_log", lambda w: reverse("compliance:access_log"), {"compliance_officer"}, 403, 0),
    ("access_unusual", lambda w: reverse("compliance:access_unusual"), {"compliance_officer"}, 403, 0),
    (
        "enforcement_list",
        lambda w: reverse("compliance:enforcement_list"),
        {"supervisor", "compliance_officer"},
        403,
        0,
    ),
    (
        "enforcement_detail",
        lambda w: reverse("compliance:enforcement_detail", args=[w["request"].number]),
        {"supervisor", "compliance_officer"},
        404,
        0,
    ),
    (
        "enforcement_letter",
        lambda w: reverse("compliance:enforcement_letter", args=[w["request"].number]),
        {"supervisor", "compliance_officer"},
        404,
        0,
    ),
    ("loan_list", lambda w: reverse("compliance:loan_list"), {"team_lead", "supervisor", "compliance_officer"}, 403, 0),
    (
        "loan_detail",
        lambda w: reverse("compliance:loan_detail", args=[w["loan"].number]),
        {"team_lead", "supervisor", "compliance_officer"},
        404,
        0,
    ),
    ("levels", lambda w: reverse("compliance:levels"), {"compliance_officer"}, 403, 0),
    ("retention", lambda w: reverse("compliance:retention"), {"compliance_officer"}, 403, 0),
]

APIS = [
    ("api_customer_list", lambda w: "/api/v1/customers/", DESK, 403, 1),
    ("api_customer_detail", lambda w: f"/api/v1/customers/{w['customer'].pk}/", DESK, 403, 1),
    ("api_access_log", lambda w: "/api/v1/access-log/", {"compliance_officer"}, 403, 0),
    ("api_enforcement_list", lambda w: "/api/v1/enforcement-requests/", {"supervisor", "compliance_officer"}, 403, 0),
    (
        "api_enforcement_detail",
        lambda w: f"/api/v1/enforcement-requests/{w['request'].number}/",
        {"supervisor", "compliance_officer"},
        403,
        0,
    ),
    ("api_loan_list", lambda w: "/api/v1/archive-loans/", {"team_lead", "supervisor", "compliance_officer"}, 403, 0),
    (
        "api_loan_detail",
        lambda w: f"/api/v1/archive-loans/{w['loan'].number}/",
        {"team_lead", "supervisor", "compliance_officer"},
        403,
        0,
    ),
]

MATRIX = [
    (name, url, allowed, refused, logged, role) for name, url, allowed, refused, logged in PAGES for role in ROLES
]
API_MATRIX = [
    (name, url, allowed, refused, logged, role) for name, url, allowed, refused, logged in APIS for role in ROLES
]


@pytest.mark.parametrize(
    ("name", "url", "allowed", "refused", "logged", "role"), MATRIX, ids=[f"{m[0]}-{m[5]}" for m in MATRIX]
)
def test_page_matrix(request, client, world, name, url, allowed, refused, logged, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    before = AccessLogEntry.objects.count()
    mine = AccessLogEntry.objects.filter(user=user, customer=world["customer"]).count()

    response = client.get(url(world))

    expected = 200 if role in allowed else refused
    assert response.status_code == expected
    written = AccessLogEntry.objects.filter(user=user, customer=world["customer"]).count() - mine
    assert written == (logged if role in allowed else 0)
    assert AccessLogEntry.objects.count() - before == written


@pytest.mark.parametrize(
    ("name", "url", "allowed", "refused", "logged", "role"), API_MATRIX, ids=[f"{m[0]}-{m[5]}" for m in API_MATRIX]
)
def test_api_matrix(request, api_as, world, name, url, allowed, refused, logged, role):
    user = request.getfixturevalue(role)
    before = AccessLogEntry.objects.count()
    mine = AccessLogEntry.objects.filter(user=user, customer=world["customer"]).count()

    response = api_as(user).get(url(world))

    assert response.status_code == (200 if role in allowed else refused)
    written = AccessLogEntry.objects.filter(user=user, customer=world["customer"]).count() - mine
    assert written == (logged if role in allowed else 0)
    assert AccessLogEntry.objects.count() - before == written


VERIFY_ALLOWED = {"agent", "team_lead", "supervisor", "integration"}


@pytest.mark.parametrize("role", ROLES)
def test_verify_password_matrix_and_nothing_logged_on_refusal(request, api_as, world, role):
    user = request.getfixturevalue(role)
    before = VerificationAttempt.objects.count()

    response = api_as(user).post(
        f"/api/v1/customers/{world['customer'].pk}/verify-password/", {"password": "246810"}, format="json"
    )

    if role in VERIFY_ALLOWED:
        assert response.status_code == 200 and response.json()["verified"] is True
        assert VerificationAttempt.objects.count() == before + 1
    else:
        assert response.status_code == 403
        assert VerificationAttempt.objects.count() == before


@pytest.mark.parametrize(
    "url",
    [
        "/compliance/customers/",
        "/compliance/access-log/",
        "/compliance/enforcement/",
        "/compliance/loans/",
        "/compliance/retention/",
        "/compliance/levels/",
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "url",
    ["/api/v1/customers/", "/api/v1/access-log/", "/api/v1/enforcement-requests/", "/api/v1/archive-loans/"],
)
def test_anonymous_api_calls_are_refused(api, url):
    assert api.get(url).status_code in (401, 403)


def test_idor_changing_ids_reveals_nothing_and_logs_nothing(client, api_as, world, agent, supervisor):
    closed = customer(phone="13700000000", is_active=False)
    client.force_login(agent)
    before = AccessLogEntry.objects.count()

    assert client.get(reverse("compliance:customer_detail", args=[closed.pk])).status_code == 404
    assert client.get(reverse("compliance:customer_detail", args=[999999])).status_code == 404
    assert api_as(agent).get(f"/api/v1/customers/{closed.pk}/").status_code == 404
    assert api_as(supervisor).get("/api/v1/enforcement-requests/ZF99990001/").status_code == 404
    assert api_as(supervisor).get("/api/v1/archive-loans/JY99990001/").status_code == 404
    assert client.get(reverse("compliance:disclosure_detail", args=[world["disclosure"].pk + 1000])).status_code == 404
    assert AccessLogEntry.objects.count() == before


def test_refused_workflow_steps_change_nothing(client, world, agent, team_lead):
    request, loan = world["request"], world["loan"]
    client.force_login(agent)

    client.post(reverse("compliance:enforcement_act", args=[request.number, "approve"]))
    client.force_login(team_lead)
    client.post(reverse("compliance:loan_detail", args=[loan.number]), {"action": "approve"})

    request.refresh_from_db()
    loan.refresh_from_db()
    assert request.status == "awaiting_compliance" and loan.status == "requested"


def test_full_view_needs_top_secret_clearance_and_a_purpose(api_as, world, supervisor, compliance_officer, gm):
    url = f"/api/v1/customers/{world['customer'].pk}/"

    assert api_as(gm).get(url, {"full": "1", "purpose": "x"}).json()["unmasked"] is False
    no_purpose = api_as(supervisor).get(url, {"full": "1"})
    assert no_purpose.status_code == 400 and "purpose" in no_purpose.json()
    body = api_as(compliance_officer).get(url, {"full": "1", "purpose": "审计抽查"}).json()
    assert body["unmasked"] is True and body["phones"] == ["13812345678"]
    entry = AccessLogEntry.objects.filter(user=compliance_officer, unmasked=True).get()
    assert entry.purpose == "审计抽查" and entry.fields == "name,phones,addresses,id_number"
