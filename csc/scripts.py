"""The call script's closing line, for pages outside the call centre that end a call (the repair intake).

The script lines live in the call centre (K-2; supervisors edit them, X-6). An app below it that shows the closing
line — /tickets/new — asks here; the call centre provides the reader from its AppConfig.ready(). One line, one home:
the desk's repair tab and /tickets/new read the same words.
"""

from __future__ import annotations

from collections.abc import Callable

_closing: Callable[..., str] | None = None


def provide_closing(reader: Callable[..., str]) -> None:
    """`reader(agent=user)` returns the closing line as that agent says it."""
    global _closing
    _closing = reader


def closing_line(agent) -> str:
    return _closing(agent=agent) if _closing is not None else ""
