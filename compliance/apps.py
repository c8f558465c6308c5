from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    public_modules = ("confidentiality",)  # the levels of P-5: other apps' secret records ask `cleared_for`

    def ready(self):
        """Fill the ground's registries: navigation, home panels, escalation of loans and requests, demo; the export
        recorder (every export of a list is an ExportRecord) and the lists this app exports."""
        from compliance import demo, escalation, home, services
        from csc import demo as demo_registry
        from csc import exports
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
        exports.set_export_recorder(services.export_log_record)
        exports.register_list("customers", _("Customers"))
        exports.register_list("access_log", _("Access log"))
        exports.register_list("export_log", _("Export log"))
        home.register_panels()
        escalation.register_item_types()
        demo_registry.register("records_protection", demo.load_demo, order=70)
