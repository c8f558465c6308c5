"""What every view reads off a request the same way, and how customer-facing answers choose their language."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.utils import translation


def client_ip(request) -> str | None:
    """The address the request came from (behind a proxy, the proxy sets REMOTE_ADDR; see BEHIND_TLS_PROXY)."""
    return request.META.get("REMOTE_ADDR") or None


def in_customers_language(view: Callable) -> Callable:
    """A view whose answer a customer reads (the public status page, the IVR's status answer) speaks the centre's
    language (LANGUAGE_CODE, zh-hans) whatever the request's Accept-Language or language cookie; staff pages
    follow the request. SMS texts do the same with `translation.override(settings.LANGUAGE_CODE)`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            response = view(*args, **kwargs)
            if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                response.render()
        response.headers["Content-Language"] = settings.LANGUAGE_CODE
        return response

    return wrapper
