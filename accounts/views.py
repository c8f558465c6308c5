"""Sign-in and password change pages (P-6: expiry, reuse, lockout)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from accounts.passwords import password_expires_at, password_is_expired


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
    from django.conf import settings
    from django.http import JsonResponse
    from django.shortcuts import render

    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    message = _("This account is locked after too many failed sign-ins. Try again in %(minutes)d minutes.") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(message), "code": "account_locked"}, status=403)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=403)
