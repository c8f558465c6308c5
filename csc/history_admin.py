"""The admin base for every domain model with history: django-simple-history's, answering 404 to a malformed id.

SimpleHistoryAdmin's history pages pass the id from the URL straight into a query, so `/admin/…/x/history/`
failed with a 500 where Django's own change page answers "not found".
"""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


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
