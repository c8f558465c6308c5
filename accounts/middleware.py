"""P-6: an expired password must be changed before anything else can be done; and a part of a page that refreshes
itself (htmx: the dashboard, the desk) whose session has ended sends the whole page to sign in."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.passwords import password_is_expired

EXPIRED_CODE = "password_expired"


def expired_message() -> str:
    return _("Your password has expired: change it before you go on.")


class PasswordExpiryMiddleware:
    """Signed-in users with an expired password are sent to the password change page (the API answers 403).

    Only what is needed to change the password, sign out or switch language stays open. Token-authenticated API
    calls are checked by accounts.api.authentication, since DRF authenticates them inside the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def _open_paths(self) -> tuple[str, ...]:
        return (
            reverse("password_change"),
            reverse("logout"),
            reverse("login"),
            reverse("set_language"),
            "/" + settings.STATIC_URL.lstrip("/"),
            "/healthz",
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and password_is_expired(user):
            if not request.path.startswith(self._open_paths()):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": expired_message(), "code": EXPIRED_CODE}, status=403)
                target = reverse("password_change")
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    target += "?" + urlencode({"next": request.get_full_path()})
                if request.headers.get("HX-Request"):
                    return whole_page_redirect(target)
                return HttpResponseRedirect(target)
        return self.get_response(request)


def whole_page_redirect(target: str) -> HttpResponse:
    """For an htmx request: send the whole page to `target`. A 302 would be followed by the browser and its answer
    swapped into the part that asked; htmx reads HX-Redirect from a plain answer instead."""
    response = HttpResponse(status=204)
    response["HX-Redirect"] = target
    return response


class HtmxSignInMiddleware:
    """When the session of a page that refreshes a part of itself has ended (idle time, sign-out elsewhere), the
    part's request is answered by the sign-in redirect: sent to the whole page, with the page to come back to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.headers.get("HX-Request") or response.status_code not in (301, 302):
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.get("Location", "")).path != login:
            return response
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = (current.path or "/") + (f"?{current.query}" if current.query else "")
        return whole_page_redirect(f"{login}?{urlencode({'next': back})}")
