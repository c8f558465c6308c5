"""Complaints on the escalation ladder: deadlines (C-2) and the replies promised to complainants (C-6)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import DateTimeField, ExpressionWrapper, F, Q
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from complaints.selectors import commitments_due_before, complaints_due_before
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


def _gm_after():
    return timedelta(hours=settings.ESCALATION_GM_AFTER_HOURS)


def _complaint_title(row: dict, level: EscalationLevel) -> str:
    due = detail_time(row["due_at"])
    if level == OWNER:
        return translated(gettext_noop("Complaint %(number)s: 80%% of its time is used, due %(due)s")) % {
            "number": row["number"],
            "due": due,
        }
    return translated(gettext_noop("Complaint %(number)s is past its deadline %(due)s")) % {
        "number": row["number"],
        "due": due,
    }


def _commitment_title(row: dict, level: EscalationLevel) -> str:
    due = timezone.localtime(row["due_at"]).strftime("%m-%d %H:%M")
    values = {"number": row["complaint__number"], "due": due}
    if level == OWNER:
        return translated(gettext_noop("Complaint %(number)s: the reply promised for %(due)s is due soon")) % values
    return translated(gettext_noop("Complaint %(number)s: the reply promised for %(due)s was missed")) % values


def register_item_types() -> None:
    # Deadlines: owner when 80% of the time is used, supervisor once past due, GM office when long past due.
    register(
        ItemType(
            code="complaint.deadline",
            label=_("Complaint deadlines"),
            open_items=lambda: complaints_due_before(moment=FAR_FUTURE),
            levels=(
                Level(
                    OWNER,
                    lambda now: Q(
                        LessThanOrEqual(
                            ExpressionWrapper(
                                F("due_at") - (F("due_at") - F("accepted_at")) / 5, output_field=DateTimeField()
                            ),
                            now,
                        )
                    ),
                ),
                Level(SUPERVISOR, lambda now: Q(due_at__lt=now)),
                Level(GM_OFFICE, lambda now: Q(due_at__lt=now - _gm_after())),
            ),
            fields=("number", "owner_id", "due_at"),
            title=_complaint_title,
            url=lambda row: f"/complaints/{row['number']}/",
            list_url="/complaints/?overdue=1",
            owners=owner_field("owner_id"),
        )
    )
    # Promised replies (the 2-hour first reply and every later promise), told to the complaint's owner.
    register(
        ItemType(
            code="complaint.reply",
            label=_("Promised replies to complainants"),
            open_items=lambda: commitments_due_before(moment=FAR_FUTURE),
            levels=(
                Level(
                    OWNER, lambda now: Q(due_at__lte=now + timedelta(minutes=settings.ESCALATION_REPLY_WARN_MINUTES))
                ),
                Level(SUPERVISOR, lambda now: Q(due_at__lt=now)),
                Level(GM_OFFICE, lambda now: Q(due_at__lt=now - _gm_after())),
            ),
            fields=("complaint__number", "complaint__owner_id", "due_at"),
            title=_commitment_title,
            url=lambda row: f"/complaints/{row['complaint__number']}/",
            list_url="/complaints/?overdue=1",
            owners=owner_field("complaint__owner_id"),
        )
    )
