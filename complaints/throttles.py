"""The rate limits of the public complaint status (C-13), for its page and its API alike: one counter per caller
address and one per complaint number, shared by both, so asking through the other door gives no extra budget.
Both refuse while the cache is down (fail closed, csc/throttling.py): the limit is what stops guessing."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from csc.throttling import CacheSafeThrottleMixin


class StatusIpThrottle(CacheSafeThrottleMixin, SimpleRateThrottle):
    scope = "complaint_status"

    def get_rate(self):
        return settings.COMPLAINT_STATUS_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class StatusNumberThrottle(CacheSafeThrottleMixin, SimpleRateThrottle):
    """Guessing phones for one number is slowed whatever the caller's address."""

    scope = "complaint_status_number"

    def get_rate(self):
        return settings.COMPLAINT_STATUS_PER_NUMBER_RATE

    def get_cache_key(self, request, view):
        params = getattr(request, "query_params", request.GET)  # the API's request or the page's
        number = "".join(ch for ch in params.get("number", "")[:16] if ch.isdigit())
        return self.cache_format % {"scope": self.scope, "ident": number or "none"}


STATUS_THROTTLES = [StatusIpThrottle, StatusNumberThrottle]
