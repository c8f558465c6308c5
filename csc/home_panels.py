"""What each role's home page shows: a few aggregate figures and the shortcuts of that role's day."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from compliance.models import AccessLogEntry, Customer
from csc.permissions import scope
from tickets.models import ServiceArea, Station


def _today_start():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def panels_for(user, role: str | None) -> dict:
    """Context for templates/home/<role>.html; each branch runs a constant number of queries."""
    if role == Role.STATION_STAFF:
        station = scope(user, Station.objects.all()).first()
        areas = list(scope(user, ServiceArea.objects.filter(is_active=True))[:50]) if station else []
        return {"station": station, "areas": areas}
    if role in (Role.SUPERVISOR, Role.GM_OFFICE):
        stations = Station.objects.annotate(area_count=Count("areas", filter=Q(areas__is_active=True))).order_by(
            "sort_order", "name"
        )  # GROUP BY drops Meta.ordering
        return {
            "stations": stations,
            "customer_count": Customer.objects.filter(is_active=True).count(),
            "staff_count": User.objects.filter(is_active=True).count(),
        }
    if role == Role.COMPLIANCE_OFFICER:
        from compliance.selectors import compliance_figures

        return {
            "figures": compliance_figures(),
            "recent": AccessLogEntry.objects.select_related("user", "customer")[:10],
        }
    if role == Role.TEAM_LEAD:
        members = User.objects.filter(team__lead=user, is_active=True).order_by("agent_number")
        return {"members": members}
    if role == Role.AGENT:
        from callcenter.selectors import opening_script

        return {"greeting_number": user.agent_number or user.username, "opening": opening_script(agent=user)}
    return {}
