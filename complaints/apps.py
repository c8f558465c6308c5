from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"

    def ready(self):
        """Fill the ground's registries: object rules, navigation, home panel, escalation, reports, messages, the lists
        that export, demo."""
        from complaints import dashboard, demo, escalation, home, report_sections, selectors
        from complaints.services import SMS_REGISTERED
        from csc import demo as demo_registry
        from csc import exports, messaging
        from csc.navigation import REPORTS, SETTINGS, WORK, NavItem
        from csc.navigation import register as nav
        from csc.permissions import register_rules

        register_rules(
            "complaints.complaint", object_rule=selectors.complaint_object_rule, scope_rule=selectors.complaint_scope
        )
        nav(
            NavItem(_("My complaints"), "complaints:mine", "complaints.change_complaint", 60, WORK),
            NavItem(_("Complaints"), "complaints:list", "complaints.view_complaint", 70, WORK),
            NavItem(
                _("Complaint statistics"), "complaints:statistics", "complaints.view_complaint_statistics", 80, REPORTS
            ),
            NavItem(
                _("Complaint settings"), "complaints:settings", "complaints.manage_complaint_settings", 100, SETTINGS
            ),
        )
        exports.register_list("complaints", _("Complaints"))
        exports.register_list("my_complaints", _("My complaints"))
        home.register_panels()
        dashboard.register_panels()
        escalation.register_item_types()
        report_sections.register()
        messaging.register_kind("complaint.critical", _("Critical complaint registered"), email=True)
        messaging.register_sms_kind(SMS_REGISTERED, _("Complaint registered"))
        demo_registry.register("complaints", demo.load_demo, order=50)
