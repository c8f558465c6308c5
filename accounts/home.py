"""The home-page panels of staff accounts: the team lead's team, the staff figure, the integration card."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from csc.home import Figure, Panel, register


def _team(user) -> dict:
    return {"members": User.objects.filter(team__lead=user, is_active=True).order_by("agent_number")}


def _staff(user) -> dict:
    return {"figures": [Figure(User.objects.filter(is_active=True).count(), _("staff accounts"))]}


def register_panels() -> None:
    register(Panel("accounts.team", frozenset({Role.TEAM_LEAD}), 5, "accounts/home/_team.html", _team))
    register(Panel("accounts.staff", frozenset({Role.SUPERVISOR, Role.GM_OFFICE}), 3, build=_staff))
    register(Panel("accounts.integration", frozenset({Role.INTEGRATION_CLIENT}), 10, "accounts/home/_integration.html"))
