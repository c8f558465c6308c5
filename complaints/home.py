"""The complaint panel on the home pages of the roles that work on complaints (open, overdue, due today …)."""

from __future__ import annotations

from accounts.roles import Role
from complaints.selectors import complaint_counts
from csc.home import Panel, register
from csc.permissions import may


def _complaints(user) -> dict:
    return {
        "counts": complaint_counts(user=user),
        "may_register": may(user, "complaints.add_complaint"),
        "may_work": may(user, "complaints.change_complaint"),
        "may_statistics": may(user, "complaints.view_complaint_statistics"),
    }


def register_panels() -> None:
    roles = frozenset({Role.AGENT, Role.TEAM_LEAD, Role.SUPERVISOR, Role.GM_OFFICE})
    register(
        Panel(
            "complaints", roles, 40, "complaints/home/_complaints.html", _complaints, perm="complaints.view_complaint"
        )
    )
