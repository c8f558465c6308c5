"""The complaint state machine (SPEC C-5, C-3, C-8, C-12), in one place: each action, from which states, to which
state, who may take it and what it needs. Services call `MACHINE.check()` before they change anything; pages and
the API call `MACHINE.available()` to offer only what the user may do now.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from complaints.choices import OPEN_STATUSES, Kind, Status, Validity
from csc.permissions import may
from csc.workflow import StateMachine, Transition

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


_BEFORE_PROPOSAL = (Status.REGISTERED, Status.INVESTIGATING)
_ALL = tuple(Status.values)

MACHINE = StateMachine(
    [
        Transition(
            "investigate",
            _("Start investigation"),
            (Status.REGISTERED,),
            Status.INVESTIGATING,
            who=is_participant,
            who_text=_("the owner, a handler or a supervisor"),
            needs=_("a note on what is investigated"),
            applies=lambda c: c.validity == Validity.VALID,
            applies_text=_("An invalid complaint is answered, not investigated."),
        ),
        Transition(
            "classify",
            _("Classify"),
            _BEFORE_PROPOSAL,
            None,
            who=is_participant,
            who_text=_("the owner, a handler or a supervisor"),
            needs=_("category, cause class, severity and validity"),
        ),
        Transition(
            "responsibility",
            _("Attribute responsibility"),
            _BEFORE_PROPOSAL,
            None,
            who=is_participant,
            who_text=_("the owner, a handler, a supervisor or the GM office"),
            needs=_("responsible departments whose shares sum to exactly 100%, and the loss amount"),
        ),
        Transition(
            "propose",
            _("Propose a resolution"),
            (Status.INVESTIGATING,),
            Status.PROPOSED,
            who=is_participant,
            who_text=_("the owner, a handler or a supervisor"),
            needs=_("the resolution, the remedy and its amount; the cause class and the responsibility determined"),
        ),
        Transition(
            "approve",
            pgettext_lazy("complaint", "Approve"),
            (Status.PROPOSED,),
            Status.APPROVED,
            who=is_approver,
            who_text=_("an approver whose approval level covers the amount"),
            needs=_("an approver of the level the amount requires"),
        ),
        Transition(
            "return",
            _("Return the proposal"),
            (Status.PROPOSED,),
            Status.INVESTIGATING,
            who=is_approver,
            who_text=_("an approver"),
            needs=_("the reason the proposal is returned"),
        ),
        Transition(
            "reply",
            _("Record a reply to the customer"),
            tuple(OPEN_STATUSES),
            None,
            who=is_owner_or_supervisor,
            who_text=_("the owner or a supervisor"),
            needs=_("what the customer was told and, on a valid complaint, when they will hear from us next"),
        ),
        Transition(
            "inform",
            _("Customer informed of the outcome"),
            (Status.APPROVED, Status.REGISTERED, Status.INVESTIGATING),
            Status.INFORMED,
            who=is_owner_or_supervisor,
            who_text=_("the owner or a supervisor"),
            needs=_("the outcome told to the customer; an approved resolution unless the complaint is invalid"),
            applies=lambda c: c.status == Status.APPROVED or c.validity == Validity.INVALID,
            applies_text=_("A valid complaint informs the customer only of an approved resolution."),
        ),
        Transition(
            "close",
            pgettext_lazy("complaint", "Close"),
            (Status.INFORMED,),
            Status.CLOSED,
            who=is_owner_or_supervisor,
            who_text=_("the owner or a supervisor"),
            needs=_("the customer's reply to the outcome (accepted or not)"),
        ),
        Transition(
            "reopen",
            _("Open a follow-up complaint"),
            (Status.CLOSED,),
            None,
            who=is_owner_or_supervisor,
            who_text=_("the owner or a supervisor"),
            needs=_("why the customer does not accept the outcome; the original stays closed"),
            applies=lambda c: c.kind == Kind.CUSTOMER,
            applies_text=_("Internal complaints are appealed, not reopened."),
        ),
        Transition(
            "transfer",
            _("Transfer ownership"),
            tuple(OPEN_STATUSES),
            None,
            who=is_supervisor,
            who_text=_("a supervisor"),
            needs=_("the new owner and a written reason"),
        ),
        Transition(
            "add_handler",
            _("Add a handler"),
            tuple(OPEN_STATUSES),
            None,
            who=is_participant,
            who_text=_("the owner, a handler or a supervisor"),
            needs=_("a member of staff or a department"),
        ),
        Transition(
            "note",
            _("Add a progress note or correction"),
            _ALL,
            None,
            who=is_anyone_working,
            who_text=_("any member of staff working on complaints"),
            needs=_("the text of the note"),
        ),
        Transition(
            "penalty",
            _("Record the penalty decision"),
            (Status.INVESTIGATING, Status.PROPOSED, Status.APPROVED, Status.INFORMED, Status.CLOSED),
            None,
            who=is_approver,
            who_text=_("an approver (recorded as the penalty's approver)"),
            needs=_("the penalty decision 罚扣"),
        ),
        Transition(
            "appeal",
            _("Appeal"),
            (Status.CLOSED,),
            Status.APPEALED,
            who=may_appeal,
            who_text=_("the complaining employee, the person complained about, or a supervisor"),
            needs=_("the reason; one appeal per complaint"),
            applies=lambda c: c.kind == Kind.INTERNAL and c.appealed_at is None,
            applies_text=_("Only an internal complaint may be appealed, and only once."),
        ),
        Transition(
            "decide",
            _("Final decision"),
            (Status.APPEALED,),
            Status.CLOSED,
            who=is_decider,
            who_text=_("the GM office"),
            needs=_("the decision, which is final"),
        ),
        Transition(
            "callback",
            _("Link the callback"),
            (Status.CLOSED,),
            None,
            who=is_anyone_working,
            who_text=_("any member of staff working on complaints"),
            needs=_("the callback's reference and the satisfaction score"),
            applies=lambda c: c.validity == Validity.VALID and c.callback_recorded_at is None,
            applies_text=_("Only a valid complaint without a callback yet takes one."),
        ),
    ],
    state_message=_("“%(action)s” is not possible while the complaint is “%(status)s”."),
    unknown_message=_("Unknown action: %(name)s."),
    denied_message=_("Only %(who)s may do this."),
)
