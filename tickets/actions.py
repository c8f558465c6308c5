"""Each ticket action's input (validated by its serializer) and the one service that performs it.

The page's buttons and the API both run actions through `run_action`, so a field, a rule or an error message
exists once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import serializers

from tickets import services
from tickets.api import serializers as inputs
from tickets.models import Ticket


@dataclass(frozen=True)
class ActionSpec:
    input: type[serializers.Serializer]
    service: Callable[..., Ticket]


ACTION_SPECS: dict[str, ActionSpec] = {
    "dispatch": ActionSpec(inputs.TicketDispatchInput, services.ticket_dispatch),
    "accept": ActionSpec(inputs.TicketAcceptInput, services.ticket_accept),
    "reject": ActionSpec(inputs.TicketRejectInput, services.ticket_reject),
    "contact": ActionSpec(inputs.TicketContactInput, services.ticket_contact),
    "arrive": ActionSpec(inputs.TicketNoteInput, services.ticket_arrive),
    "complete": ActionSpec(inputs.TicketCompleteInput, services.ticket_complete),
    "callback": ActionSpec(inputs.TicketNoteInput, services.ticket_callback),
    "close": ActionSpec(inputs.TicketNoteInput, services.ticket_close),
}


def run_action(name: str, *, ticket: Ticket, actor, data) -> Ticket:
    """Validate `data` (a JSON body or a page's POST) for action `name` and perform it; raises the serializer's
    ValidationError (400 per field), the service's ValidationError, DomainError (409) or PermissionDenied (403)."""
    spec = ACTION_SPECS[name]
    serializer = spec.input(data=data)
    serializer.is_valid(raise_exception=True)
    return spec.service(ticket=ticket, actor=actor, **serializer.validated_data)
