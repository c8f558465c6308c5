from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"

    def ready(self):
        """Fill the ground's registries: navigation, home panels, escalation of loans and requests, demo."""
        from compliance import demo, escalation, home
        from csc import demo as demo_registry
        from csc.navigation import DESK, WORK, NavItem
        from csc.navigation import register as nav

        nav(
            NavItem(_("Customers"), "compliance:customer_list", "customers.view_customer", 50, DESK),
            NavItem(_("Access log"), "compliance:access_log", "compliance.view_accesslogentry", 110, WORK),
            NavItem(
                _("Law-enforcement requests"), "compliance:enforcement_list", "compliance.view_enforcementrequest", 120
            ),
            NavItem(_("Archive loans"), "compliance:loan_list", "compliance.view_archiveloan", 130, WORK),
        )
        home.register_panels()
        escalation.register_item_types()
        demo_registry.register("records_protection", demo.load_demo, order=70)
