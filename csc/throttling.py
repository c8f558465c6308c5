"""Rate limits: DRF's throttles, used by the API and by pages alike (`throttled`), and kept answering when the
cache (Redis) cannot be reached.

A throttle counts requests in the cache under its scope and the caller, so a page and an API endpoint that use the
same throttle classes share one counter per caller. Without a cache the count would fail with a 500. Each limit
says instead what it does while the cache is down:
- fail closed (the default): the request is refused as if over the limit (429), because the limit is what
  stops someone guessing (the public complaint status, C-13);
- fail open: the request goes on, where something else guards it (the token login: django-axes counts failed
  sign-ins in the database, P-6).
Either way the outage is logged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

logger = logging.getLogger(__name__)


def cache_down(what: str, exc: Exception) -> None:
    logger.warning("rate limit %s: cache unavailable (%s)", what, exc)


if TYPE_CHECKING:
    _Throttle = SimpleRateThrottle  # what the mixin is mixed into
else:
    _Throttle = object


class CacheSafeThrottleMixin(_Throttle):
    """For a DRF throttle: refuse (or, with `fail_open`, allow) when the cache cannot be reached."""

    fail_open = False

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # noqa: BLE001  any error of the cache's client
            cache_down(type(self).__name__, exc)
            self.history = []  # what wait() reads
            return self.fail_open


def throttled(request, throttle_classes) -> bool:
    """For a page view: True when any of these DRF throttles refuses this request (each one counts it otherwise)."""
    return not all(throttle().allow_request(request, None) for throttle in throttle_classes)


class LoginRateThrottle(CacheSafeThrottleMixin, AnonRateThrottle):
    """The anonymous rate for the token login; open without a cache, where django-axes still locks accounts."""

    fail_open = True
