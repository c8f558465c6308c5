"""Report sections: the figures each app contributes to the daily, weekly and monthly reports (R-2, R-3, C-11).

The reports app lays out, archives and sends reports; it knows no domain model. Each app registers the sections
it can fill from its AppConfig.ready() with `register_section`: a code, the report kinds it belongs to, and a
function that reads the period's figures with aggregate SQL and returns plain JSON values. `build` runs the
sections of one kind in order and merges what they return: the numbers under "totals" are added up (two apps may
both count callbacks), any other key is taken as given. A section whose figures the reports app does not lay out
itself (the seed's daily form is the reports app's) also gives `layout`: the figures, as archived, to tables —
blocks of {key, heading, header, rows, row_headers} that the page, print view and .xlsx all render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Period:
    """The days start..end inclusive, as local days, and the start of the heating season they fall in."""

    start: date
    end: date
    since: datetime  # start of the first day
    until: datetime  # start of the day after the last
    season_from: datetime


@dataclass(frozen=True)
class Section:
    code: str
    kinds: frozenset[str]
    build: Callable[[Period], dict]
    order: int
    layout: Callable[[dict], list[dict]] | None = None


SECTIONS: dict[str, Section] = {}


def register_section(
    code: str,
    *,
    kinds: set[str] | frozenset[str],
    build: Callable[[Period], dict],
    order: int,
    layout: Callable[[dict], list[dict]] | None = None,
) -> None:
    SECTIONS[code] = Section(code=code, kinds=frozenset(kinds), build=build, order=order, layout=layout)


def blocks(kind: str, data: dict) -> list[dict]:
    """The tables of every section of `kind` that lays out its own figures, in the sections' order."""
    found: list[dict] = []
    for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.code)):
        if kind in section.kinds and section.layout is not None:
            found += section.layout(data)
    return found


def build(kind: str, period: Period) -> tuple[dict, list[str]]:
    """The merged figures of every section registered for `kind`, and the codes of those that ran."""
    merged: dict = {"totals": {}}
    ran = []
    for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.code)):
        if kind not in section.kinds:
            continue
        for key, value in section.build(period).items():
            if key == "totals":
                for name, number in value.items():
                    merged["totals"][name] = merged["totals"].get(name, 0) + number
            else:
                merged[key] = value
        ran.append(section.code)
    return merged, ran
