"""SMS gateways (SPEC C-13), chosen by the SMS_BACKEND setting; the SMS log and its delivery are notifications.sms.

A gateway is a class with `name` (its label in the SMS log: a provider's own name, or `label`) and `send(*, to, body) -> str` (the gateway's message id) that raises `SmsError`
on failure; name its dotted path in SMS_BACKEND. Gateways with `in_worker = True` are called from a Celery
worker, so a slow provider never holds up a web request. The embedded default, `csc.sms.OutboxBackend`, sends
nothing: the message stays in the SMS log, marked sent, and supervisors read it on the SMS outbox page.
Apps send through `csc.messaging.sms_send`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway refused or failed to take the message."""


class OutboxBackend:
    """The embedded default: the message stays in the outbox/log, marked sent; nothing leaves the machine."""

    name = "outbox"
    label = _("Built-in outbox (not sent out)")
    in_worker = False

    def send(self, *, to: str, body: str) -> str:
        logger.info("SMS to %s****: %s", to[:3], body)
        return ""


class LogBackend(OutboxBackend):
    """Like the outbox, and explicit in the log: for test systems that watch the log."""

    name = "log"
    label = _("Log only (not sent out)")


def backend_label(name: str) -> str:
    """What the SMS log shows for a gateway: the built-in ones in words, a real provider by its own name."""
    for backend in (OutboxBackend, LogBackend):
        if backend.name == name:
            return str(backend.label)
    return name


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "csc.sms.OutboxBackend"))()
