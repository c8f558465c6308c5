from django.contrib import admin

from csc.admin_base import HistoryAdmin, NoDeleteMixin
from tickets.models import ServiceArea, Station


class AreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 0


@admin.register(Station)
class StationAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "code", "phone", "duty_mobile", "is_active", "sort_order"]
    inlines = [AreaInline]


@admin.register(ServiceArea)
class ServiceAreaAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["station", "district", "street", "community", "building_from", "building_to", "is_active"]
    list_filter = ["station", "district"]
