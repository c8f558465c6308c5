"""The supervisor's dashboard (SPEC D-1): the panels apps register, built for one user and one set of filters.

An app registers its panels from AppConfig.ready() with `register(DashboardPanel(...))`: the roles it is for, its
place, and `build(user, scope)` returning a `Section` — headline figures, each a link to the list behind it, and
charts, each with the table it draws (shown under the chart, printed instead of it, read by screen readers). A
panel reads a constant number of queries whatever the data's size. The quality work adds its QA-scores panel and
the incident work its open-incidents panel the same way; nothing here changes.

A figure that counts a list's rows is made by `list_figure`: it counts the rows of the list's own FilterSet with
the same query string its link carries, on the same base queryset the list page starts from, so the figure and
the list it opens cannot disagree.

The page is the home page of the roles that have panels (accounts.views.home); its body refreshes itself every
DASHBOARD_REFRESH_SECONDS (htmx) and says when it was built.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from csc.home import Figure
from csc.periods import days_bounds
from csc.permissions import may

MAX_DAYS = 366  # the longest period the filters accept


@dataclass(frozen=True)
class Scope:
    """What the dashboard is asked to show: local days first..last, optionally one station and one team."""

    first: date
    last: date
    station: int | None = None
    team: int | None = None
    now: datetime = field(default_factory=timezone.now)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        start, end = days_bounds(self.first, self.last)
        return start, min(end, max(start, self.now))

    @property
    def one_day(self) -> bool:
        return self.first == self.last

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def dates(self, *, first: str = "date_from", last: str = "date_to") -> dict:
        """The period as a list's query parameters."""
        return {first: self.first.isoformat(), last: self.last.isoformat()}


@dataclass(frozen=True)
class Series:
    name: str | Promise
    values: Sequence[float | int | None]
    kind: str = "bar"  # bar | line
    unit: str = ""  # "%" draws 0–100 on a second axis
    links: Sequence[str] = ()  # one per category: a click opens the list behind the bar


@dataclass(frozen=True)
class Chart:
    code: str
    title: str | Promise
    categories: Sequence[str]
    series: Sequence[Series]
    note: str | Promise = ""  # how the figures are defined (the help tooltip)
    stacked: bool = False

    def option(self) -> str:
        """The chart as JSON for static/js/dashboard.js (ECharts is configured there, once)."""
        return json.dumps(
            {
                "categories": [str(c) for c in self.categories],
                "stacked": self.stacked,
                "series": [
                    {
                        "name": str(s.name),
                        "kind": s.kind,
                        "unit": s.unit,
                        "values": list(s.values),
                        "links": list(s.links),
                    }
                    for s in self.series
                ],
            },
            ensure_ascii=False,
        )

    def rows(self) -> list[tuple[str, list]]:
        """The table view: one row per category, one column per series."""
        return [(str(c), [s.values[i] for s in self.series]) for i, c in enumerate(self.categories)]


@dataclass(frozen=True)
class Section:
    title: str | Promise
    figures: Sequence[Figure] = ()
    charts: Sequence[Chart] = ()
    note: str | Promise = ""  # the definitions of the figures, shown as the section's help
    link: str = ""  # the page with more (the K-10 figures, the satisfaction report)
    link_label: str | Promise = ""


@dataclass(frozen=True)
class DashboardPanel:
    code: str
    roles: frozenset[str]
    order: int
    build: Callable[[Any, Scope], Section | None]
    perm: str | None = None


PANELS: dict[str, DashboardPanel] = {}
_STATION_CHOICES: list[Callable[[Any], list[tuple[int, str]]]] = []


def provide_station_choices(provider: Callable[[Any], list[tuple[int, str]]]) -> None:
    """The app that owns the stations says which the user may choose (id, name)."""
    _STATION_CHOICES[:] = [provider]


def station_choices(user) -> list[tuple[int, str]]:
    return _STATION_CHOICES[0](user) if _STATION_CHOICES else []


def register(panel: DashboardPanel) -> None:
    PANELS[panel.code] = panel


def has_panels(role: str | None) -> bool:
    return any(role in panel.roles for panel in PANELS.values())


def sections_for(user, role: str | None, scope: Scope) -> list[Section]:
    sections = []
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.code)):
        if role not in panel.roles or (panel.perm is not None and not may(user, panel.perm)):
            continue
        section = panel.build(user, scope)
        if section is not None:
            sections.append(section)
    return sections


def list_url(url_name: str, params: dict) -> str:
    clean = {name: value for name, value in params.items() if value not in (None, "")}
    return reverse(url_name) + ("?" + urlencode(clean) if clean else "")


def list_figure(
    label: str | Promise, *, url_name: str, filterset_class, queryset, params: dict, request=None, **context
) -> Figure:
    """A figure that is the count of a list's rows: the list's FilterSet over the list's base queryset with the
    very parameters of the link."""
    clean = {name: str(value) for name, value in params.items() if value not in (None, "")}
    filterset = filterset_class(clean, queryset=queryset, request=request, **context)
    return Figure(filterset.qs.count(), label, list_url(url_name, clean))
