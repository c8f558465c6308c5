from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallbacksConfig(AppConfig):
    name = "callbacks"
    verbose_name = _("Callbacks")

    def ready(self):
        """Subscribe to the matters' events; fill the ground's registries: object rules, escalation, messages,
        navigation, the home panel, the reports' sections (已回访, satisfaction), the list that exports and the demo."""
        from callbacks import dashboard, demo, escalation, home, report_sections, selectors, services
        from csc import demo as demo_registry
        from csc import events, exports, messaging
        from csc.navigation import DESK, REPORTS, SETTINGS, NavItem
        from csc.navigation import register as nav
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
        nav(
            NavItem(_("Callbacks"), "callbacks:queue", "callbacks.view_callback", 25, DESK),
            NavItem(_("Callback satisfaction"), "callbacks:satisfaction", "callbacks.view_satisfaction", 90, REPORTS),
            NavItem(_("Callback settings"), "callbacks:settings", "callbacks.change_callbacksettings", 105, SETTINGS),
        )
        exports.register_list("callbacks", _("Callbacks"))
        home.register_panels()
        dashboard.register_panels()
        report_sections.register()
        demo_registry.register("callbacks_hold", demo.hold_matter_steps, order=35)
        demo_registry.register("callbacks", demo.load_demo, order=55)
