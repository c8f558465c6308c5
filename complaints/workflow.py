"""The complaint state machine (SPEC C-5, C-3, C-8, C-12), in one place: each action, from which states, to which
state, who may take it and what it needs. Services call `check()` before they change anything; pages and the API
call `available()` to offer only what the user may do now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from complaints.choices import OPEN_STATUSES, Kind, Status, Validity
from csc.api import DomainError
from csc.permissions import may

CHANGE = "complaints.change_complaint"
SUPERVISE = "complaints.supervise_complaint"
APPROVE = "complaints.approve_complaint"
DECIDE = "complaints.decide_complaint_appeal"


def is_owner_or_supervisor(user, complaint) -> bool:
    """C-3: only the owner (or a supervisor) replies to the customer and closes."""
    return (may(user, CHANGE) and complaint.owner_id == user.pk) or may(user, SUPERVISE)


def is_participant(user, complaint) -> bool:
    """The owner, a staff handler, a supervisor or the GM office: those who work on the complaint."""
    if may(user, SUPERVISE) or may(user, DECIDE):
        return True
    if not may(user, CHANGE):
        return False
    if complaint.owner_id == user.pk:
        return True
    return any(h.user_id == user.pk for h in complaint.handlers.all())


def is_approver(user, complaint) -> bool:
    return may(user, APPROVE)


def is_supervisor(user, complaint) -> bool:
    return may(user, SUPERVISE)


def may_appeal(user, complaint) -> bool:
    """C-12: the complaining employee or the person complained about, or a supervisor on their behalf."""
    return user.pk in (complaint.complainant_user_id, complaint.responsible_user_id) or may(user, SUPERVISE)


def is_decider(user, complaint) -> bool:
    return may(user, DECIDE)


def is_anyone_working(user, complaint) -> bool:
    return may(user, CHANGE)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the status stays
    who: Callable[[object, object], bool]
    who_text: str
    needs: str = ""
    applies: Callable[[object], bool] = lambda complaint: True  # noqa: E731
    applies_text: str = ""


_BEFORE_PROPOSAL = (Status.REGISTERED, Status.INVESTIGATING)
_ALL = tuple(Status.values)

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "investigate",
            _("Start investigation"),
            (Status.REGISTERED,),
            Status.INVESTIGATING,
            is_participant,
            _("the owner, a handler or a supervisor"),
            _("a note on what is investigated"),
            lambda c: c.validity == Validity.VALID,
            _("An invalid complaint is answered, not investigated."),
        ),
        Action(
            "classify",
            _("Classify"),
            _BEFORE_PROPOSAL,
            None,
            is_participant,
            _("the owner, a handler or a supervisor"),
            _("category, cause class, severity and validity"),
        ),
        Action(
            "responsibility",
            _("Attribute responsibility"),
            _BEFORE_PROPOSAL,
            None,
            is_participant,
            _("the owner, a handler, a supervisor or the GM office"),
            _("responsible departments whose shares sum to exactly 100%, and the loss amount"),
        ),
        Action(
            "propose",
            _("Propose a resolution"),
            (Status.INVESTIGATING,),
            Status.PROPOSED,
            is_participant,
            _("the owner, a handler or a supervisor"),
            _("the resolution, the remedy and its amount; the cause class and the responsibility determined"),
        ),
        Action(
            "approve",
            _("Approve"),
            (Status.PROPOSED,),
            Status.APPROVED,
            is_approver,
            _("an approver whose approval level covers the amount"),
            _("an approver of the level the amount requires"),
        ),
        Action(
            "return",
            _("Return the proposal"),
            (Status.PROPOSED,),
            Status.INVESTIGATING,
            is_approver,
            _("an approver"),
            _("the reason the proposal is returned"),
        ),
        Action(
            "reply",
            _("Record a reply to the customer"),
            tuple(OPEN_STATUSES),
            None,
            is_owner_or_supervisor,
            _("the owner or a supervisor"),
            _("what the customer was told and, on a valid complaint, when they will hear from us next"),
        ),
        Action(
            "inform",
            _("Customer informed of the outcome"),
            (Status.APPROVED, Status.REGISTERED, Status.INVESTIGATING),
            Status.INFORMED,
            is_owner_or_supervisor,
            _("the owner or a supervisor"),
            _("the outcome told to the customer; an approved resolution unless the complaint is invalid"),
            lambda c: c.status == Status.APPROVED or c.validity == Validity.INVALID,
            _("A valid complaint informs the customer only of an approved resolution."),
        ),
        Action(
            "close",
            _("Close"),
            (Status.INFORMED,),
            Status.CLOSED,
            is_owner_or_supervisor,
            _("the owner or a supervisor"),
            _("the customer's reply to the outcome (accepted or not)"),
        ),
        Action(
            "reopen",
            _("Open a follow-up complaint"),
            (Status.CLOSED,),
            None,
            is_owner_or_supervisor,
            _("the owner or a supervisor"),
            _("why the customer does not accept the outcome; the original stays closed"),
            lambda c: c.kind == Kind.CUSTOMER,
            _("Internal complaints are appealed, not reopened."),
        ),
        Action(
            "transfer",
            _("Transfer ownership"),
            tuple(OPEN_STATUSES),
            None,
            is_supervisor,
            _("a supervisor"),
            _("the new owner and a written reason"),
        ),
        Action(
            "add_handler",
            _("Add a handler"),
            tuple(OPEN_STATUSES),
            None,
            is_participant,
            _("the owner, a handler or a supervisor"),
            _("a member of staff or a department"),
        ),
        Action(
            "note",
            _("Add a progress note or correction"),
            _ALL,
            None,
            is_anyone_working,
            _("any member of staff working on complaints"),
            _("the text of the note"),
        ),
        Action(
            "penalty",
            _("Record the penalty decision"),
            (Status.INVESTIGATING, Status.PROPOSED, Status.APPROVED, Status.INFORMED, Status.CLOSED),
            None,
            is_approver,
            _("an approver (recorded as the penalty's approver)"),
            _("the penalty decision 罚扣"),
        ),
        Action(
            "appeal",
            _("Appeal"),
            (Status.CLOSED,),
            Status.APPEALED,
            may_appeal,
            _("the complaining employee, the person complained about, or a supervisor"),
            _("the reason; one appeal per complaint"),
            lambda c: c.kind == Kind.INTERNAL and c.appealed_at is None,
            _("Only an internal complaint may be appealed, and only once."),
        ),
        Action(
            "decide",
            _("Final decision"),
            (Status.APPEALED,),
            Status.CLOSED,
            is_decider,
            _("the GM office"),
            _("the decision, which is final"),
        ),
        Action(
            "callback",
            _("Link the callback"),
            (Status.CLOSED,),
            None,
            is_anyone_working,
            _("any member of staff working on complaints"),
            _("the callback's reference and the satisfaction score"),
            lambda c: c.validity == Validity.VALID and c.callback_recorded_at is None,
            _("Only a valid complaint without a callback yet takes one."),
        ),
    ]
}


def check(action_name: str, user, complaint) -> Action:
    """The action when `user` may take it on `complaint` now; DomainError (409) for the wrong state, 403 for the wrong person."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise DomainError(str(_("Unknown action: %(name)s.") % {"name": action_name}), code="unknown_action")
    if complaint.status not in action.sources:
        raise DomainError(
            str(
                _("“%(action)s” is not possible while the complaint is “%(status)s”.")
                % {"action": action.label, "status": complaint.get_status_display()}
            ),
            code="illegal_transition",
        )
    if not action.applies(complaint):
        raise DomainError(str(action.applies_text), code="not_applicable")
    if not action.who(user, complaint):
        raise PermissionDenied(str(_("Only %(who)s may do this.") % {"who": action.who_text}))
    return action


def available(user, complaint) -> list[Action]:
    """The actions this user may take on this complaint now, in the order of the workflow."""
    return [
        a for a in ACTIONS.values() if complaint.status in a.sources and a.applies(complaint) and a.who(user, complaint)
    ]
