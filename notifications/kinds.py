"""The kinds of notification and the channels each goes out on unless the user chose otherwise (R-5).

A kind is a short code (`complaint.critical`); every caller of `notify` names one. Registering a kind gives it
a label for the preferences page and its default channels; an unregistered kind still works (in-app and
webhook on, e-mail off) so that a new caller never loses a notification for want of a registration.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    email: bool = False  # sent by e-mail unless the user turned it off
    webhook: bool = True  # posted to the user's webhooks (integration accounts) unless turned off

    def default_for(self, channel: str) -> bool:
        if channel == Channel.EMAIL:
            return self.email
        if channel == Channel.WEBHOOK:
            return self.webhook
        return True


KINDS: dict[str, Kind] = {}


def register_kind(code: str, label: str | Promise, *, email: bool = False, webhook: bool = True) -> Kind:
    """Declare a kind once (idempotent: the same code registered again keeps the first declaration)."""
    if len(code) > 60:
        raise ValueError(f"notification kind {code!r} is longer than 60 characters")
    return KINDS.setdefault(code, Kind(code=code, label=label, email=email, webhook=webhook))


def kind(code: str) -> Kind:
    return KINDS.get(code) or Kind(code=code, label=code)


# Kinds other apps send through `notify`; the escalation item types register theirs in csc/escalation.py.
register_kind("complaint.critical", _("Critical complaint registered"), email=True)
register_kind("complaint.exception", _("Complaint-type exception event"), email=True)
register_kind("ticket.exception", _("Repair exception event"), email=False)
register_kind("report.ready", _("Report ready"), email=False)
register_kind("task.failed", _("Scheduled task failed"), email=True)
register_kind("password.expiring", _("Password about to expire"), email=True, webhook=False)
