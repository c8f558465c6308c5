"""Archive loans past due (P-4) and law-enforcement requests left open (P-3) on the escalation ladder (R-1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.services import archive_loan_act, enforcement_request_register
from csc import escalation
from csc.escalation import GM_OFFICE, OWNER, SUPERVISOR
from notifications.models import Notification
from tests.compliance.factories import customer, letter
from tests.compliance.test_enforcement_and_loans import lend

pytestmark = pytest.mark.django_db


def test_r1_an_overdue_archive_loan_climbs_borrower_supervisor_gm_once_each(team_lead, supervisor, gm, settings):
    settings.ESCALATION_LOAN_SUPERVISOR_AFTER_DAYS = 2
    settings.ESCALATION_LOAN_GM_AFTER_DAYS = 7
    loan = lend(team_lead, supervisor, due_in_days=1)
    due = timezone.now() + timedelta(days=1)

    not_yet = escalation.sweep(now=due - timedelta(hours=12), codes=["archive.loan"])
    overdue = escalation.sweep(now=due + timedelta(days=1), codes=["archive.loan"])
    rerun = escalation.sweep(now=due + timedelta(days=1, minutes=5), codes=["archive.loan"])
    later = escalation.sweep(now=due + timedelta(days=4), codes=["archive.loan"])
    much_later = escalation.sweep(now=due + timedelta(days=9), codes=["archive.loan"])

    assert not_yet.escalated == {}
    assert overdue.escalated == {"archive.loan": {OWNER: 1}}
    assert rerun.escalated == {}
    assert later.escalated == {"archive.loan": {SUPERVISOR: 1}}
    assert much_later.escalated == {"archive.loan": {GM_OFFICE: 1}}
    told = Notification.objects.filter(kind="escalation.archive.loan").order_by("created_at")
    assert [n.recipient_id for n in told] == [team_lead.pk, supervisor.pk, gm.pk]
    assert loan.number in told[0].title


def test_r1_a_returned_loan_is_not_escalated(team_lead, supervisor):
    loan = lend(team_lead, supervisor, due_in_days=1)
    archive_loan_act(loan=loan, actor=supervisor, action="return")

    result = escalation.sweep(now=timezone.now() + timedelta(days=10), codes=["archive.loan"])

    assert result.escalated == {}
    assert not Notification.objects.exists()


def test_r1_an_open_enforcement_request_reminds_its_registrar_then_climbs(compliance_officer, supervisor, settings):
    settings.ESCALATION_ENFORCEMENT_OWNER_AFTER_HOURS = 24
    settings.ESCALATION_ENFORCEMENT_SUPERVISOR_AFTER_HOURS = 72
    request = enforcement_request_register(
        actor=compliance_officer,
        authority_type="public_security",
        authority_name="顺义分局",
        authority_level="branch",
        officer_name="王警官",
        customer_ids=[customer().pk],
        records_requested=["identity"],
        letter_number="顺公(2026)118号",
        letter_scan=letter(),
    )
    start = request.received_at

    fresh = escalation.sweep(now=start + timedelta(hours=2), codes=["enforcement.pending"])
    a_day = escalation.sweep(now=start + timedelta(hours=25), codes=["enforcement.pending"])
    three_days = escalation.sweep(now=start + timedelta(hours=73), codes=["enforcement.pending"])

    assert fresh.escalated == {}
    assert a_day.escalated == {"enforcement.pending": {OWNER: 1}}
    assert three_days.escalated == {"enforcement.pending": {SUPERVISOR: 1}}
    recipients = list(
        Notification.objects.filter(kind="escalation.enforcement.pending")
        .order_by("created_at")
        .values_list("recipient", flat=True)
    )
    assert recipients == [compliance_officer.pk, supervisor.pk]
