"""Sign-in and password change pages (P-6: expiry, reuse, lockout), and the role-aware home page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from accounts.dashboard import scope_for
from accounts.passwords import password_expires_at, password_is_expired
from accounts.roles import Role
from csc import dashboard
from csc.health import scheduler_pulse
from csc.home import panels_for
from csc.permissions import may


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["expired"] = password_is_expired(user)
        context["expires_at"] = password_expires_at(user)
        context["next"] = self.request.GET.get("next", "")
        return context

    def get_success_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return str(self.success_url)

    def form_valid(self, form):
        # Saving the new password records it in the history and restarts the expiry clock
        # (accounts.passwords.PasswordHistoryValidator.password_changed).
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


def locked_out(request, response=None, credentials=None):
    """What a locked account sees (P-6): a page, or a JSON 403 for the API token view."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    message = _("This account is locked after too many failed sign-ins. Try again in %(minutes)d minutes.") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(message), "code": "account_locked"}, status=403)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=403)


# The role whose home page a user sees when they hold several, most specific first.
HOME_ORDER = [
    Role.STATION_STAFF,
    Role.COMPLIANCE_OFFICER,
    Role.GM_OFFICE,
    Role.SUPERVISOR,
    Role.TEAM_LEAD,
    Role.AGENT,
    Role.INTEGRATION_CLIENT,
]


def primary_role(user) -> str | None:
    for role in HOME_ORDER:
        if role.value in user.role_codes:
            return role.value
    return None


@login_required
def home(request):
    """The page made for the user's role: the dashboard (D-1: csc.dashboard) for the roles that have one, then the
    panels the apps register for the role (csc.home); to those who run the system, a warning when the scheduler
    has stopped (its pulse is on the system page). `?partial=dashboard` is the dashboard alone (its refresh)."""
    role = primary_role(request.user)
    board = None
    if role is not None and dashboard.has_panels(role):
        filters = scope_for(request.user, role, request.GET)
        for line in filters.messages:
            messages.warning(request, line)
        board = {
            "filters": filters,
            "sections": dashboard.sections_for(request.user, role, filters.scope),
            "built_at": timezone.now(),
            "refresh_seconds": settings.DASHBOARD_REFRESH_SECONDS,
        }
        if request.GET.get("partial") == "dashboard":
            return render(request, "dashboard/_board.html", {"board": board})
    pulse = scheduler_pulse() if may(request.user, "csc.view_operations") else None
    context = {
        "role": role,
        "role_label": Role(role).label if role else "",
        "board": board,
        "panels": panels_for(request.user, role),
        "pulse": pulse if pulse is not None and pulse.stale else None,
    }
    return render(request, "home.html", context)
