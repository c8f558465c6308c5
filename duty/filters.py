"""The filters of the duty lists (the pages, their exports and the API): one set per list (D-2)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from csc.filters import DateFieldFilter, DayFromFilter, DayToFilter, FilterSet, FlagFilter, IdFilter, SortFilter
from duty.choices import HandoverState, IncidentKind, IncidentState, SwapState


class IncidentFilter(FilterSet):
    kind = django_filters.ChoiceFilter(label=pgettext_lazy("incident", "Kind"), choices=IncidentKind.choices)
    state = django_filters.ChoiceFilter(label=pgettext_lazy("incident", "State"), choices=IncidentState.choices)
    date_from = DayFromFilter(label=pgettext_lazy("incident", "Started from"), field_name="started_at")
    date_to = DayToFilter(label=pgettext_lazy("incident", "Started to"), field_name="started_at")
    sort = SortFilter(
        label=pgettext_lazy("incident", "Sort"),
        columns={"started": ("started_at",), "kind": ("kind", "started_at"), "state": ("state", "started_at")},
    )
    default_sort = "-started"


class HandoverFilter(FilterSet):
    state = django_filters.ChoiceFilter(label=pgettext_lazy("duty", "State"), choices=HandoverState.choices)
    agent = IdFilter(label=pgettext_lazy("duty", "Agent"), method="by_agent")
    date_from = DateFieldFilter(label=pgettext_lazy("duty", "Day from"), field_name="day", lookup_expr="gte")
    date_to = DateFieldFilter(label=pgettext_lazy("duty", "Day to"), field_name="day", lookup_expr="lte")
    sort = SortFilter(
        label=pgettext_lazy("duty", "Sort"),
        columns={"started": ("started_at",), "day": ("day", "shift__order"), "state": ("state", "started_at")},
    )
    default_sort = "-started"

    def by_agent(self, queryset, name, value):
        return queryset.filter(Q(outgoing_id=value) | Q(incoming_id=value))


class SwapFilter(FilterSet):
    state = django_filters.ChoiceFilter(label=pgettext_lazy("swap", "State"), choices=SwapState.choices)
    sort = SortFilter(
        label=pgettext_lazy("swap", "Sort"),
        columns={"asked": ("requested_at",), "day": ("entry__day", "requested_at"), "state": ("state", "requested_at")},
    )
    default_sort = "-asked"


class DutyLogFilter(FilterSet):
    signed = FlagFilter(label=_("Signed by the lead"), method="by_signed")
    date_from = DateFieldFilter(label=pgettext_lazy("duty", "Day from"), field_name="day", lookup_expr="gte")
    date_to = DateFieldFilter(label=pgettext_lazy("duty", "Day to"), field_name="day", lookup_expr="lte")
    sort = SortFilter(label=pgettext_lazy("duty", "Sort"), columns={"day": ("day",)}, tie_breaker="id")
    default_sort = "-day"

    def by_signed(self, queryset, name, value):
        return queryset.filter(signed_at__isnull=not value)
