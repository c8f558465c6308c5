"""The one place that answers "may this user do this to this object" — for pages and the API alike (X-1).

Two layers:
- capability: the Django permission the user's role groups hold (`app.codename`);
- object rules: per model, which rows of that model the user may touch (own station, own complaint).
  `scope(user, queryset)` applies the same rule set-based to a list, so lists and detail pages agree.

`access_or_404` returns the object or raises 404 for both "missing" and "forbidden" so that a number
guessed by someone who may not see it reveals nothing (zulip's access_*_by_id).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework.permissions import BasePermission

from accounts.roles import Role

ObjectRule = Callable[[Any, Model], bool]
ScopeRule = Callable[[Any, QuerySet], QuerySet]


def has_role(user, *roles: str) -> bool:
    """Whether the user holds any of the roles (superusers hold none implicitly, but may everything)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.role_codes.intersection(str(r) for r in roles))


def is_station_bound(user) -> bool:
    """Station staff see only their own station's work (T-7), whatever else they hold."""
    return has_role(user, Role.STATION_STAFF) and not user.is_superuser


# --- object rules, by model label ----------------------------------------------------------------------


def _station_object(user, station) -> bool:
    return not is_station_bound(user) or station.pk == user.station_id


def _station_scope(user, queryset):
    return queryset.filter(pk=user.station_id) if is_station_bound(user) else queryset


def _service_area_object(user, area) -> bool:
    return not is_station_bound(user) or area.station_id == user.station_id


def _service_area_scope(user, queryset):
    return queryset.filter(station_id=user.station_id) if is_station_bound(user) else queryset


def _ticket_rule(name: str):
    def rule(user, obj_or_queryset):
        from tickets import rules

        return getattr(rules, name)(user, obj_or_queryset)

    return rule


def _callcenter_rule(name: str):
    def rule(user, obj_or_queryset):
        from callcenter import rules

        return getattr(rules, name)(user, obj_or_queryset)

    return rule


def _complaint_object(user, complaint) -> bool:
    from complaints.selectors import complaint_object_rule

    return complaint_object_rule(user, complaint)


def _complaint_scope(user, queryset):
    from complaints.selectors import complaint_scope

    return complaint_scope(user, queryset)


OBJECT_RULES: dict[str, ObjectRule] = {
    "complaints.complaint": _complaint_object,
    "callcenter.call": _callcenter_rule("call_object"),
    "callcenter.recording": _callcenter_rule("recording_object"),
    "callcenter.consultation": _callcenter_rule("consultation_object"),
    "tickets.station": _station_object,
    "tickets.servicearea": _service_area_object,
    "tickets.ticket": _ticket_rule("ticket_object"),
    "tickets.exceptionevent": _ticket_rule("exception_object"),
    "tickets.outage": _ticket_rule("outage_object"),
}
SCOPE_RULES: dict[str, ScopeRule] = {
    "complaints.complaint": _complaint_scope,
    "callcenter.call": _callcenter_rule("call_scope"),
    "callcenter.recording": _callcenter_rule("recording_scope"),
    "callcenter.consultation": _callcenter_rule("consultation_scope"),
    "tickets.station": _station_scope,
    "tickets.servicearea": _service_area_scope,
    "tickets.ticket": _ticket_rule("ticket_scope"),
    "tickets.exceptionevent": _ticket_rule("exception_scope"),
    "tickets.outage": _ticket_rule("outage_scope"),
}


def may(user, perm: str, obj: Model | None = None) -> bool:
    """True when the user holds `perm` and, for an object, the object rule of its model allows it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not user.has_perm(perm):
        return False
    if obj is None:
        return True
    rule = OBJECT_RULES.get(obj._meta.label_lower)
    return rule is None or rule(user, obj)


def scope(user, queryset: QuerySet, perm: str | None = None) -> QuerySet:
    """The rows of `queryset` the user may see: none without the capability, then the model's scope rule."""
    model_label = queryset.model._meta.label_lower
    perm = perm or f"{queryset.model._meta.app_label}.view_{queryset.model._meta.model_name}"
    if not may(user, perm):
        return queryset.none()
    rule = SCOPE_RULES.get(model_label)
    return rule(user, queryset) if rule else queryset


def access_or_404(user, perm: str, queryset: QuerySet, **lookup) -> Model:
    """The one object matching `lookup` that the user may act on with `perm`; 404 when missing or forbidden."""
    try:
        obj = scope(user, queryset, perm).filter(**lookup).first()
    except (ValueError, TypeError, ValidationError):  # a malformed id from the request ("abc" for a number)
        raise Http404 from None
    if obj is None or not may(user, perm, obj):
        raise Http404
    return obj


class ActionPermission(BasePermission):
    """DRF permission driven by `view.required_perms = {action or method: "app.codename"}`.

    A view without an entry for the current action is refused: forgetting a rule closes the door.
    """

    def _perm_for(self, request, view) -> str | None:
        perms = getattr(view, "required_perms", {})
        action = getattr(view, "action", None)
        return perms.get(action) or perms.get(request.method)

    def has_permission(self, request, view) -> bool:
        perm = self._perm_for(request, view)
        return perm is not None and may(request.user, perm)

    def has_object_permission(self, request, view, obj) -> bool:
        perm = self._perm_for(request, view)
        return perm is not None and may(request.user, perm, obj)
