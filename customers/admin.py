from django.contrib import admin

from csc.admin_base import HistoryAdmin, NoDeleteMixin
from customers.models import Customer, CustomerAddress, CustomerPhone


class PhoneInline(admin.TabularInline):
    model = CustomerPhone
    extra = 0


class AddressInline(admin.TabularInline):
    model = CustomerAddress
    extra = 0


@admin.register(Customer)
class CustomerAdmin(NoDeleteMixin, HistoryAdmin):
    """Nothing is deleted (X-2); the ID-card number is shown whole only through the logged detail page."""

    list_display = ["id", "__str__", "account_number", "is_corporate", "is_active"]
    search_fields = ["account_number", "phones__number"]
    exclude = ["id_number"]
    inlines = [PhoneInline, AddressInline]
