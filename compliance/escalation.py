"""Records-protection work on the escalation ladder: archive loans past due (P-4), law-enforcement requests
left open (P-3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from compliance.models import ArchiveLoan, LoanStatus
from compliance.selectors import enforcement_requests_pending
from csc.escalation import (
    FAR_FUTURE,
    GM_OFFICE,
    OWNER,
    SUPERVISOR,
    EscalationLevel,
    ItemType,
    Level,
    owner_field,
    register,
    translated,
)
from csc.text import detail_time


def _loan_past(days: Callable[[], int]):
    return lambda now: Q(due_date__lt=timezone.localtime(now).date() - timedelta(days=days()))


def _loan_title(row: dict, level: EscalationLevel) -> str:
    values = {"number": row["number"], "document": row["document"], "due": detail_time(row["due_date"])}
    return translated(gettext_noop("Archive loan %(number)s (%(document)s) was due back on %(due)s")) % values


def _enforcement_older(hours: Callable[[], int]):
    return lambda now: Q(received_at__lt=now - timedelta(hours=hours()))


def _enforcement_title(row: dict, level: EscalationLevel) -> str:
    received = detail_time(row["received_at"])
    values = {"number": row["number"], "authority": row["authority_name"], "received": received}
    return (
        translated(
            gettext_noop("Law-enforcement request %(number)s from %(authority)s is still open (received %(received)s)")
        )
        % values
    )


def register_item_types() -> None:
    # Lent out and not back by the due date: the borrower, then the supervisor, then the GM office a week later.
    register(
        ItemType(
            code="archive.loan",
            label=_("Archive loans past due"),
            open_items=lambda: ArchiveLoan.objects.filter(status=LoanStatus.LENT),
            levels=(
                Level(OWNER, _loan_past(lambda: 0)),
                Level(SUPERVISOR, _loan_past(lambda: settings.ESCALATION_LOAN_SUPERVISOR_AFTER_DAYS)),
                Level(GM_OFFICE, _loan_past(lambda: settings.ESCALATION_LOAN_GM_AFTER_DAYS)),
            ),
            fields=("number", "document", "borrower_id", "due_date"),
            title=_loan_title,
            url=lambda row: f"/compliance/loans/{row['number']}/",
            list_url="/compliance/loans/?status=overdue",
            owners=owner_field("borrower_id"),
        )
    )
    # Left open: the officer who registered it, then the supervisor, then the GM office.
    register(
        ItemType(
            code="enforcement.pending",
            label=_("Law-enforcement requests left open"),
            open_items=lambda: enforcement_requests_pending(older_than=FAR_FUTURE),
            levels=(
                Level(OWNER, _enforcement_older(lambda: settings.ESCALATION_ENFORCEMENT_OWNER_AFTER_HOURS)),
                Level(SUPERVISOR, _enforcement_older(lambda: settings.ESCALATION_ENFORCEMENT_SUPERVISOR_AFTER_HOURS)),
                Level(GM_OFFICE, _enforcement_older(lambda: settings.ESCALATION_ENFORCEMENT_GM_AFTER_HOURS)),
            ),
            fields=("number", "authority_name", "registered_by_id", "received_at"),
            title=_enforcement_title,
            url=lambda row: f"/compliance/enforcement/{row['number']}/",
            list_url="/compliance/enforcement/?status=open",
            owners=owner_field("registered_by_id"),
        )
    )
