"""The state machines of the regulated workflows (P-3 law-enforcement requests, P-4 archive loans): one place
that says which action moves which status to which, and which permission the actor needs.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compliance.models import EnforcementStatus, LoanStatus
from csc.workflow import StateMachine, Transition

_STATE = _("This cannot be done while the record is “%(status)s”.")
_UNKNOWN = _("Unknown action.")

ENFORCEMENT = StateMachine(
    [
        Transition(
            "approve_compliance",
            pgettext_lazy("records protection", "Approve"),
            (EnforcementStatus.AWAITING_COMPLIANCE,),
            EnforcementStatus.AWAITING_SUPERVISOR,
            perm="compliance.approve_enforcement_compliance",
        ),
        Transition(
            "approve_supervisor",
            pgettext_lazy("records protection", "Approve"),
            (EnforcementStatus.AWAITING_SUPERVISOR,),
            EnforcementStatus.APPROVED,
            perm="compliance.approve_enforcement_supervisor",
        ),
        Transition(
            "reject_compliance",
            pgettext_lazy("records protection", "Reject"),
            (EnforcementStatus.AWAITING_COMPLIANCE,),
            EnforcementStatus.REJECTED,
            perm="compliance.approve_enforcement_compliance",
        ),
        Transition(
            "reject_supervisor",
            pgettext_lazy("records protection", "Reject"),
            (EnforcementStatus.AWAITING_SUPERVISOR,),
            EnforcementStatus.REJECTED,
            perm="compliance.approve_enforcement_supervisor",
        ),
        Transition(
            "fulfil",
            _("Record the hand-over"),
            (EnforcementStatus.APPROVED,),
            EnforcementStatus.FULFILLED,
            perm="compliance.fulfil_enforcementrequest",
        ),
    ],
    state_message=_STATE,
    unknown_message=_UNKNOWN,
)

LOAN = StateMachine(
    [
        Transition(
            "approve",
            pgettext_lazy("records protection", "Approve"),
            (LoanStatus.REQUESTED,),
            LoanStatus.APPROVED,
            perm="compliance.approve_archiveloan",
        ),
        Transition(
            "reject",
            pgettext_lazy("records protection", "Reject"),
            (LoanStatus.REQUESTED,),
            LoanStatus.REJECTED,
            perm="compliance.approve_archiveloan",
        ),
        Transition(
            "lend",
            _("Hand out (copy kept)"),
            (LoanStatus.APPROVED,),
            LoanStatus.LENT,
            perm="compliance.handle_archiveloan",
        ),
        Transition(
            "return", _("Taken back"), (LoanStatus.LENT,), LoanStatus.RETURNED, perm="compliance.handle_archiveloan"
        ),
    ],
    state_message=_STATE,
    unknown_message=_UNKNOWN,
)
