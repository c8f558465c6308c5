"""The callback state machine (K-5) in one place.

pending ──record──▶ done
   │  ▲ ──not_reached──┘ (stays pending, back in the queue after the retry time; the last allowed attempt
   │  │                  gives up, with a reason)
   ├──appoint──▶ appointed ──record / not_reached / appoint / give_up──▶ …
   └──give_up (a lead, with a reason)──▶ given_up

"assign" moves an open callback to an agent or back to the team's queue (a lead). Who may work on which callback:
the agent it is assigned to; anyone of its team (or anyone, for the centre's queue) while unassigned; a team lead
for the callbacks of the teams they lead; a supervisor for all.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from callbacks.choices import OPEN_STATUSES, Status
from csc.permissions import may
from csc.workflow import StateMachine, Transition

RECORD = "callbacks.record_callback"
MANAGE = "callbacks.manage_callback"
VIEW_ALL = "callbacks.view_all_callbacks"


def leads_team(user, team_id) -> bool:
    """A lead of this team: holds the manage right and leads it or belongs to it; a supervisor leads every team."""
    if not may(user, MANAGE):
        return False
    if may(user, VIEW_ALL):
        return True
    if team_id is None:
        return True
    return team_id == getattr(user, "team_id", None) or team_id in led_team_ids(user)


def led_team_ids(user) -> frozenset[int]:
    """The teams this user leads, read once per request (kept on the user object)."""
    return user.led_team_ids if user.pk else frozenset()


def may_work_on(user, callback) -> bool:
    """The agent it is assigned to; while unassigned, its team (or anyone: the centre's queue); a lead of its team."""
    if callback.assignee_id is not None:
        return callback.assignee_id == user.pk or leads_team(user, callback.team_id)
    if callback.team_id is None or callback.team_id == getattr(user, "team_id", None):
        return True
    return leads_team(user, callback.team_id)


def may_manage(user, callback) -> bool:
    return leads_team(user, callback.team_id)


_OPEN = tuple(OPEN_STATUSES)

MACHINE = StateMachine(
    [
        Transition(
            "record",
            _("Record the survey"),
            _OPEN,
            Status.DONE,
            perm=RECORD,
            who=may_work_on,
            who_text=_("the agent it is assigned to, its team while unassigned, or a lead of its team"),
            stamp="done_at",
        ),
        Transition(
            "not_reached",
            _("Not reached"),
            _OPEN,
            None,
            perm=RECORD,
            who=may_work_on,
            who_text=_("the agent it is assigned to, its team while unassigned, or a lead of its team"),
        ),
        Transition(
            "appoint",
            _("Not convenient now: book a time"),
            _OPEN,
            Status.APPOINTED,
            perm=RECORD,
            who=may_work_on,
            who_text=_("the agent it is assigned to, its team while unassigned, or a lead of its team"),
        ),
        Transition(
            "give_up",
            _("Give up"),
            _OPEN,
            Status.GIVEN_UP,
            perm=MANAGE,
            who=may_manage,
            who_text=_("a lead of its team"),
        ),
        Transition(
            "assign",
            _("Assign"),
            _OPEN,
            None,
            perm=MANAGE,
            who=may_manage,
            who_text=_("a lead of its team"),
        ),
    ],
    state_message=_("Callback %(number)s is “%(status)s”: “%(action)s” is not possible now."),
    unknown_message=_("Unknown action: %(name)s."),
    denied_message=_("Only %(who)s may do this."),
)
