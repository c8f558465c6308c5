"""P-6: an expired password must be changed before anything else can be done."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
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
                response = HttpResponseRedirect(target)
                if request.headers.get("HX-Request"):
                    response["HX-Redirect"] = target
                return response
        return self.get_response(request)
