from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        """Fill the ground's registries: navigation, the "report ready" notification, demo reports."""
        from csc import demo as demo_registry
        from csc import messaging
        from csc.navigation import REPORTS, NavItem
        from csc.navigation import register as nav
        from reports import demo

        nav(NavItem(_("Reports"), "reports:daily", "reports.view_report", 190, REPORTS))
        messaging.register_kind("report.ready", _("Report ready"), email=False)
        demo_registry.register("reports", demo.load_demo, order=80)
