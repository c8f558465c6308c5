"""Object rules of repair stations and their work (T-7): station staff see only their own station's.

Registered with csc.permissions from TicketsConfig.ready(); pages and the API get them through `may` / `scope`.
"""

from __future__ import annotations

from accounts.roles import Role
from csc.permissions import has_role, register_rules


def is_station_bound(user) -> bool:
    """Station staff see only their own station's work (T-7), whatever else they hold."""
    return has_role(user, Role.STATION_STAFF) and not user.is_superuser


def station_object(user, station) -> bool:
    return not is_station_bound(user) or station.pk == user.station_id


def station_scope(user, queryset):
    return queryset.filter(pk=user.station_id) if is_station_bound(user) else queryset


def _own_station_object(user, obj) -> bool:
    """A ticket, exception event, outage or service area: bound users see their station's, never an unrouted one."""
    return not is_station_bound(user) or (obj.station_id is not None and obj.station_id == user.station_id)


def _own_station_scope(user, queryset):
    return queryset.filter(station_id=user.station_id) if is_station_bound(user) else queryset


def register() -> None:
    register_rules("tickets.station", object_rule=station_object, scope_rule=station_scope)
    for model in ("servicearea", "ticket", "exceptionevent", "outage"):
        register_rules(f"tickets.{model}", object_rule=_own_station_object, scope_rule=_own_station_scope)
