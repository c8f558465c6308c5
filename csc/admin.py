from django.contrib import admin

from csc.models import Heartbeat

admin.site.site_header = "CSC"


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "runs"]
