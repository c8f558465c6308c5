"""Repair tickets past a T-5 time limit on the escalation ladder, one item type per limit.

Owner level: the station's staff and the agent who took the call (seed 004: the agent follows the household up);
reaching it also raises the T-6 timing exception events, set-based. Then the supervisor, then the GM office.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.roles import Role
from csc.escalation import (
    FAR_FUTURE,
    GM_OFFICE,
    OWNER,
    SUPERVISOR,
    EscalationLevel,
    ItemType,
    Level,
    register,
    translated,
)
from csc.text import list_time
from tickets.selectors import tickets_late
from tickets.services import exceptions_raise_overdue

TICKET_LIMITS = {
    "accept": ("accept_due_at", gettext_noop("Repair ticket not accepted in time")),
    "contact": ("contact_due_at", gettext_noop("Resident not contacted in time")),
    "arrive": ("arrive_due_at", gettext_noop("Technician not on site in time")),
    "finish": ("finish_due_at", gettext_noop("Repair not finished in time")),
}


def _ticket_owners(rows: list[dict]) -> dict[int, list[int]]:
    station_ids = {row["station_id"] for row in rows if row["station_id"]}
    staff: dict[int, list[int]] = {}
    for user_id, station_id in User.objects.filter(
        station_id__in=station_ids, is_active=True, groups__name=Role.STATION_STAFF
    ).values_list("pk", "station_id"):
        staff.setdefault(station_id, []).append(user_id)
    return {
        row["escalation_item"]: list(dict.fromkeys([*staff.get(row["station_id"], []), row["created_by_id"]]))
        for row in rows
    }


def _raise_ticket_exceptions(level, rows, now) -> None:
    if level == OWNER:
        exceptions_raise_overdue(moment=now)


def _ticket_item_type(limit: str, due_field: str, label: str) -> ItemType:
    def open_items() -> QuerySet:
        # every ticket still waiting for this step; the levels below compare its deadline with now
        return tickets_late(moment=FAR_FUTURE, limit_kind=limit)

    def past(delay: Callable[[], timedelta]):
        return lambda now: Q(**{f"{due_field}__lt": now - delay()})  # settings read at each sweep

    def title(row: dict, level: EscalationLevel) -> str:
        due = list_time(row[due_field])
        return translated(gettext_noop("%(label)s: ticket %(number)s (%(station)s), due %(due)s")) % {
            "label": translated(label),
            "number": row["number"],
            "station": row["station__name"] or "—",
            "due": due,
        }

    return ItemType(
        code=f"ticket.{limit}",
        label=_(label),  # noqa: INT001  the message is marked with gettext_noop in TICKET_LIMITS
        open_items=open_items,
        levels=(
            Level(OWNER, past(lambda: timedelta(0))),
            Level(SUPERVISOR, past(lambda: timedelta(minutes=settings.ESCALATION_TICKET_SUPERVISOR_AFTER_MINUTES))),
            Level(GM_OFFICE, past(lambda: timedelta(hours=settings.ESCALATION_GM_AFTER_HOURS))),
        ),
        fields=("number", "station_id", "station__name", "created_by_id", due_field),
        title=title,
        url=lambda row: f"/tickets/{row['number']}/",
        list_url="/tickets/?late=1",
        owners=_ticket_owners,
        on_escalated=_raise_ticket_exceptions,
    )


def register_item_types() -> None:
    for limit, (due_field, label) in TICKET_LIMITS.items():
        register(_ticket_item_type(limit, due_field, label))
