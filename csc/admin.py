from django.contrib import admin

from csc.admin_base import ReadOnlyMixin
from csc.models import Escalation, Heartbeat

admin.site.site_header = "CSC"


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "runs"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["escalated_at", "item_type", "item_id", "level"]
    list_filter = ["item_type", "level"]
