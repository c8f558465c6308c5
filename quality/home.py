"""Home-page figures: the agent's checks waiting for their acknowledgement 签字确认; the lead's agents not checked
today (seed 004: every agent, every day)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from csc.dashboard import list_url
from csc.home import Figure, Panel, register
from quality.choices import Purpose
from quality.models import SpotCheck
from quality.selectors import to_check_today


def _agent(user) -> dict:
    waiting = SpotCheck.objects.filter(agent=user, purpose=Purpose.CHECK, acknowledged_at__isnull=True).count()
    url = list_url("quality:check_list", {"agent": user.pk, "acknowledged": 0})
    return {"figures": [Figure(waiting, _("spot checks to acknowledge"), url)]}


def _lead(user) -> dict:
    rows = to_check_today(user=user, offers=0)
    unchecked = sum(1 for row in rows if not row["checked"])
    return {"figures": [Figure(unchecked, _("agents not checked today"), reverse("quality:today"))]}


def register_panels() -> None:
    register(
        Panel("quality.acknowledge", frozenset({Role.AGENT}), 40, build=_agent, perm="quality.acknowledge_spotcheck")
    )
    register(Panel("quality.today", frozenset({Role.TEAM_LEAD}), 40, build=_lead, perm="quality.add_spotcheck"))
