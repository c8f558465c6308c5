from django.contrib import admin

from complaints.models import (
    ApprovalLevel,
    Complaint,
    ComplaintCategory,
    ComplaintEntry,
    Department,
)
from csc.admin_base import HistoryAdmin, NoDeleteMixin, ReadOnlyMixin


class NoDeleteAdmin(NoDeleteMixin, HistoryAdmin):
    pass


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
class ComplaintAdmin(ReadOnlyMixin, HistoryAdmin):
    """Read-only here: complaints change only through their workflow (pages and API)."""

    list_display = ["number", "status", "category", "owner", "registered_at", "due_at"]
    list_filter = ["status", "category", "channel", "severity"]
    search_fields = ["number"]


@admin.register(ComplaintEntry)
class ComplaintEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "complaint", "kind", "author"]
