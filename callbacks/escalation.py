"""Callbacks on the escalation ladder (K-5, R-1): past their escalation moment (the due time, or the resident's
later appointment) they go owner → team lead → supervisor, each level told once, through the ground's sweep.

The ledger keeps its three levels; for callbacks level 2 tells the team's lead and level 3 the supervisors (the
`recipients` of the item type), after the hours the supervisor set in the callback settings.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from callbacks.choices import OPEN_STATUSES
from callbacks.models import Callback
from callbacks.services import callback_settings, supervisors
from csc.escalation import (
    GM_OFFICE,
    OWNER,
    SUPERVISOR,
    EscalationLevel,
    ItemType,
    Level,
    date_key,
    register,
    translated,
)
from csc.text import detail_time


def _supervisors() -> list[int]:
    return list(supervisors().values_list("pk", flat=True).distinct())


def recipients(level: EscalationLevel, rows: list[dict]) -> dict[int, list[int]]:
    """Owner: the assigned agent (else the team's lead); lead: the team's lead; then the supervisors. Whoever is
    missing on a rung is replaced by the next one up, so nothing escalates to nobody."""
    chiefs = _supervisors()
    told: dict[int, list[int]] = {}
    for row in rows:
        key = row["escalation_item"]
        lead = [row["team__lead_id"]] if row.get("team__lead_id") else []
        if level == OWNER:
            told[key] = [row["assignee_id"]] if row.get("assignee_id") else lead or chiefs
        elif level == SUPERVISOR:
            told[key] = lead or chiefs
        else:
            told[key] = chiefs
    return told


def _title(row: dict, level: EscalationLevel) -> str:
    values = {"number": f"HF{row['pk']}", "due": detail_time(row["deadline_at"])}
    if level == OWNER:
        return translated(gettext_noop("Callback %(number)s is past due (%(due)s)")) % values
    if level == SUPERVISOR:
        return translated(gettext_noop("Callback %(number)s is still not made: due %(due)s (team lead)")) % values
    return translated(gettext_noop("Callback %(number)s is long past due: due %(due)s (supervisor)")) % values


def _hours(name: str) -> timedelta:
    return timedelta(hours=getattr(callback_settings(), name))


def register_item_types() -> None:
    register(
        ItemType(
            code="callback.due",
            label=_("Callbacks past due"),
            open_items=lambda: Callback.objects.filter(status__in=OPEN_STATUSES),
            levels=(
                Level(OWNER, lambda now: Q(deadline_at__lt=now)),
                Level(SUPERVISOR, lambda now: Q(deadline_at__lt=now - _hours("lead_after_hours"))),
                Level(GM_OFFICE, lambda now: Q(deadline_at__lt=now - _hours("supervisor_after_hours"))),
            ),
            fields=("deadline_at", "assignee_id", "team__lead_id"),
            title=_title,
            url=lambda row: f"/callbacks/{row['pk']}/",
            list_url="/callbacks/?late=1",
            recipients=recipients,
            cycle=date_key("deadline_at"),  # a later appointment makes it late again on another day: told again
        )
    )
