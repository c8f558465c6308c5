"""The admin bases every app uses: history with a 404 for a malformed id, and the two ways nothing is lost.

- `NoDeleteMixin`: nothing in the domain is hard-deleted (X-2): a record is closed or switched off instead.
- `ReadOnlyMixin`: logs and records that change only through their service (the access log, a complaint's
  workflow, deliveries) are read in the admin, never added, changed or deleted there.
`HistoryAdmin` is django-simple-history's admin: SimpleHistoryAdmin's history pages pass the id from the URL
straight into a query, so `/admin/…/x/history/` failed with a 500 where Django's own change page answers 404.
"""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoDeleteMixin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    def _valid_id_or_404(self, object_id) -> None:
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        self._valid_id_or_404(object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._valid_id_or_404(object_id)
        try:
            int(version_id)
        except (TypeError, ValueError):
            raise Http404 from None
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)
