"""Complaint deadlines (C-2) and promised replies (C-6) on the escalation ladder (R-1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.services import complaint_register
from csc import escalation
from csc.escalation import GM_OFFICE, OWNER, SUPERVISOR
from notifications.models import Notification
from tests.complaints.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_complaints(monkeypatch):
    monkeypatch.setattr(
        escalation, "REGISTRY", {code: t for code, t in escalation.REGISTRY.items() if code.startswith("complaint.")}
    )


@pytest.fixture
def complaint(agent):
    category = CategoryFactory(code="esc_t", name="升级测试", domestic_days=15, foreign_days=20)
    return complaint_register(
        actor=agent,
        category=category,
        complainant_name="王建华",
        complainant_phone="13800000000",
        subject="暖气不热",
        statement="三天不热",
        accepted_at=timezone.now(),
        send_sms=False,
    )


def test_r1_a_complaint_reaches_owner_at_80_percent_then_supervisor_then_gm(
    only_complaints, complaint, agent, supervisor, gm, settings
):
    settings.ESCALATION_GM_AFTER_HOURS = 24
    start, due = complaint.accepted_at, complaint.due_at
    eighty = start + (due - start) * 0.8

    before = escalation.sweep(now=eighty - timedelta(hours=1), codes=["complaint.deadline"])
    at_80 = escalation.sweep(now=eighty + timedelta(minutes=1), codes=["complaint.deadline"])
    past_due = escalation.sweep(now=due + timedelta(minutes=1), codes=["complaint.deadline"])
    rerun = escalation.sweep(now=due + timedelta(minutes=6), codes=["complaint.deadline"])
    long_past = escalation.sweep(now=due + timedelta(hours=25), codes=["complaint.deadline"])

    assert before.escalated == {}
    assert at_80.escalated == {"complaint.deadline": {OWNER: 1}}
    assert past_due.escalated == {"complaint.deadline": {SUPERVISOR: 1}}
    assert rerun.escalated == {}
    assert long_past.escalated == {"complaint.deadline": {GM_OFFICE: 1}}
    told = Notification.objects.filter(kind="escalation.complaint.deadline").order_by("created_at")
    assert [n.recipient_id for n in told] == [agent.pk, supervisor.pk, gm.pk]
    assert complaint.number in told[0].title


def test_r1_a_missed_first_reply_goes_to_the_owner_then_the_supervisor(only_complaints, complaint, agent, supervisor):
    first_reply_due = complaint.commitments.get().due_at

    soon = escalation.sweep(now=first_reply_due - timedelta(minutes=10), codes=["complaint.reply"])
    missed = escalation.sweep(now=first_reply_due + timedelta(minutes=1), codes=["complaint.reply"])
    again = escalation.sweep(now=first_reply_due + timedelta(minutes=2), codes=["complaint.reply"])

    assert soon.escalated == {"complaint.reply": {OWNER: 1}}
    assert missed.escalated == {"complaint.reply": {SUPERVISOR: 1}}
    assert again.escalated == {}
    assert list(Notification.objects.order_by("created_at").values_list("recipient", flat=True)) == [
        agent.pk,
        supervisor.pk,
    ]
