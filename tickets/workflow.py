"""The repair-ticket state machine (T-4) in one place: each action, the states it leaves from, where it goes,
the permission it needs and the timestamp it sets. Services call `check`; pages and the API show `allowed`.

created / returned ──dispatch──▶ dispatched ──accept──▶ accepted ──contact──▶ contacted ──arrive──▶ on_site
                                     │                                                              │
                                     └──reject (reason) ──▶ returned (agent queue, re-route)        complete
                                                                                                    ▼
                                        closed ◀──close── called_back ◀──callback── completed
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from csc.api import DomainError
from csc.permissions import may
from tickets.choices import Status


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    perm: str
    stamp: str | None  # the Ticket field that records when the step happened
    station_step: bool = False  # done by (or for) the station the ticket is at


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "dispatch",
            _("Dispatch"),
            (Status.CREATED, Status.RETURNED),
            Status.DISPATCHED,
            "tickets.dispatch_ticket",
            "dispatched_at",
        ),
        Transition(
            "accept", _("Accept"), (Status.DISPATCHED,), Status.ACCEPTED, "tickets.work_ticket", "accepted_at", True
        ),
        Transition("reject", _("Reject"), (Status.DISPATCHED,), Status.RETURNED, "tickets.work_ticket", None, True),
        Transition(
            "contact",
            _("Resident contacted"),
            (Status.ACCEPTED,),
            Status.CONTACTED,
            "tickets.work_ticket",
            "contacted_at",
            True,
        ),
        Transition(
            "arrive", _("On site"), (Status.CONTACTED,), Status.ON_SITE, "tickets.work_ticket", "arrived_at", True
        ),
        Transition(
            "complete",
            _("Complete"),
            (Status.CONTACTED, Status.ON_SITE),  # solved by phone guidance, or on site
            Status.COMPLETED,
            "tickets.work_ticket",
            "completed_at",
            True,
        ),
        Transition(
            "callback",
            _("Callback done"),
            (Status.COMPLETED,),
            Status.CALLED_BACK,
            "tickets.callback_ticket",
            "called_back_at",
        ),
        Transition("close", _("Close"), (Status.CALLED_BACK,), Status.CLOSED, "tickets.close_ticket", "closed_at"),
    ]
}
STATION_ACTIONS = [a for a, t in TRANSITIONS.items() if t.station_step]


def check(ticket, action: str, user) -> Transition:
    """The transition, or DomainError (409) when the ticket's state does not allow it.

    Permission is checked by the caller through `access_ticket` (404 for another station's ticket) and `may`.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(_("Unknown action: %(action)s.") % {"action": action}, code="unknown_action")
    if ticket.status not in transition.sources:
        raise DomainError(
            _("Ticket %(number)s is %(status)s: it cannot be “%(action)s” now.")
            % {"number": ticket.number, "status": ticket.get_status_display(), "action": transition.label},
            code="illegal_transition",
        )
    return transition


def allowed(ticket, user) -> list[Transition]:
    """The actions this user may take on this ticket now (for buttons)."""
    return [t for t in TRANSITIONS.values() if ticket.status in t.sources and may(user, t.perm, ticket)]
