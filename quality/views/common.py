"""What the quality pages share: the permissions they ask for, the filter bars' teams and agents, a list's
context, where a form goes back to."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import Team
from csc.permissions import may
from quality import selectors

VIEW_CHECKS = "quality.view_spotcheck"
SCORE = "quality.add_spotcheck"
VIEW_ALL = selectors.VIEW_ALL
ACKNOWLEDGE = "quality.acknowledge_spotcheck"
VIEW_MARKS = "quality.view_mark"
MANAGE_MARKS = "quality.manage_mark"
VIEW_TYPING = "quality.view_typingtest"
ADD_TYPING = "quality.add_typingtest"
VIEW_APPRAISAL = "quality.view_appraisal"
CLOSE_APPRAISAL = "quality.close_appraisal"
VIEW_GAPS = "quality.view_recording_gaps"
SETTINGS = "quality.manage_quality_settings"
GAP_DAYS = 7  # the recording check looks at the last week unless told otherwise
GAP_MAX_DAYS = 366


def require(request, perm: str) -> None:
    if not may(request.user, perm):
        raise PermissionDenied


def refused(request, exc: PermissionDenied, fallback: str) -> None:
    messages.error(request, str(exc) or fallback)


def teams_for(user) -> list[Team]:
    """The teams a filter bar offers: all to whoever sees every agent, a lead's own, none to an agent."""
    if may(user, VIEW_ALL):
        return list(Team.objects.filter(is_active=True).order_by("name").only("pk", "name"))
    ids = user.answered_team_ids
    if len(ids) > 1:
        return list(Team.objects.filter(pk__in=ids).order_by("name").only("pk", "name"))
    return []


def agents_for(user) -> list:
    """The agents a filter bar or a form offers: those the user sees (own, the led teams', or all)."""
    return list(selectors.appraised_agents(user=user))


def user_name(user) -> str:
    return str(user) if user is not None else ""


def back_to(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback
