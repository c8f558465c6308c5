"""What every view reads off a request the same way."""

from __future__ import annotations


def client_ip(request) -> str | None:
    """The address the request came from (behind a proxy, the proxy sets REMOTE_ADDR; see BEHIND_TLS_PROXY)."""
    return request.META.get("REMOTE_ADDR") or None
