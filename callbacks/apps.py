from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallbacksConfig(AppConfig):
    name = "callbacks"
    verbose_name = _("Callbacks")

    def ready(self):
        """Subscribe to the matters' events; fill the ground's registries: object rules, escalation, messages."""
        from callbacks import escalation, selectors, services
        from csc import events, messaging, navigation
        from csc.navigation import DESK, NavItem
        from csc.permissions import register_rules

        events.on("ticket.completed", services.on_ticket_completed)
        events.on("outage.closed", services.on_outage_closed)
        events.on("complaint.closed", services.on_complaint_closed)
        events.on("ticket.called_back", services.on_matter_called_back)
        events.on("complaint.callback_recorded", services.on_matter_called_back)
        register_rules(
            "callbacks.callback", object_rule=selectors.callback_object_rule, scope_rule=selectors.callback_scope
        )
        escalation.register_item_types()
        messaging.register_kind(services.FOLLOW_UP_KIND, _("A callback reopened a repair or complaint"), email=True)
        navigation.register(NavItem(_("Callbacks"), "callbacks:queue", "callbacks.view_callback", 25, DESK))
        self._register_pages()

    def _register_pages(self):
        """The survey side's entries: the settings in the SETTINGS menu, the home panel of agents and leads."""
        from callbacks import home
        from csc.navigation import SETTINGS, NavItem
        from csc.navigation import register as nav

        nav(NavItem(_("Callback settings"), "callbacks:settings", "callbacks.change_callbacksettings", 105, SETTINGS))
        home.register_panels()
