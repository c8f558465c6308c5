from django.contrib import admin

from callbacks.models import Callback, CallbackAttempt, CallbackSettings
from csc.admin_base import HistoryAdmin, NoDeleteMixin, ReadOnlyMixin


@admin.register(CallbackSettings)
class CallbackSettingsAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["due_working_days", "max_attempts", "retry_minutes", "low_score", "hotline"]


@admin.register(Callback)
class CallbackAdmin(ReadOnlyMixin, HistoryAdmin):
    """Read-only here: callbacks change only through their workflow (pages and API)."""

    list_display = ["id", "kind", "status", "name", "due_at", "assignee", "done_at", "score"]
    list_filter = ["kind", "status"]


@admin.register(CallbackAttempt)
class CallbackAttemptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "callback", "outcome", "by"]
