from django.contrib import admin

from csc.admin_base import HistoryAdmin, NoDeleteMixin, ReadOnlyMixin
from reports.models import ReportRecipient, ReportSnapshot


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["kind", "period_start", "period_end", "version", "trigger", "created_at", "emailed_at"]
    list_filter = ["kind", "trigger"]
    date_hierarchy = "period_start"


@admin.register(ReportRecipient)
class ReportRecipientAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["kind", "user", "email", "is_active"]
    list_filter = ["kind", "is_active"]
