from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        """Fill the two delivery ports of csc.messaging, and the navigation."""
        from csc import messaging
        from csc.navigation import SETTINGS, NavItem
        from csc.navigation import register as nav
        from notifications import services, sms

        messaging.set_notification_sender(lambda messages: len(services.notifications_create(messages=messages)))
        messaging.set_sms_sender(sms.sms_send)
        nav(
            NavItem(_("SMS outbox"), "notifications:sms_outbox", "notifications.view_smsmessage", 90, SETTINGS),
            NavItem(_("System status"), "notifications:failures", "csc.view_operations", 200, SETTINGS),
        )
