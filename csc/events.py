"""Domain events: one app says "this happened", the apps above it react in the same transaction.

An app lower in the floor plan cannot import the apps that build on it (tickets cannot know callbacks), yet a
step of its records must start work there (a completed repair is called back, K-5). The lower app `emit`s a
named event from its service, inside the service's transaction; an app above subscribes from its
AppConfig.ready() with `on`. Handlers run synchronously, in subscription order, in the emitter's transaction:
if one raises, the whole step rolls back, so the step and its consequences are saved together or not at all.

The events and their keyword arguments (each emitter documents its own):
- `ticket.completed`: ticket, actor, at — a repair ticket was reported done 返单 (tickets.services.ticket_complete)
- `outage.closed`: outage, tickets (the linked tickets just completed), actor, at (tickets.outages.outage_close)
- `complaint.closed`: complaint, actor, at — a complaint reached "closed" (complaints.services)
- `ticket.called_back`: ticket, actor, at — the ticket's callback step was taken (tickets.services.ticket_callback)
- `complaint.callback_recorded`: complaint, actor, at — a callback was linked to the complaint
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[..., Any]
HANDLERS: dict[str, list[Handler]] = {}


def on(event: str, handler: Handler) -> None:
    """Subscribe `handler(**kwargs)` to an event; subscribing the same handler twice keeps one."""
    handlers = HANDLERS.setdefault(event, [])
    if handler not in handlers:
        handlers.append(handler)


def emit(event: str, **kwargs: Any) -> None:
    """Call every handler of the event now, in the caller's transaction; an exception propagates to the caller."""
    for handler in HANDLERS.get(event, ()):
        handler(**kwargs)
