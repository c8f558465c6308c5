from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Quality and appraisal")

    def ready(self):
        """Subscribe to a station's rejection (a wrong station proposed against the agent); fill the ground's
        registries: object rules, navigation, the lists that export, the dashboard's QA panel, the home card, demo."""
        from csc import demo as demo_registry
        from csc import events, exports
        from csc.navigation import REPORTS, SETTINGS, WORK, NavItem
        from csc.navigation import register as nav
        from csc.permissions import register_rules
        from quality import dashboard, demo, home, selectors, services

        events.on("ticket.rejected", services.on_ticket_rejected)
        register_rules(
            "quality.spotcheck", object_rule=selectors.spot_check_object_rule, scope_rule=selectors.spot_check_scope
        )
        for model in ("quality.mark", "quality.typingtest"):
            register_rules(model, object_rule=selectors.agent_row_object_rule, scope_rule=selectors.agent_rows_scope)
        nav(
            NavItem(_("Spot checks today"), "quality:today", "quality.add_spotcheck", 60, WORK),
            NavItem(_("Spot checks of the week"), "quality:week", "quality.view_all_spotchecks", 60, WORK),
            NavItem(_("Spot checks"), "quality:check_list", "quality.view_spotcheck", 61, WORK),
            NavItem(_("Counted errors and praise"), "quality:mark_list", "quality.view_mark", 62, WORK),
            NavItem(_("Typing tests"), "quality:typing_list", "quality.view_typingtest", 63, WORK),
            NavItem(_("Calls without a recording"), "quality:recording_gaps", "quality.view_recording_gaps", 64, WORK),
            NavItem(_("Monthly appraisal"), "quality:appraisal", "quality.view_appraisal", 95, REPORTS),
            NavItem(_("Quality settings"), "quality:settings", "quality.manage_quality_settings", 110, SETTINGS),
        )
        for code, title in (
            ("spot_checks", _("Spot checks")),
            ("quality_marks", _("Counted errors and praise")),
            ("typing_tests", _("Typing tests")),
            ("recording_gaps", _("Calls without a recording")),
            ("appraisal", _("Monthly appraisal")),
        ):
            exports.register_list(code, title)
        dashboard.register_panels()
        home.register_panels()
        demo_registry.register("quality", demo.load_demo, order=97)
