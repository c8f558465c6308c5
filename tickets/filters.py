"""The filters of the repair-ticket and exception-event lists, for their pages and the API alike."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from csc.filters import ChoicesFilter, DayFromFilter, DayToFilter, FilterSet, FlagFilter, IdFilter, SortFilter
from csc.periods import day_bounds
from customers import phones
from tickets.choices import UNFINISHED, Category, ExceptionType, FollowUp, Status
from tickets.selectors import due_condition, late_condition


class TicketFilter(FilterSet):
    station = django_filters.CharFilter(label=_("Station"), method="by_station", max_length=30)
    status = ChoicesFilter(label=_("Status"), choices=Status.choices, max_length=200)
    category = django_filters.ChoiceFilter(label=pgettext_lazy("repair", "Category"), choices=Category.choices)
    date_from = DayFromFilter(label=pgettext_lazy("repair", "From"), field_name="created_at")
    date_to = DayToFilter(label=pgettext_lazy("repair", "To"), field_name="created_at")
    late = FlagFilter(label=_("Late now"), method="by_late")
    open = FlagFilter(label=pgettext_lazy("repair", "Unfinished"), method="by_open")
    due_today = FlagFilter(label=pgettext_lazy("repair", "Due today"), method="by_due_today")
    q = django_filters.CharFilter(label=pgettext_lazy("repair", "Search"), method="search", max_length=100)
    sort = SortFilter(
        columns={
            "number": ("number",),
            "created": ("created_at",),
            "category": ("category",),
            "station": ("station__name",),
            "status": ("status",),
            "taken_by": ("created_by__username",),
        }
    )
    default_sort = "-created"

    @property
    def now(self):
        return self.context.setdefault("now", timezone.now())

    def by_open(self, queryset, name, value):
        """The repair is not done: waiting for dispatch or at the station (UNFINISHED)."""
        if value is None:
            return queryset
        return queryset.filter(status__in=UNFINISHED) if value else queryset.exclude(status__in=UNFINISHED)

    def by_due_today(self, queryset, name, value):
        """The current step's T-5 deadline falls on today (local day), passed already or not."""
        if not value:
            return queryset
        since, until = day_bounds(timezone.localdate(self.now))
        return queryset.filter(due_condition(since=since, until=until))

    def by_station(self, queryset, name, value):
        """A station by its id or its code."""
        return queryset.filter(station_id=value) if value.isdigit() else queryset.filter(station__code=value)

    def by_late(self, queryset, name, value):
        """Tickets past a T-5 limit now (any of the four, each answered from its partial index)."""
        if not value:
            return queryset
        return queryset.filter(late_condition(moment=self.now))

    def search(self, queryset, name, value):
        """One indexed condition chosen by the shape of what was typed (an OR of all three would scan the table)."""
        value = value.strip()
        if not value:
            return queryset
        number = phones.search_number(value)
        if value.upper().startswith("BX"):
            return queryset.filter(number=value.upper())
        if number:
            return queryset.filter(caller_phone=number)
        return queryset.filter(address__contains=value)  # trigram-indexed on PostgreSQL (migration 0005)


class ExceptionFilter(FilterSet):
    follow_up = django_filters.ChoiceFilter(label=pgettext_lazy("repair", "Follow-up"), choices=FollowUp.choices)
    type = ChoicesFilter(label=_("Type"), choices=ExceptionType.choices, max_length=400)
    station = IdFilter(label=_("Station"), field_name="station_id")
    date_from = DayFromFilter(label=pgettext_lazy("repair", "From"), field_name="raised_at")
    date_to = DayToFilter(label=pgettext_lazy("repair", "To"), field_name="raised_at")
    open = FlagFilter(label=_("Followed up now"), method="by_open")
    sort = SortFilter(
        columns={
            "raised": ("raised_at",),
            "type": ("type",),
            "ticket": ("ticket__number",),
            "station": ("station__name",),
            "follow_up": ("follow_up",),
            "raised_by": ("raised_by__username",),
        }
    )
    default_sort = "-raised"

    def by_open(self, queryset, name, value):
        """Open: the supervisor follows it up and it is not resolved yet (complaint-type events, T-6)."""
        if value is None:
            return queryset
        return queryset.filter(follow_up=FollowUp.OPEN) if value else queryset.exclude(follow_up=FollowUp.OPEN)
