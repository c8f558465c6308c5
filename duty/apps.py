from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "duty"
    verbose_name = _("Shifts, handover and incidents")

    def ready(self):
        """Fill the ground's registries: object rules (handovers and duty logs are secret 机密), navigation, the lists
        that export, the dashboard's open incidents, the agent's next shifts on the home page, demo."""
        from csc import demo as demo_registry
        from csc import exports, messaging
        from csc.navigation import DESK, SETTINGS, WORK, NavItem
        from csc.navigation import register as nav
        from csc.permissions import register_rules
        from duty import dashboard, demo, home, selectors, services

        register_rules("duty.handover", object_rule=selectors.handover_object_rule, scope_rule=selectors.handover_scope)
        register_rules("duty.dutylog", object_rule=selectors.duty_log_object_rule, scope_rule=selectors.duty_log_scope)
        register_rules("duty.swaprequest", object_rule=selectors.swap_object_rule, scope_rule=selectors.swap_scope)
        nav(
            NavItem(_("Rota"), "duty:rota", "duty.view_rotaentry", 70, DESK),
            NavItem(_("Handovers"), "duty:handover_list", "duty.view_handover", 71, DESK),
            NavItem(_("Duty log"), "duty:log_today", "duty.view_dutylog", 72, DESK),
            NavItem(_("Shift swaps"), "duty:swap_list", "duty.view_swaprequest", 73, DESK),
            NavItem(_("Duty logs and checks"), "duty:log_list", "duty.sign_dutylog", 71, WORK),
            NavItem(_("Incidents"), "duty:incident_list", "duty.view_incident", 70, WORK),
            NavItem(_("Shift settings"), "duty:settings", "duty.manage_duty_settings", 115, SETTINGS),
        )
        for code, title in (
            ("rota", _("Rota")),
            ("handovers", _("Handovers")),
            ("duty_logs", _("Duty logs")),
            ("incidents", _("Incidents")),
            ("swaps", _("Shift swaps")),
        ):
            exports.register_list(code, title)
        messaging.register_kind(services.SWAP_REQUESTED, _("A shift swap was asked for"))
        messaging.register_kind(services.SWAP_DECIDED, _("A shift swap was decided"))
        dashboard.register_panels()
        home.register_panels()
        demo_registry.register("duty", demo.load_demo, order=58)  # before the calls: its outage tickets get theirs
