"""The one place that answers "may this user do this to this object" — for pages and the API alike (X-1).

Two layers:
- capability: the Django permission the user's role groups hold (`app.codename`);
- object rules: per model, which rows of that model the user may touch (own station, own complaint).
  `scope(user, queryset)` applies the same rule set-based to a list, so lists and detail pages agree.

The object rules belong to the app that owns the model: it registers them from its AppConfig.ready() with
`register_rules`, so this module knows no app. A model without rules is governed by the capability alone.

`access_or_404` returns the object or raises 404 for both "missing" and "forbidden" so that a number
guessed by someone who may not see it reveals nothing (zulip's access_*_by_id).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework.permissions import BasePermission

ObjectRule = Callable[[Any, Any], bool]
ScopeRule = Callable[[Any, QuerySet], QuerySet]


@dataclass(frozen=True)
class Rules:
    """Which rows of one model a user may touch: one object at a time, and a whole queryset at once."""

    object_rule: ObjectRule
    scope_rule: ScopeRule


RULES: dict[str, Rules] = {}


def register_rules(model_label: str, *, object_rule: ObjectRule, scope_rule: ScopeRule) -> None:
    """Declare the object rules of one model ("app_label.modelname"); both must say the same thing."""
    RULES[model_label.lower()] = Rules(object_rule=object_rule, scope_rule=scope_rule)


def has_role(user, *roles: str) -> bool:
    """Whether the user holds any of the roles (superusers hold none implicitly, but may everything)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.role_codes.intersection(str(r) for r in roles))


def may(user, perm: str, obj: Model | None = None) -> bool:
    """True when the user holds `perm` and, for an object, the object rule of its model allows it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not user.has_perm(perm):
        return False
    if obj is None:
        return True
    rules = RULES.get(obj._meta.label_lower)
    return rules is None or rules.object_rule(user, obj)


def scope(user, queryset: QuerySet, perm: str | None = None) -> QuerySet:
    """The rows of `queryset` the user may see: none without the capability, then the model's scope rule."""
    model_label = queryset.model._meta.label_lower
    perm = perm or f"{queryset.model._meta.app_label}.view_{queryset.model._meta.model_name}"
    if not may(user, perm):
        return queryset.none()
    rules = RULES.get(model_label)
    return rules.scope_rule(user, queryset) if rules else queryset


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
