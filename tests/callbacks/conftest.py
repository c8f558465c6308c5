"""Fixtures for callbacks: a repair completed at 宏城 and a valid complaint closed, through the real services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from complaints import services as complaint_services
from complaints.choices import CauseClass
from tests.complaints.conftest import category, levels, quality, register  # noqa: F401  shared fixtures
from tests.tickets.conftest import demo_areas, hongcheng, hongcheng_user, ticket_input  # noqa: F401
from tickets import services as ticket_services


@pytest.fixture
def complete_ticket(ticket_input, hongcheng_user):  # noqa: F811
    """complete_ticket(actor, **overrides) → a ticket taken by `actor`, then accepted … completed by 宏城."""

    def make(actor, *, at=None, **overrides):
        ticket = ticket_services.ticket_create(actor=actor, **{**ticket_input, **overrides})
        for step in ("accept", "contact", "arrive"):
            ticket = getattr(ticket_services, f"ticket_{step}")(ticket=ticket, actor=hongcheng_user)
        return ticket_services.ticket_complete(
            ticket=ticket, actor=hongcheng_user, result="更换阀门", fee_charged=False, technician="李师傅", at=at
        )

    return make


@pytest.fixture
def close_complaint(register, quality, levels, supervisor):  # noqa: F811
    """close_complaint(owner) → a valid customer complaint taken through approval and closed by its owner."""

    def make(owner, **overrides):
        complaint = register(owner, **overrides)
        complaint_services.complaint_investigate(complaint=complaint, actor=owner)
        complaint_services.complaint_classify(complaint=complaint, actor=owner, cause_class=CauseClass.NON_QUALITY)
        complaint_services.complaint_set_responsibility(complaint=complaint, actor=owner, shares=[(quality, 100)])
        complaint_services.complaint_propose(
            complaint=complaint,
            actor=owner,
            resolution="道歉并免费重修",
            remedy_type="credit",
            remedy_amount=Decimal(200),
        )
        complaint_services.complaint_approve(complaint=complaint, actor=supervisor)
        complaint_services.complaint_inform(complaint=complaint, actor=owner, text="已致歉并免费重修")
        return complaint_services.complaint_close(complaint=complaint, actor=owner, customer_accepted=True)

    return make


REPAIR_ANSWERS = {"solved": True, "attitude": "satisfied", "fee_charged": False, "score": 9, "suggestion": ""}
COMPLAINT_ANSWERS = {"solved": True, "handling": "satisfied", "score": 9, "suggestion": ""}
