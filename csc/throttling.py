"""Rate limits that keep answering when the cache (Redis) cannot be reached.

DRF's throttles and the public status page count requests in the cache. Without a cache they would fail with a
500. Each limit says instead what it does while the cache is down:
- fail closed (the default): the request is refused as if over the limit (429), because the limit is what
  stops someone guessing (the public complaint status, C-13);
- fail open: the request goes on, where something else guards it (the token login: django-axes counts failed
  sign-ins in the database, P-6).
Either way the outage is logged.
"""

from __future__ import annotations

import logging

from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


def cache_down(what: str, exc: Exception) -> None:
    logger.warning("rate limit %s: cache unavailable (%s)", what, exc)


class CacheSafeThrottleMixin:
    """For a DRF throttle: refuse (or, with `fail_open`, allow) when the cache cannot be reached."""

    fail_open = False

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # noqa: BLE001  any error of the cache's client
            cache_down(type(self).__name__, exc)
            self.history = []  # what wait() reads
            return self.fail_open


class LoginRateThrottle(CacheSafeThrottleMixin, AnonRateThrottle):
    """The anonymous rate for the token login; open without a cache, where django-axes still locks accounts."""

    fail_open = True
