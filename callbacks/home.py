"""The callback panel on the home pages of agents and team leads: ready now, late, appointed — each a link to the
queue filtered so."""

from __future__ import annotations

from django.urls import reverse

from accounts.roles import Role
from callbacks.selectors import open_counts
from csc.home import Panel, register


def _callbacks(user) -> dict:
    queue = reverse("callbacks:queue")
    return {"counts": open_counts(user=user), "queue": queue}


def register_panels() -> None:
    register(
        Panel(
            "callbacks",
            frozenset({Role.AGENT, Role.TEAM_LEAD}),
            35,
            "callbacks/home/_callbacks.html",
            _callbacks,
            perm="callbacks.view_callback",
        )
    )
