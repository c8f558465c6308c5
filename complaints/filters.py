"""The filters of the complaint lists (the list, "my complaints", the API), one set for pages and API (D-2)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from complaints.choices import OPEN_STATUSES, Channel, Kind, Status
from complaints.selectors import callbacks_due
from csc.filters import DayFromFilter, DayToFilter, FilterSet, FlagFilter, IdFilter, SortFilter
from csc.periods import day_bounds
from customers import phones


class ComplaintFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[("open", pgettext_lazy("complaint", "Open")), *Status.choices], method="by_status"
    )
    category = IdFilter(label=pgettext_lazy("complaint", "Category"), field_name="category_id")
    owner = IdFilter(label=_("Owner"), field_name="owner_id")
    channel = django_filters.ChoiceFilter(label=pgettext_lazy("complaint", "Channel"), choices=Channel.choices)
    kind = django_filters.ChoiceFilter(label=pgettext_lazy("complaint", "Kind"), choices=Kind.choices)
    open = FlagFilter(label=pgettext_lazy("complaint", "Not closed"), method="by_open")
    overdue = FlagFilter(label=pgettext_lazy("complaint", "Overdue"), method="by_overdue")
    due_today = FlagFilter(label=_("Due today"), method="by_due_today")
    reply_overdue = FlagFilter(label=_("Reply overdue"), method="by_reply_overdue")
    callback_due = FlagFilter(label=_("Callback due"), method="by_callback_due")
    registered_from = DayFromFilter(label=_("Registered from"), field_name="registered_at")
    registered_to = DayToFilter(label=_("Registered to"), field_name="registered_at")
    q = django_filters.CharFilter(label=pgettext_lazy("complaint", "Search"), method="search", max_length=100)
    sort = SortFilter(
        columns={
            "number": ("number",),
            "subject": ("subject",),
            "category": ("category__name",),
            "status": ("status",),
            "owner": ("owner__username",),
            "registered": ("registered_at",),
            "due": ("due_at",),
            "reply": ("next_reply_due_at",),
        }
    )

    @property
    def now(self):
        return self.context.setdefault("now", timezone.now())

    def by_status(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATUSES) if value == "open" else queryset.filter(status=value)

    def by_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSES) if value else queryset.exclude(status__in=OPEN_STATUSES)

    def by_overdue(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATUSES, due_at__lt=self.now) if value else queryset

    def by_due_today(self, queryset, name, value):
        if not value:
            return queryset
        start, end = day_bounds(timezone.localdate(self.now))
        return queryset.filter(status__in=OPEN_STATUSES, due_at__gte=start, due_at__lt=end)

    def by_reply_overdue(self, queryset, name, value):
        """C-6: the promised (or first) reply time has passed without a reply."""
        return queryset.filter(status__in=OPEN_STATUSES, next_reply_due_at__lt=self.now) if value else queryset

    def by_callback_due(self, queryset, name, value):
        return callbacks_due(queryset=queryset) if value else queryset

    def search(self, queryset, name, value):
        """A number, a phone number (any spelling) or words of the subject."""
        value = value.strip()
        if not value:
            return queryset
        number = phones.search_number(value)
        if value.isdigit() or number:
            return queryset.filter(Q(number=value) | Q(complainant_phone=number or value))
        return queryset.filter(subject__icontains=value)

    def default_sort_key(self, data: dict) -> str:
        """Overdue and due-today lists read most urgent first (and walk the open rows' deadline index); the others
        newest first."""
        if data.get("reply_overdue"):
            return "reply"
        if data.get("overdue") or data.get("due_today"):
            return "due"
        return "-registered"
