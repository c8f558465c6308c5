from django.contrib import admin

from csc.history_admin import HistoryAdmin
from tickets.models import ServiceArea, Station


class AreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 0


@admin.register(Station)
class StationAdmin(HistoryAdmin):
    list_display = ["name", "code", "phone", "duty_mobile", "is_active", "sort_order"]
    inlines = [AreaInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ServiceArea)
class ServiceAreaAdmin(HistoryAdmin):
    list_display = ["station", "district", "street", "community", "building_from", "building_to", "is_active"]
    list_filter = ["station", "district"]

    def has_delete_permission(self, request, obj=None):
        return False
