"""Platform pages: the role-aware home page and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.roles import Role
from csc import health
from csc.models import Heartbeat

# The role whose home page a user sees when they hold several, most specific first.
_HOME_ORDER = [
    Role.STATION_STAFF,
    Role.COMPLIANCE_OFFICER,
    Role.GM_OFFICE,
    Role.SUPERVISOR,
    Role.TEAM_LEAD,
    Role.AGENT,
    Role.INTEGRATION_CLIENT,
]


def primary_role(user) -> str | None:
    for role in _HOME_ORDER:
        if role.value in user.role_codes:
            return role.value
    return None


@login_required
def home(request):
    """The page made for the user's role: what they work on, the shortcuts they need, the scheduler's pulse."""
    from csc import home_panels

    role = primary_role(request.user)
    beat = Heartbeat.objects.filter(name="beat").first()
    context = {
        "role": role,
        "role_label": Role(role).label if role else "",
        "panels": home_panels.panels_for(request.user, role),
        "beat": beat,
        "beat_age_seconds": int((timezone.now() - beat.last_run_at).total_seconds()) if beat else None,
    }
    return render(request, "home.html", context)


@never_cache
@require_GET
def healthz(request):
    """200 with each part's status when the database and the broker answer; 503 naming the one that does not."""
    parts = {"database": health.database_status(), "broker": health.broker_status()}
    healthy = all(value == "ok" for value in parts.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **parts}, status=200 if healthy else 503)
