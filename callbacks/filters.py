"""The filters of the callback queue 回访 (the page, its exports and the API): one set for all three (D-2).

Without a status the list is the open callbacks, ready first (the calling order); `status=all` shows every one.
"""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from callbacks.choices import OPEN_STATUSES, Kind, Status
from csc.filters import DayFromFilter, DayToFilter, FilterSet, FlagFilter, IdFilter, SortFilter
from customers import phones

OPEN, ALL = "open", "all"
MINE, NOBODY = "mine", "none"


class CallbackFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("callback", "Status"),
        choices=[(OPEN, pgettext_lazy("callback", "Open")), (ALL, pgettext_lazy("callback", "All")), *Status.choices],
        method="keep",
    )
    kind = django_filters.ChoiceFilter(label=pgettext_lazy("callback", "Kind"), choices=Kind.choices)
    station = django_filters.CharFilter(label=pgettext_lazy("callback", "Station"), method="by_station", max_length=30)
    team = IdFilter(label=pgettext_lazy("callback", "Team"), field_name="team_id")
    assignee = django_filters.CharFilter(
        label=pgettext_lazy("callback", "Assigned to"),
        method="by_assignee",
        max_length=12,
        validators=[
            RegexValidator(r"^(mine|none|[1-9][0-9]{0,9})$", _("Give “mine”, “none” or the id of a member of staff."))
        ],
    )
    late = FlagFilter(label=pgettext_lazy("callback", "Late"), method="by_late")
    ready = FlagFilter(label=_("Ready to call"), method="by_ready")
    due_from = DayFromFilter(label=_("Due from"), field_name="due_at")
    due_to = DayToFilter(label=_("Due to"), field_name="due_at")
    done_from = DayFromFilter(label=_("Done from"), field_name="done_at")
    done_to = DayToFilter(label=_("Done to"), field_name="done_at")
    q = django_filters.CharFilter(label=pgettext_lazy("callback", "Search"), method="search", max_length=40)
    sort = SortFilter(
        label=pgettext_lazy("callback", "Sort"),
        columns={
            "reference": ("id",),
            "kind": ("kind", "queue_at"),
            "status": ("status", "queue_at"),
            "station": ("station__name", "queue_at"),
            "queue": ("queue_at",),
            "due": ("due_at",),
            "appointment": ("appointment_at",),
            "attempts": ("attempts", "queue_at"),
            "assignee": ("assignee__username", "queue_at"),
            "done": ("done_at",),
            "score": ("score",),
        },
    )

    @property
    def now(self):
        return self.context.setdefault("now", timezone.now())

    @property
    def user(self):
        return self.context.get("user") or getattr(self.request, "user", None)

    def keep(self, queryset, name, value):
        return queryset  # the status is applied once, with the other filters (see `filter_queryset`)

    def by_station(self, queryset, name, value):
        """A station by its id or its code."""
        return queryset.filter(station_id=value) if value.isdigit() else queryset.filter(station__code=value)

    def by_assignee(self, queryset, name, value):
        if value == MINE:
            return queryset.filter(assignee_id=getattr(self.user, "pk", None))
        if value == NOBODY:
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=int(value))

    def by_late(self, queryset, name, value):
        """Open and past the moment it escalates (the due time, or a later appointment)."""
        if value is None:
            return queryset
        late = Q(status__in=OPEN_STATUSES, deadline_at__lt=self.now)
        return queryset.filter(late) if value else queryset.exclude(late)

    def by_ready(self, queryset, name, value):
        """Open and in the queue now (not waiting for the retry time or an appointment)."""
        if value is None:
            return queryset
        ready = Q(status__in=OPEN_STATUSES, queue_at__lte=self.now)
        return queryset.filter(ready) if value else queryset.exclude(ready)

    def search(self, queryset, name, value):
        """The reference HF<id>, a repair ticket's number (BX…), a complaint's number or the resident's phone."""
        value = value.strip()
        if not value:
            return queryset
        upper = value.upper()
        if upper.startswith("HF"):
            digits = upper[2:].strip()
            return queryset.filter(pk=int(digits)) if digits.isdigit() and len(digits) < 10 else queryset.none()
        if upper.startswith("BX"):
            return queryset.filter(ticket__number=upper)
        number = phones.search_number(value)
        if value.isdigit():  # a complaint's number (26120001) may read as a phone number too: either matches
            return queryset.filter(Q(complaint__number=value) | Q(phone=number or value))
        return queryset.filter(phone=number) if number else queryset.none()

    def values(self) -> dict:
        return self.form.cleaned_data if self.is_bound and hasattr(self.form, "cleaned_data") else {}

    def filter_queryset(self, queryset):
        """The filtered rows: open ones unless a status is asked for."""
        status = self.values().get("status") or OPEN
        if status == OPEN:
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        elif status != ALL:
            queryset = queryset.filter(status=status)
        return super().filter_queryset(queryset)

    def default_sort_key(self, data: dict) -> str:
        """In calling order (the queue); the done and given-up lists read the latest first."""
        status = data.get("status") or OPEN
        return "-done" if status == Status.DONE else "-queue" if status == Status.GIVEN_UP else "queue"
