"""P-3 law-enforcement requests and P-4 archive loans: system refusals with the reason, bad input saves nothing,
two approvals, the hand-over logged exactly; loans approved, copied, tracked, overdue listed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from compliance.models import AccessLogEntry, ArchiveLoan, ComplianceEvent, EnforcementRequest
from compliance.selectors import enforcement_requests_pending, loans_overdue
from compliance.services import (
    archive_loan_act,
    archive_loan_register,
    enforcement_request_approve,
    enforcement_request_fulfil,
    enforcement_request_register,
)
from csc.api import DomainError
from tests.compliance.factories import PDF, PNG, customer, letter

pytestmark = pytest.mark.django_db


def register(actor, **overrides):
    values = {
        "authority_type": "public_security",
        "authority_name": "顺义分局",
        "authority_level": "branch",
        "officer_name": "王警官",
        "customer_ids": [customer().pk],
        "records_requested": ["identity", "calls"],
        "letter_number": "京公顺〔2026〕1号",
        "letter_scan": letter(),
    }
    values.update(overrides)
    return enforcement_request_register(actor=actor, **values)


def test_p3_a_complete_request_waits_for_the_compliance_officer(compliance_officer):
    request = register(compliance_officer)

    assert request.status == "awaiting_compliance" and request.refusal_reason == ""
    assert request.number.startswith("ZF") and len(request.number) == 10
    assert request.letter_content_type == "application/pdf"
    assert request.letter_scan.read() == PDF
    assert not request.letter_scan.name.endswith("letter.pdf")  # never the uploaded name


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"authority_level": "grassroots"}, "低于市处级或分局"),
        ({"authority_level": "county"}, "低于市处级或分局"),
        ({"letter_scan": None}, "没有正式书面介绍信"),
        ({"letter_number": ""}, "没有正式书面介绍信"),
        ({"authority_type": "other"}, "只有公安机关"),
    ],
)
def test_p3_the_system_refuses_with_the_reason_and_keeps_the_record(compliance_officer, overrides, reason):
    request = register(compliance_officer, **overrides)

    assert request.status == "refused"
    assert reason in request.refusal_reason
    assert ComplianceEvent.objects.filter(kind="enforcement_refused", target_id=request.pk).count() == 1


@pytest.mark.parametrize(
    ("scan", "message"),
    [
        (letter(b"just text, named like a PDF", "letter.pdf"), "必须是 PDF 或图片"),
        (letter(b"MZ\x90\x00 an executable", "scan.png"), "必须是 PDF 或图片"),
        (letter(b"", "empty.pdf"), "是空文件"),
    ],
)
def test_p3_a_letter_that_is_not_a_pdf_or_image_is_refused_and_nothing_saved(compliance_officer, scan, message):
    with pytest.raises(ValidationError) as caught:
        register(compliance_officer, letter_scan=scan)

    assert message in " ".join(caught.value.message_dict["letter_scan"])
    assert EnforcementRequest.objects.count() == 0


def test_p3_an_image_letter_is_accepted(compliance_officer):
    assert register(compliance_officer, letter_scan=letter(PNG, "scan.bin")).letter_content_type == "image/png"


def test_p3_a_letter_too_large_is_refused(compliance_officer, settings):
    settings.ENFORCEMENT_LETTER_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as caught:
        register(compliance_officer, letter_scan=letter(PDF + b"0" * 2000))

    assert "最大只能" in caught.value.message_dict["letter_scan"][0]
    assert EnforcementRequest.objects.count() == 0


def test_p3_a_customer_that_does_not_exist_is_named_and_nothing_saved(compliance_officer):
    with pytest.raises(ValidationError) as caught:
        register(compliance_officer, customer_ids=[customer().pk, 987654])

    assert caught.value.message_dict["customers"] == ["没有编号为 987654 的客户。"]
    assert EnforcementRequest.objects.count() == 0


def test_p3_two_approvals_then_the_hand_over_is_logged_exactly(compliance_officer, supervisor, agent):
    request = register(compliance_officer)
    concerned = request.customers.get()

    request = enforcement_request_approve(request=request, actor=compliance_officer)
    assert request.status == "awaiting_supervisor"
    with pytest.raises(DomainError):  # not approved yet
        enforcement_request_fulfil(request=request, actor=compliance_officer, records=["identity"], handed_over="x")
    request = enforcement_request_approve(request=request, actor=supervisor)
    assert request.status == "approved"
    with pytest.raises(ValidationError):
        enforcement_request_fulfil(request=request, actor=compliance_officer, records=["contact"], handed_over="x")
    request = enforcement_request_fulfil(
        request=request, actor=compliance_officer, records=["identity"], handed_over="身份信息打印件1页，盖章"
    )

    assert request.status == "fulfilled" and request.handed_over_records == ["identity"]
    entry = AccessLogEntry.objects.get(customer=concerned)
    assert (entry.user, entry.channel, entry.unmasked, entry.fields) == (compliance_officer, "export", True, "identity")
    assert entry.purpose == f"执法查询申请 {request.number}"
    kinds = list(
        ComplianceEvent.objects.filter(target_id=request.pk, target_type="enforcementrequest")
        .values_list("kind", flat=True)
        .order_by("id")
    )
    assert kinds == [
        "enforcement_registered",
        "enforcement_approve_compliance",
        "enforcement_approve_supervisor",
        "enforcement_fulfilled",
    ]


def test_p3_illegal_steps_are_409_and_change_nothing(api_as, compliance_officer, supervisor):
    request = register(compliance_officer, authority_level="grassroots")
    client = api_as(compliance_officer)

    response = client.post(f"/api/v1/enforcement-requests/{request.number}/approve/", {}, format="json")

    assert response.status_code == 409
    request.refresh_from_db()
    assert request.status == "refused"


def test_p3_the_same_person_cannot_approve_twice(compliance_officer, supervisor):
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    compliance_officer.groups.add(Group.objects.get(name=Role.SUPERVISOR))
    compliance_officer = type(compliance_officer).objects.get(pk=compliance_officer.pk)
    request = enforcement_request_approve(request=register(compliance_officer), actor=compliance_officer)

    with pytest.raises(DomainError):
        enforcement_request_approve(request=request, actor=compliance_officer)
    request.refresh_from_db()
    assert request.status == "awaiting_supervisor"


def test_p3_pending_requests_for_the_escalation_sweep(compliance_officer):
    old = register(compliance_officer)
    EnforcementRequest.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=3))
    register(compliance_officer)  # new
    register(compliance_officer, authority_level="grassroots")  # refused: closed

    assert list(enforcement_requests_pending(older_than=timedelta(days=1))) == [old]
    assert list(enforcement_requests_pending(older_than=timezone.now() - timedelta(days=1))) == [old]


def test_p3_api_registers_with_a_multipart_letter(api_as, compliance_officer):
    record = customer()

    response = api_as(compliance_officer).post(
        "/api/v1/enforcement-requests/",
        {
            "authority_type": "procuratorate",
            "authority_name": "顺义区人民检察院",
            "authority_level": "city_division",
            "officer_name": "李检察官",
            "customers": [record.pk],
            "records_requested": ["identity"],
            "letter_number": "顺检调〔2026〕3号",
            "letter_scan": letter(),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "awaiting_compliance" and response.json()["customers"] == [record.pk]


def test_p3_api_bad_letter_and_unknown_customer_are_400_per_field(api_as, compliance_officer):
    response = api_as(compliance_officer).post(
        "/api/v1/enforcement-requests/",
        {
            "authority_type": "public_security",
            "authority_name": "顺义分局",
            "authority_level": "branch",
            "officer_name": "王警官",
            "customers": [424242],
            "records_requested": ["identity"],
            "letter_number": "1",
            "letter_scan": letter(b"<html>not a scan</html>", "letter.pdf"),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"customers", "letter_scan"}
    assert EnforcementRequest.objects.count() == 0


def test_p3_page_form_names_the_unknown_account_number(client, compliance_officer):
    client.force_login(compliance_officer)

    response = client.post(
        reverse("compliance:enforcement_new"),
        {
            "authority_type": "public_security",
            "authority_name": "顺义分局",
            "authority_level": "branch",
            "officer_name": "王警官",
            "customers": "NOSUCH1",
            "records_requested": ["identity"],
            "letter_number": "1",
            "letter_scan": letter(),
        },
    )

    assert response.status_code == 200
    assert "NOSUCH1" in response.context["form"].errors["customers"][0]
    assert EnforcementRequest.objects.count() == 0


def test_p3_the_letter_is_served_only_to_those_who_may(client, compliance_officer, agent):
    request = register(compliance_officer)
    url = reverse("compliance:enforcement_letter", args=[request.number])

    client.force_login(agent)
    assert client.get(url).status_code == 404
    client.force_login(compliance_officer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


# --- P-4 ---------------------------------------------------------------------------------------------------


def lend(team_lead, supervisor, *, due_in_days=7):
    loan = archive_loan_register(
        actor=team_lead,
        customer=customer(),
        document="供热合同原件",
        borrower=team_lead,
        purpose="核对",
        due_date=timezone.localdate() + timedelta(days=due_in_days),
    )
    archive_loan_act(loan=loan, actor=supervisor, action="approve")
    return archive_loan_act(loan=loan, actor=supervisor, action="lend", copy_location="档案柜A-3")


def test_p4_a_loan_needs_the_supervisors_approval_and_a_copy_kept(team_lead, supervisor):
    loan = archive_loan_register(
        actor=team_lead,
        customer=customer(),
        document="供热合同原件",
        borrower=team_lead,
        purpose="核对",
        due_date=timezone.localdate() + timedelta(days=3),
    )
    with pytest.raises(PermissionDenied):
        archive_loan_act(loan=loan, actor=team_lead, action="approve")
    with pytest.raises(DomainError):
        archive_loan_act(loan=loan, actor=supervisor, action="lend", copy_location="A-3")
    loan = archive_loan_act(loan=loan, actor=supervisor, action="approve")
    with pytest.raises(ValidationError) as caught:
        archive_loan_act(loan=loan, actor=supervisor, action="lend", copy_location="")
    assert "copy_location" in caught.value.message_dict
    loan = archive_loan_act(loan=loan, actor=supervisor, action="lend", copy_location="档案柜A-3")
    loan = archive_loan_act(loan=loan, actor=supervisor, action="return", note="完好")

    assert loan.status == "returned" and loan.copy_location == "档案柜A-3" and loan.received_by == supervisor


def test_p4_overdue_loans_are_listed_by_due_date(team_lead, supervisor):
    overdue = lend(team_lead, supervisor)
    ArchiveLoan.objects.filter(pk=overdue.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    lend(team_lead, supervisor)  # not yet due
    returned = lend(team_lead, supervisor)
    ArchiveLoan.objects.filter(pk=returned.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    archive_loan_act(loan=returned, actor=supervisor, action="return")

    assert list(loans_overdue(moment=timezone.now())) == [overdue]
    assert list(loans_overdue(moment=timezone.now() - timedelta(days=3))) == []


def test_p4_a_due_date_in_the_past_is_refused(team_lead):
    with pytest.raises(ValidationError) as caught:
        archive_loan_register(
            actor=team_lead,
            customer=customer(),
            document="x",
            borrower=team_lead,
            purpose="y",
            due_date=timezone.localdate() - timedelta(days=1),
        )

    assert "due_date" in caught.value.message_dict
    assert ArchiveLoan.objects.count() == 0


def test_p4_api_lists_overdue_and_answers_409_for_an_illegal_step(
    api_as, team_lead, supervisor, django_assert_max_num_queries
):
    for _ in range(3):
        loan = lend(team_lead, supervisor)
        ArchiveLoan.objects.filter(pk=loan.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    client = api_as(supervisor)

    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/archive-loans/", {"status": "overdue"}).json()
    again = client.post(f"/api/v1/archive-loans/{loan.number}/lend/", {"copy_location": "x"}, format="json")

    assert body["count"] == 3
    assert again.status_code == 409


def test_p4_api_bad_input_is_400_and_saves_nothing(api_as, team_lead):
    response = api_as(team_lead).post(
        "/api/v1/archive-loans/",
        {"customer": 999999, "document": "x", "borrower": "nobody", "purpose": "y", "due_date": "2020-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"customer", "borrower"}
    assert ArchiveLoan.objects.count() == 0
