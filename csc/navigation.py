"""The role-aware navigation: one list of entries, each shown only to users holding its permission.

Each app registers its own entries from its AppConfig.ready() with `register`; `order` places an entry in the
bar (the centre's day from left to right: desk, customers, complaints, compliance, tickets, reports, operations).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from csc.permissions import may


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    perm: str | None  # None: every signed-in user
    order: int


ITEMS: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    """Add entries to the bar; an entry is keyed by its URL name, so registering it again replaces it."""
    for item in items:
        ITEMS[item.url_name] = item


def items_for(user) -> list[dict]:
    items = []
    for item in sorted(ITEMS.values(), key=lambda entry: (entry.order, entry.url_name)):
        if item.perm is not None and not may(user, item.perm):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "url_name": item.url_name})
    return items


register(
    NavItem(pgettext_lazy("navigation", "Home"), "home", None, 0),
    NavItem(_("API docs"), "api-docs", None, 1000),
)
