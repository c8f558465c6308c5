"""Platform pages: the health check for the load balancer (the home page is accounts.views.home)."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from csc import health


@never_cache
@require_GET
def healthz(request):
    """200 with each part's status when the database and the broker answer; 503 naming the one that does not."""
    parts = {"database": health.database_status(), "broker": health.broker_status()}
    healthy = all(value == "ok" for value in parts.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **parts}, status=200 if healthy else 503)
