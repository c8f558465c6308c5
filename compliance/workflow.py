"""The state machines of the regulated workflows (P-3 law-enforcement requests, P-4 archive loans): one place
that says which action moves which status to which, and which permission the actor needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from compliance.models import EnforcementStatus, LoanStatus
from csc.api import DomainError
from csc.permissions import may


@dataclass(frozen=True)
class Transition:
    source: tuple[str, ...]
    target: str
    perm: str


ENFORCEMENT: dict[str, Transition] = {
    "approve_compliance": Transition(
        (EnforcementStatus.AWAITING_COMPLIANCE,),
        EnforcementStatus.AWAITING_SUPERVISOR,
        "compliance.approve_enforcement_compliance",
    ),
    "approve_supervisor": Transition(
        (EnforcementStatus.AWAITING_SUPERVISOR,),
        EnforcementStatus.APPROVED,
        "compliance.approve_enforcement_supervisor",
    ),
    "reject_compliance": Transition(
        (EnforcementStatus.AWAITING_COMPLIANCE,),
        EnforcementStatus.REJECTED,
        "compliance.approve_enforcement_compliance",
    ),
    "reject_supervisor": Transition(
        (EnforcementStatus.AWAITING_SUPERVISOR,),
        EnforcementStatus.REJECTED,
        "compliance.approve_enforcement_supervisor",
    ),
    "fulfil": Transition(
        (EnforcementStatus.APPROVED,), EnforcementStatus.FULFILLED, "compliance.fulfil_enforcementrequest"
    ),
}

LOAN: dict[str, Transition] = {
    "approve": Transition((LoanStatus.REQUESTED,), LoanStatus.APPROVED, "compliance.approve_archiveloan"),
    "reject": Transition((LoanStatus.REQUESTED,), LoanStatus.REJECTED, "compliance.approve_archiveloan"),
    "lend": Transition((LoanStatus.APPROVED,), LoanStatus.LENT, "compliance.handle_archiveloan"),
    "return": Transition((LoanStatus.LENT,), LoanStatus.RETURNED, "compliance.handle_archiveloan"),
}


def check(machine: dict[str, Transition], action: str, obj, actor) -> Transition:
    """The transition for `action` on `obj` by `actor`; PermissionDenied or DomainError (409) with the reason."""
    from django.core.exceptions import PermissionDenied

    transition = machine.get(action)
    if transition is None:
        raise DomainError(_("Unknown action."), code="unknown_action")
    if obj.status not in transition.source:
        raise DomainError(
            _("This cannot be done while the record is “%(status)s”.") % {"status": obj.get_status_display()},
            code="illegal_transition",
        )
    if not may(actor, transition.perm):
        raise PermissionDenied
    return transition


def actions_for(machine: dict[str, Transition], obj, actor) -> list[str]:
    """The actions the actor may take on the object now (for buttons)."""
    return [name for name, t in machine.items() if obj.status in t.source and may(actor, t.perm)]
