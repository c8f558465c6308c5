from django.contrib import admin

from csc.admin_base import HistoryAdmin, NoDeleteMixin, ReadOnlyMixin
from notifications.models import ChannelPreference, Delivery, Notification, SmsMessage, WebhookEndpoint


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Operational records: visible to inspect, never edited or deleted by hand."""


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


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(NoDeleteMixin, HistoryAdmin):
    """Switch an endpoint off instead of deleting it: its delivery log stays."""

    list_display = ["name", "owner", "url", "is_active", "created_at"]
    list_filter = ["is_active"]


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyMixin, HistoryAdmin):
    list_display = ["created_at", "to_masked", "status", "backend", "kind", "reference"]


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel", "enabled"]
    list_filter = ["channel", "enabled"]
