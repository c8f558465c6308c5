"""What a role's home page shows: the panels apps register, in order, each with its own template and figures.

An app registers its panels from AppConfig.ready() with `register(Panel(...))`: the roles it is for, where it
goes, the template of its card and the function that reads what the card shows (a constant number of queries,
independent of the data's size). A panel may also contribute figures — the big numbers at the top of the
page — by returning them under "figures"; they are shown together in one strip. The page itself
(accounts.views.home) only picks the user's role and renders what is registered for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from csc.permissions import may


@dataclass(frozen=True)
class Figure:
    """One big number with what it counts, linked to the list behind it when there is one."""

    value: Any
    label: str | Promise
    url: str = ""


@dataclass(frozen=True)
class Panel:
    code: str
    roles: frozenset[str]
    order: int
    template: str = ""  # the card, rendered with `panel` = what `build` returned; none: figures only
    build: Callable[[Any], dict] = field(default=lambda user: {})  # may hold "figures": [Figure, ...]
    perm: str | None = None  # shown only to users holding it


PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    PANELS[panel.code] = panel


def panels_for(user, role: str | None) -> dict:
    """{"figures": [...], "cards": [(template, context), ...]} for the user's home role, in registered order."""
    figures: list[Figure] = []
    cards: list[tuple[str, dict]] = []
    if role is None:
        return {"figures": figures, "cards": cards}
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.code)):
        if role not in panel.roles or (panel.perm is not None and not may(user, panel.perm)):
            continue
        context = dict(panel.build(user))
        figures.extend(context.pop("figures", []))
        if panel.template:
            cards.append((panel.template, context))
    return {"figures": figures, "cards": cards}
