from django.contrib import admin

from csc.history_admin import HistoryAdmin
from reports.models import ReportRecipient, ReportSnapshot


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    list_display = ["kind", "period_start", "period_end", "version", "trigger", "created_at", "emailed_at"]
    list_filter = ["kind", "trigger"]
    date_hierarchy = "period_start"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportRecipient)
class ReportRecipientAdmin(HistoryAdmin):
    list_display = ["kind", "user", "email", "is_active"]
    list_filter = ["kind", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False
