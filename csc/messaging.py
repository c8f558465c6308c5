"""How any app tells people something without knowing how it is carried (R-5, C-13).

- Notification kinds: a kind is a short code (`complaint.critical`) every caller of `notify` names. The app that
  sends it registers it from its AppConfig.ready() with a label for the preferences page and its default
  channels. An unregistered kind still works (in-app and webhook on, e-mail off), so a new caller never loses a
  notification for want of a registration.
- SMS kinds: what each text message is about (`complaint.registered`), labelled on the SMS log.
- Two delivery ports: `notify` / `notifications_send` and `sms_send` hand the work to whatever filled the port.
  The notifications app fills both from its ready() (in-app rows, e-mail and webhooks; the SMS log and gateway),
  so the ground and the domain apps never import it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise

logger = logging.getLogger(__name__)


# --- notification kinds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    email: bool = False  # sent by e-mail unless the user turned it off
    webhook: bool = True  # posted to the user's webhooks (integration accounts) unless turned off

    def default_for(self, channel: str) -> bool:
        if channel == "email":
            return self.email
        if channel == "webhook":
            return self.webhook
        return True  # in the app


KINDS: dict[str, Kind] = {}


def register_kind(code: str, label: str | Promise, *, email: bool = False, webhook: bool = True) -> Kind:
    """Declare a kind once (idempotent: the same code registered again keeps the first declaration)."""
    if len(code) > 60:
        raise ValueError(f"notification kind {code!r} is longer than 60 characters")
    return KINDS.setdefault(code, Kind(code=code, label=label, email=email, webhook=webhook))


def kind(code: str) -> Kind:
    return KINDS.get(code) or Kind(code=code, label=code)


# --- notifications --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One notification to one user, before it is written."""

    recipient_id: int
    kind: str
    title: str
    body: str = ""
    url: str = ""
    target_type_id: int | None = None
    target_id: str = ""


NotificationSender = Callable[[Sequence[Message]], int]
_notification_sender: NotificationSender | None = None


def set_notification_sender(sender: NotificationSender) -> None:
    """Fill the port (the notifications app, from its ready())."""
    global _notification_sender
    _notification_sender = sender


def notifications_send(messages: Sequence[Message]) -> int:
    """Write and deliver many notifications; returns how many were written (0 when no app fills the port)."""
    if not messages:
        return 0
    if _notification_sender is None:
        logger.warning("no notification sender installed: %d notifications dropped", len(messages))
        return 0
    return _notification_sender(messages)


def _recipient_ids(recipients) -> list[int]:
    if isinstance(recipients, models.QuerySet):
        return list(recipients.values_list("pk", flat=True))
    ids = [recipient if isinstance(recipient, int) else recipient.pk for recipient in recipients]
    return list(dict.fromkeys(i for i in ids if i is not None))


def target_of(target: models.Model | None) -> tuple[int | None, str]:
    """(content type id, primary key) of the record a message is about."""
    if target is None:
        return None, ""
    return ContentType.objects.get_for_model(target, for_concrete_model=False).pk, str(target.pk)


def notify(*, recipients: Iterable[Any], kind: str, title: str, body: str = "", url: str = "", target=None) -> int:
    """Notify users: one in-app row each, e-mail/webhook deliveries per their choices, sent after commit.

    `recipients` is an iterable of users or user ids, or a queryset of users; inactive users are skipped.
    Returns the number of notifications created.
    """
    target_type_id, target_id = target_of(target)
    return notifications_send(
        [
            Message(
                recipient_id=user_id,
                kind=kind,
                title=title,
                body=body,
                url=url,
                target_type_id=target_type_id,
                target_id=target_id,
            )
            for user_id in _recipient_ids(recipients)
        ]
    )


def absolute_url(path: str) -> str:
    """A link for an e-mail, a webhook or a text message: the site's address in front of a path."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.CSC_SITE_URL.rstrip("/") + "/" + path.lstrip("/")


# --- SMS ------------------------------------------------------------------------------------------------

SMS_KINDS: dict[str, str | Promise] = {}


def register_sms_kind(code: str, label: str | Promise) -> None:
    """Declare what a kind of text message is about, for the SMS log (idempotent)."""
    SMS_KINDS.setdefault(code, label)


def sms_kind_label(code: str) -> str | Promise:
    return SMS_KINDS.get(code, code)


SmsSender = Callable[..., Any]
_sms_sender: SmsSender | None = None


def set_sms_sender(sender: SmsSender) -> None:
    """Fill the port (the notifications app, from its ready())."""
    global _sms_sender
    _sms_sender = sender


def sms_send(*, to: str, body: str, kind: str, target: models.Model | None = None, url: str = "", reference: str = ""):
    """Log one text message in the caller's transaction and hand it to the gateway after commit; returns the log row.

    `target` is the record the message is about; `reference` is how people name it (a complaint number) and
    `url` where it is seen, both shown on the SMS log.
    """
    if _sms_sender is None:
        raise RuntimeError("No SMS sender is installed (the notifications app fills it from its ready()).")
    return _sms_sender(to=to, body=body, kind=kind, target=target, url=url, reference=reference)
