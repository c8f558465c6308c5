"""Object rules for tickets, registered in csc.permissions: station staff see only their station's work (T-7)."""

from __future__ import annotations

from csc.permissions import is_station_bound


def ticket_object(user, ticket) -> bool:
    return not is_station_bound(user) or (ticket.station_id is not None and ticket.station_id == user.station_id)


def ticket_scope(user, queryset):
    return queryset.filter(station_id=user.station_id) if is_station_bound(user) else queryset


def exception_object(user, event) -> bool:
    return not is_station_bound(user) or (event.station_id is not None and event.station_id == user.station_id)


def exception_scope(user, queryset):
    return queryset.filter(station_id=user.station_id) if is_station_bound(user) else queryset


def outage_object(user, outage) -> bool:
    return not is_station_bound(user) or outage.station_id == user.station_id


def outage_scope(user, queryset):
    return queryset.filter(station_id=user.station_id) if is_station_bound(user) else queryset
