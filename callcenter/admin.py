"""Admin views of the call centre: read and configure; nothing is ever deleted here (X-2, K-3)."""

from django.contrib import admin

from callcenter.models import (
    Call,
    CallEvent,
    FaqEntry,
    FaqSynonym,
    FaqVersion,
    HolidayGreeting,
    PendingQuestion,
    Recording,
    RecordingDeletion,
    Script,
)
from csc.admin_base import HistoryAdmin, NoDeleteMixin, ReadOnlyMixin


class CallEventInline(ReadOnlyMixin, admin.TabularInline):
    model = CallEvent
    extra = 0
    fields = ["event", "occurred_at", "agent_number", "cause", "received_at"]
    readonly_fields = fields


@admin.register(Call)
class CallAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["created_at", "direction", "status", "agent_number", "call_type", "ring_seconds", "hangup_cause"]
    list_filter = ["direction", "status", "call_type", "source"]
    search_fields = ["external_id", "agent_number"]
    readonly_fields = [
        "external_id",
        "queued_at",
        "ringing_at",
        "answered_at",
        "ended_at",
        "ring_seconds",
        "hangup_cause",
    ]
    raw_id_fields = ["agent", "customer"]
    inlines = [CallEventInline]


@admin.register(Recording)
class RecordingAdmin(ReadOnlyMixin, HistoryAdmin):
    list_display = ["call", "created_at", "content_type", "size_bytes", "duration_seconds", "deleted_at"]


@admin.register(RecordingDeletion)
class RecordingDeletionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "actor", "recording", "reason"]


@admin.register(Script)
class ScriptAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["kind", "text", "updated_at"]


@admin.register(HolidayGreeting)
class HolidayGreetingAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["holiday", "starts_on", "ends_on", "text", "is_active"]


class FaqVersionInline(ReadOnlyMixin, admin.TabularInline):
    model = FaqVersion
    extra = 0
    fields = ["version", "title", "changed_by", "changed_at", "reason"]
    readonly_fields = fields


@admin.register(FaqEntry)
class FaqEntryAdmin(ReadOnlyMixin, HistoryAdmin):
    """Standard answers change through the FAQ pages, which write a new version each time."""

    list_display = ["title", "version", "department", "is_active", "updated_at"]
    search_fields = ["title", "keywords"]
    inlines = [FaqVersionInline]


@admin.register(FaqSynonym)
class FaqSynonymAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["terms", "is_active"]


@admin.register(PendingQuestion)
class PendingQuestionAdmin(ReadOnlyMixin, HistoryAdmin):
    list_display = ["created_at", "question", "department", "status", "asked_by"]
    list_filter = ["status", "department"]
