"""The agent's next shifts on the home page (K-7: the rota shown to each agent)."""

from __future__ import annotations

from django.utils import timezone

from accounts.roles import Role
from csc.home import Panel, register
from duty.selectors import shifts_of


def _next_shifts(user) -> dict:
    return {"entries": list(shifts_of(agent=user, first=timezone.localdate(), days=7)[:6])}


def register_panels() -> None:
    register(
        Panel(
            "duty.shifts",
            frozenset({Role.AGENT, Role.TEAM_LEAD}),
            15,
            "duty/home/_shifts.html",
            _next_shifts,
            perm="duty.view_rotaentry",
        )
    )
