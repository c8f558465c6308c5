from django.contrib import admin

from csc.history_admin import HistoryAdmin
from notifications.models import ChannelPreference, Delivery, Escalation, Notification, WebhookEndpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    """Operational records: visible to inspect, never edited or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "address", "status", "attempts", "response_code", "last_error"]
    list_filter = ["channel", "status"]
    search_fields = ["address"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["escalated_at", "item_type", "item_id", "level"]
    list_filter = ["item_type", "level"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(HistoryAdmin):
    list_display = ["name", "owner", "url", "is_active", "created_at"]
    list_filter = ["is_active"]

    def has_delete_permission(self, request, obj=None):
        return False  # switch it off instead: its delivery log stays


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel", "enabled"]
    list_filter = ["channel", "enabled"]
