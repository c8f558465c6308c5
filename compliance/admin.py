from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from compliance.models import AccessLogEntry, Customer, CustomerAddress, CustomerPhone


class PhoneInline(admin.TabularInline):
    model = CustomerPhone
    extra = 0


class AddressInline(admin.TabularInline):
    model = CustomerAddress
    extra = 0


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    list_display = ["id", "__str__", "account_number", "is_corporate", "is_active"]
    search_fields = ["account_number", "phones__number"]
    exclude = ["id_number"]  # shown whole only through the logged detail page
    inlines = [PhoneInline, AddressInline]

    def has_delete_permission(self, request, obj=None):
        return False  # nothing in the domain is hard-deleted


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "customer_id", "channel", "fields", "unmasked", "purpose"]
    list_filter = ["channel", "unmasked"]
    search_fields = ["user__username", "purpose"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
