"""Outgoing webhooks: which URLs are allowed, how a body is signed, and one POST to a pinned address (R-5).

Only http(s). The host is resolved once and every address it resolves to must be public unless it falls in
WEBHOOK_ALLOWED_NETWORKS (an intranet's integration hosts, or 127.0.0.1 in tests); the request then goes to
that resolved address, so a DNS answer that changes between the check and the connection cannot reach a
private host. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SIGNATURE_HEADER = "X-CSC-Signature"
TIMESTAMP_HEADER = "X-CSC-Timestamp"


class WebhookRefused(Exception):
    """The target may never be called (scheme, private address): retrying cannot help."""


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(value, strict=False) for value in settings.WEBHOOK_ALLOWED_NETWORKS]


def address_is_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if any(ip in network for network in _allowed_networks()):
        return True
    return ip.is_global and not ip.is_multicast


def _split(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise WebhookRefused(_("Only http and https URLs may receive webhooks."))
    if not parts.hostname:
        raise WebhookRefused(_("The URL has no host."))
    if parts.username or parts.password:
        raise WebhookRefused(_("Credentials in the URL are not allowed; the body is signed instead."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise WebhookRefused(_("The URL's port is not valid.")) from None
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.scheme, parts.hostname, port, path


def resolve_allowed(url: str) -> tuple[str, str, int, str, str]:
    """(scheme, host, port, path, address to connect to) or WebhookRefused; OSError when the name does not resolve."""
    scheme, host, port, path = _split(url)
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    refused = [a for a in addresses if not address_is_allowed(a)]
    if refused or not addresses:
        raise WebhookRefused(_("The host resolves to a private or loopback address, which is not allowed."))
    return scheme, host, port, path, addresses[0]


def validate_webhook_url(url: str) -> None:
    """Form/model validation: scheme and, when the host is a literal address, that it is allowed."""
    try:
        _scheme, host, _port, _path = _split(url)
    except WebhookRefused as exc:
        raise ValidationError({"url": str(exc)}) from None
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        if host.lower() in {"localhost", "localhost.localdomain"} and not address_is_allowed("127.0.0.1"):
            raise ValidationError({"url": _("Loopback addresses are not allowed.")}) from None
        return
    if not address_is_allowed(str(literal)):
        raise ValidationError({"url": _("Private and loopback addresses are not allowed.")})


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>" — the receiver recomputes it to prove origin and freshness."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


@dataclass(frozen=True)
class PostResult:
    status: int


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address while verifying the certificate for the URL's host name."""

    def __init__(self, host: str, address: str, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, *, body: bytes, secret: str, delivery_id: int, timeout: float) -> PostResult:
    """POST the signed body once; raises WebhookRefused, OSError or http.client.HTTPException on failure."""
    scheme, host, port, path, address = resolve_allowed(url)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "CSC-Webhook/1",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        "X-CSC-Delivery": str(delivery_id),
        "Host": host if port in (80, 443) else f"{host}:{port}",
    }
    if scheme == "https":
        connection: http.client.HTTPConnection = _PinnedHTTPSConnection(
            host, address, port=port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(address, port=port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)
        return PostResult(status=response.status)
    finally:
        connection.close()
