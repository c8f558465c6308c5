"""Which station covers an address (T-3): exactly one, none, or the candidates — never a guess.

How it stays right and fast:
- every service area stores `community_key` (the community name width-folded and spaceless), indexed;
- the address is folded the same way and every substring of its head (the text before the first digit,
  at most a few dozen characters) is looked up in ONE indexed `community_key IN (...)` query;
- the longest community name found wins (金宝花园北区 beats 金宝花园); the text before it may name the district
  or street (北京市顺义区…, 顺义…, 胜利街道…) and then narrows same-named communities to that place;
- the building number right after the name (3号楼 / 3栋 / 3幢 / 3号 / 3# / 3-2-501 / 三号楼) picks the area whose
  range covers it; a community split between stations without a building number is ambiguous, not guessed;
- when no community name matches, communities whose name starts with what was typed are offered as candidates
  (站前街 → 站前街小区), never chosen automatically.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from tickets.addresses import address_key, head_of, parse_building
from tickets.choices import RouteOutcome
from tickets.models import ServiceArea, Station

MAX_NAME = 30  # longest community name looked up (the column holds 60; real names are far shorter)
MAX_CANDIDATES = 20


@dataclass(frozen=True)
class Candidate:
    station: Station
    area: ServiceArea


@dataclass
class Route:
    """The routing answer: `station` is set only when exactly one station covers the address."""

    outcome: str
    station: Station | None = None
    area: ServiceArea | None = None
    candidates: list[Candidate] = field(default_factory=list)
    community: str = ""
    building: int | None = None
    partial: bool = False  # candidates come from a name only partly typed

    @property
    def is_exact(self) -> bool:
        return self.outcome == RouteOutcome.EXACT

    @property
    def candidate_stations(self) -> list[Station]:
        return list({c.station.pk: c.station for c in self.candidates}.values())

    @property
    def message(self) -> str:
        if self.outcome == RouteOutcome.EXACT:
            return _("Station %(station)s covers this address.") % {"station": self.station.name}
        if self.outcome == RouteOutcome.AMBIGUOUS:
            names = "、".join(s.name for s in self.candidate_stations)
            if self.partial:
                return _("No community has exactly this name; did you mean one of these? %(names)s") % {"names": names}
            if self.building is None and self.community:
                return _("%(community)s is covered by building: ask for the building number. Candidates: %(names)s") % {
                    "community": self.community,
                    "names": names,
                }
            return _("Several stations could cover this address: %(names)s. Ask the caller and choose one.") % {
                "names": names
            }
        if self.community:
            if self.building is None:
                return _("No station covers %(community)s without a building number.") % {"community": self.community}
            return _("No station covers building %(building)s of %(community)s.") % {
                "community": self.community,
                "building": self.building,
            }
        return _("No station covers this address.")


def _substrings(head: str) -> list[str]:
    keys = {head[i:j] for i in range(len(head)) for j in range(i + 2, min(len(head), i + MAX_NAME) + 1)}
    return sorted(keys)


def _active_areas():
    # no ORDER BY: the answer does not depend on row order (candidates are sorted by the caller if shown)
    return ServiceArea.objects.filter(is_active=True, station__is_active=True).select_related("station").order_by()


def _narrow_by_place(areas: list[ServiceArea], prefix: str) -> list[ServiceArea]:
    """Keep the areas whose district (then street) the text before the community names, if it names any."""
    for attribute in ("district_stem", "street_stem"):
        named = [a for a in areas if getattr(a, attribute) and getattr(a, attribute) in prefix]
        if named:
            areas = named
    return areas


def _answer(areas: list[ServiceArea], community: str, building: int | None) -> Route:
    if building is None:
        # without a building number only a community wholly held by one station is certain
        if len({a.station_id for a in areas}) == 1 and any(a.building_from is None for a in areas):
            area = next(a for a in areas if a.building_from is None)
            return Route(RouteOutcome.EXACT, area.station, area, [Candidate(area.station, area)], community)
        # split between stations, or only some buildings covered: ask for the building number
        return Route(RouteOutcome.AMBIGUOUS, candidates=[Candidate(a.station, a) for a in areas], community=community)
    covering = [a for a in areas if a.covers(building)]
    if len({a.station_id for a in covering}) == 1:
        area = covering[0]
        return Route(RouteOutcome.EXACT, area.station, area, [Candidate(area.station, area)], community, building)
    if not covering:
        return Route(RouteOutcome.NONE, community=community, building=building)
    return Route(
        RouteOutcome.AMBIGUOUS,
        candidates=[Candidate(a.station, a) for a in covering],
        community=community,
        building=building,
    )


def route_address(address: str) -> Route:
    """Route one address as typed. Two queries at most (one when a community name matches); no guessing."""
    key = address_key(address)
    head = head_of(key)
    if len(head) < 2:
        return Route(RouteOutcome.NONE)
    areas = list(_active_areas().filter(community_key__in=_substrings(head)))
    if areas:
        longest = max(len(a.community_key) for a in areas)
        names = {a.community_key for a in areas if len(a.community_key) == longest}
        if len(names) > 1:  # two different names of the same length both in the text: cannot tell which
            best = [a for a in areas if a.community_key in names]
            return Route(RouteOutcome.AMBIGUOUS, candidates=[Candidate(a.station, a) for a in best])
        name = names.pop()
        best = [a for a in areas if a.community_key == name]
        start = key.find(name)
        building = parse_building(key[start + len(name) :])
        best = _narrow_by_place(best, key[:start])
        return _answer(best, best[0].community, building)
    return _partial(head)


def _partial(head: str) -> Route:
    """No exact name: offer communities whose name starts with the end of what was typed (longest first)."""
    query = Q()
    tails = [head[i:] for i in range(len(head) - 1) if len(head) - i <= MAX_NAME]
    for tail in tails:
        query |= Q(community_key__startswith=tail)
    if not tails:
        return Route(RouteOutcome.NONE)
    found = list(_active_areas().filter(query).order_by("community_key")[: MAX_CANDIDATES * 5])
    for tail in tails:  # longest typed tail that matched anything
        matching = [a for a in found if a.community_key.startswith(tail)]
        if matching:
            return Route(
                RouteOutcome.AMBIGUOUS,
                candidates=[Candidate(a.station, a) for a in matching[:MAX_CANDIDATES]],
                partial=True,
            )
    return Route(RouteOutcome.NONE)
