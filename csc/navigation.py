"""The role-aware navigation: entries grouped in a few menus, each entry shown only to users holding its permission.

Each app registers its own entries from its AppConfig.ready() with `register`, naming the menu the entry goes in —
the desk (the call in hand: desk, calls, customers, answers), work lists (complaints, tickets, records requests),
reports, settings (what supervisors and administrators set up) — and `order` places it within the menu. A menu
the user sees one entry of is shown as that entry; the page being read marks its entry and its menu.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from csc.permissions import may

DESK, WORK, REPORTS, SETTINGS = "desk", "work", "reports", "settings"
MENUS: dict[str, str | Promise] = {
    DESK: pgettext_lazy("navigation", "Desk"),
    WORK: pgettext_lazy("navigation", "Work lists"),
    REPORTS: pgettext_lazy("navigation", "Reports"),
    SETTINGS: pgettext_lazy("navigation", "Settings"),
}


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    perm: str | None  # None: every signed-in user
    order: int
    menu: str = WORK


ITEMS: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    """Add entries to the bar; an entry is keyed by its URL name, so registering it again replaces it."""
    for item in items:
        ITEMS[item.url_name] = item


def items_for(user) -> list[dict]:
    """The entries this user may open, menu by menu in the menus' order."""
    menu_rank = {code: rank for rank, code in enumerate(MENUS)}
    items = []
    for item in sorted(ITEMS.values(), key=lambda entry: (menu_rank.get(entry.menu, 99), entry.order, entry.url_name)):
        if item.perm is not None and not may(user, item.perm):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "url_name": item.url_name, "menu": item.menu})
    return items


def _current(items: list[dict], path: str) -> dict | None:
    """The entry of the page at `path`: the longest entry address that starts it, else an entry of the same section
    (/reports/monthly/ belongs to the reports' entry at /reports/daily/)."""
    starts = [i for i in items if i["url"] != "/" and path.startswith(i["url"])]
    if starts:
        return max(starts, key=lambda i: len(i["url"]))
    section = path.strip("/").split("/")[0]
    same = [i for i in items if section and i["url"].strip("/").split("/")[0] == section]
    return same[0] if len(same) == 1 else None


def menus_for(items: list[dict], path: str) -> list[dict]:
    """The menus of these entries, in order, with the entry of the page being read (and its menu) marked."""
    current = _current(items, path)
    menus: dict[str, dict] = {}
    for entry in items:
        item = {**entry, "current": current is not None and entry["url"] == current["url"]}
        menu = menus.setdefault(item["menu"], {"code": item["menu"], "label": MENUS.get(item["menu"], ""), "items": []})
        menu["items"].append(item)
        menu["current"] = menu.get("current", False) or item["current"]
    return list(menus.values())


register(NavItem(_("API docs"), "api-docs", "csc.view_api_docs", 1000, SETTINGS))
