"""The filter of a user's notification list: unread only (`?unread=1`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from csc.filters import FilterSet, FlagFilter


class NotificationFilter(FilterSet):
    unread = FlagFilter(label=_("Unread"), method="by_unread")

    def by_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=True) if value else queryset
