from django.contrib import admin

from complaints.models import (
    ApprovalLevel,
    Complaint,
    ComplaintCategory,
    ComplaintEntry,
    Department,
    SmsMessage,
)
from csc.history_admin import HistoryAdmin


class NoDeleteAdmin(HistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # nothing in the domain is hard-deleted


@admin.register(ComplaintCategory)
class CategoryAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "domestic_days", "foreign_days", "working_days", "is_active"]


@admin.register(Department)
class DepartmentAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "handles_internal", "is_active"]


@admin.register(ApprovalLevel)
class ApprovalLevelAdmin(NoDeleteAdmin):
    list_display = ["rank", "name", "max_amount"]
    filter_horizontal = ["members"]


@admin.register(Complaint)
class ComplaintAdmin(NoDeleteAdmin):
    """Read-only here: complaints change only through their workflow (pages and API)."""

    list_display = ["number", "status", "category", "owner", "registered_at", "due_at"]
    list_filter = ["status", "category", "channel", "severity"]
    search_fields = ["number"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ComplaintEntry)
class ComplaintEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "complaint", "kind", "author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SmsMessage)
class SmsMessageAdmin(NoDeleteAdmin):
    list_display = ["created_at", "to_masked", "status", "backend", "complaint"]

    def has_change_permission(self, request, obj=None):
        return False
