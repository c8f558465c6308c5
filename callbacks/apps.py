from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallbacksConfig(AppConfig):
    name = "callbacks"
    verbose_name = _("Callbacks")

    def ready(self):
        """Subscribe to the matters' events; fill the ground's registries: object rules, escalation, messages."""
        from callbacks import escalation, selectors, services
        from csc import events, messaging
        from csc.permissions import register_rules

        events.on("ticket.completed", services.on_ticket_completed)
        events.on("outage.closed", services.on_outage_closed)
        events.on("complaint.closed", services.on_complaint_closed)
        register_rules(
            "callbacks.callback", object_rule=selectors.callback_object_rule, scope_rule=selectors.callback_scope
        )
        escalation.register_item_types()
        messaging.register_kind(services.FOLLOW_UP_KIND, _("A callback reopened a repair or complaint"), email=True)
        # reports: 已回访 and the satisfaction figures (K-5), the satisfaction page, the demo's callbacks
        from callbacks import demo, report_sections
        from csc import demo as demo_registry
        from csc.navigation import REPORTS, NavItem
        from csc.navigation import register as nav

        report_sections.register()
        nav(NavItem(_("Callback satisfaction"), "callbacks:satisfaction", "callbacks.view_satisfaction", 90, REPORTS))
        demo_registry.register("callbacks", demo.load_demo, order=55)
