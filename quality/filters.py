"""The filters of the quality lists (the pages, their exports and the API): one set per list (D-2)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from csc.filters import DateFieldFilter, DayFromFilter, DayToFilter, FilterSet, FlagFilter, IdFilter, SortFilter
from quality.choices import MarkKind, MarkSource, MarkState, Purpose


class SpotCheckFilter(FilterSet):
    agent = IdFilter(label=_("Agent"), field_name="agent_id")
    checker = IdFilter(label=_("Checked by"), field_name="checker_id")
    team = IdFilter(label=pgettext_lazy("quality", "Team"), field_name="agent__team_id")
    sheet = IdFilter(label=_("Score sheet"), field_name="sheet_version__sheet_id")
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=Purpose.choices)
    zeroed = FlagFilter(label=_("Scored zero"), field_name="zeroed")
    acknowledged = FlagFilter(label=_("Acknowledged"), method="by_acknowledged")
    date_from = DayFromFilter(label=pgettext_lazy("quality", "Checked from"), field_name="checked_at")
    date_to = DayToFilter(label=pgettext_lazy("quality", "Checked to"), field_name="checked_at")
    sort = SortFilter(
        label=pgettext_lazy("quality", "Sort"),
        columns={
            "checked": ("checked_at",),
            "agent": ("agent__agent_number", "checked_at"),
            "checker": ("checker__username", "checked_at"),
            "score": ("score", "checked_at"),
            "deducted": ("deducted", "checked_at"),
            "acknowledged": ("acknowledged_at",),
        },
    )
    default_sort = "-checked"

    def by_acknowledged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(acknowledged_at__isnull=not value, purpose=Purpose.CHECK)


class MarkFilter(FilterSet):
    agent = IdFilter(label=_("Agent"), field_name="agent_id")
    team = IdFilter(label=pgettext_lazy("quality", "Team"), field_name="agent__team_id")
    kind = django_filters.ChoiceFilter(label=pgettext_lazy("quality", "Kind"), choices=MarkKind.choices)
    type = django_filters.CharFilter(
        label=pgettext_lazy("quality", "Type"), field_name="error_type__code", max_length=30
    )
    source = django_filters.ChoiceFilter(label=pgettext_lazy("quality", "Source"), choices=MarkSource.choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=MarkState.choices)
    date_from = DateFieldFilter(
        label=pgettext_lazy("quality", "Day from"),
        field_name="occurred_on",
        lookup_expr="gte",
    )
    date_to = DateFieldFilter(label=pgettext_lazy("quality", "Day to"), field_name="occurred_on", lookup_expr="lte")
    sort = SortFilter(
        label=pgettext_lazy("quality", "Sort"),
        columns={
            "day": ("occurred_on",),
            "agent": ("agent__agent_number", "occurred_on"),
            "type": ("error_type__order", "occurred_on"),
            "amount": ("amount", "occurred_on"),
            "state": ("state", "occurred_on"),
        },
    )
    default_sort = "-day"


class TypingTestFilter(FilterSet):
    agent = IdFilter(label=_("Agent"), field_name="agent_id")
    team = IdFilter(label=pgettext_lazy("quality", "Team"), field_name="agent__team_id")
    date_from = DateFieldFilter(label=pgettext_lazy("quality", "Day from"), field_name="tested_on", lookup_expr="gte")
    date_to = DateFieldFilter(label=pgettext_lazy("quality", "Day to"), field_name="tested_on", lookup_expr="lte")
    sort = SortFilter(
        label=pgettext_lazy("quality", "Sort"),
        columns={
            "day": ("tested_on",),
            "agent": ("agent__agent_number", "tested_on"),
            "english": ("english_per_minute", "tested_on"),
            "chinese": ("chinese_per_minute", "tested_on"),
        },
    )
    default_sort = "-day"


class RecordingGapFilter(FilterSet):
    """Calls without a playable recording: the days come from the page (default: the last seven)."""

    agent = IdFilter(label=_("Agent"), field_name="agent_id")
    team = IdFilter(label=pgettext_lazy("quality", "Team"), field_name="agent__team_id")
    sort = SortFilter(
        label=pgettext_lazy("quality", "Sort"),
        columns={"time": ("created_at",), "agent": ("agent__agent_number", "created_at")},
    )
    default_sort = "-time"
