from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"

    def ready(self):
        """Fill the ground's registries: object rules, navigation, home panels, escalation, report sections, the lists
        that export, demo."""
        from csc import demo as demo_registry
        from csc import exports, messaging
        from csc.navigation import SETTINGS, WORK, NavItem
        from csc.navigation import register as nav
        from tickets import dashboard, demo, escalation, home, report_sections, rules

        rules.register()
        nav(
            NavItem(_("Repair tickets"), "tickets:ticket_list", "tickets.dispatch_ticket", 140, WORK),
            NavItem(_("Our tickets"), "tickets:station_view", "tickets.work_ticket", 150, WORK),
            NavItem(_("Repair stations"), "tickets:station_list", "tickets.view_station", 160, SETTINGS),
            NavItem(_("Exception events"), "tickets:exception_list", "tickets.view_exceptionevent", 170, WORK),
            NavItem(_("Area outages"), "tickets:outage_list", "tickets.view_outage", 180, WORK),
        )
        exports.register_list("tickets", _("Repair tickets"))
        exports.register_list("exceptions", _("Exception events"))
        home.register_panels()
        dashboard.register_panels()
        escalation.register_item_types()
        report_sections.register()
        messaging.register_kind("complaint.exception", _("Complaint-type exception event"), email=True)
        demo_registry.register("stations", demo.load_stations, order=20)
        demo_registry.register("tickets", demo.load_demo, order=40)
