"""The agent's home-page card: the opening line to read with the agent's number, and the way to the desk."""

from __future__ import annotations

from accounts.roles import Role
from callcenter.selectors import opening_script
from csc.home import Panel, register


def _opening(user) -> dict:
    return {"greeting_number": user.agent_number or user.username, "opening": opening_script(agent=user)}


def register_panels() -> None:
    register(
        Panel(
            "callcenter.opening", frozenset({Role.AGENT, Role.TEAM_LEAD}), 10, "callcenter/home/_opening.html", _opening
        )
    )
