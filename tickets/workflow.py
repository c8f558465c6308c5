"""The repair-ticket state machine (T-4) in one place: each action, the states it leaves from, where it goes,
the permission it needs and the timestamp it sets. Services call `MACHINE.check`; pages and the API show
`MACHINE.available`. The permission is checked with the ticket's object rule, so station staff may act only on
their own station's tickets (callers fetch with `access_ticket` first: another station's ticket is a 404).

created / returned ──dispatch──▶ dispatched ──accept──▶ accepted ──contact──▶ contacted ──arrive──▶ on_site
                                     │                                                              │
                                     └──reject (reason) ──▶ returned (agent queue, re-route)        complete
                                                                                                    ▼
                                        closed ◀──close── called_back ◀──callback── completed
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from csc.workflow import StateMachine, Transition
from tickets.choices import Status

DISPATCH = "tickets.dispatch_ticket"
WORK = "tickets.work_ticket"  # the station's steps, done by (or for) the station the ticket is at

MACHINE = StateMachine(
    [
        Transition(
            "dispatch",
            _("Dispatch"),
            (Status.CREATED, Status.RETURNED),
            Status.DISPATCHED,
            perm=DISPATCH,
            stamp="dispatched_at",
        ),
        Transition("accept", _("Accept"), (Status.DISPATCHED,), Status.ACCEPTED, perm=WORK, stamp="accepted_at"),
        Transition("reject", pgettext_lazy("repair", "Reject"), (Status.DISPATCHED,), Status.RETURNED, perm=WORK),
        Transition(
            "contact", _("Resident contacted"), (Status.ACCEPTED,), Status.CONTACTED, perm=WORK, stamp="contacted_at"
        ),
        Transition("arrive", _("On site"), (Status.CONTACTED,), Status.ON_SITE, perm=WORK, stamp="arrived_at"),
        Transition(
            "complete",
            _("Complete"),
            (Status.CONTACTED, Status.ON_SITE),  # solved by phone guidance, or on site
            Status.COMPLETED,
            perm=WORK,
            stamp="completed_at",
        ),
        Transition(
            "callback",
            _("Callback done"),
            (Status.COMPLETED,),
            Status.CALLED_BACK,
            perm="tickets.callback_ticket",
            stamp="called_back_at",
        ),
        Transition(
            "close",
            pgettext_lazy("repair", "Close"),
            (Status.CALLED_BACK,),
            Status.CLOSED,
            perm="tickets.close_ticket",
            stamp="closed_at",
        ),
    ],
    state_message=_("Ticket %(number)s is %(status)s: it cannot be “%(action)s” now."),
    unknown_message=_("Unknown action: %(action)s."),
    denied_message=_("You may not do this to this ticket."),
)
