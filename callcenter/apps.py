from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallcenterConfig(AppConfig):
    name = "callcenter"
    public_modules = ("metrics",)  # the K-10 figures (calls answered per agent: the quality app's appraisal)

    def ready(self):
        """Fill the ground's registries: object rules, navigation, the closing line, the agent's home card, a report
        figure, the lists that export, demo."""
        from callcenter import dashboard, demo, home, report_sections, rules, selectors
        from csc import demo as demo_registry
        from csc import exports, scripts
        from csc.navigation import DESK, REPORTS, SETTINGS, NavItem
        from csc.navigation import register as nav

        rules.register()
        nav(
            NavItem(_("Agent desk"), "callcenter:desk", "callcenter.use_desk", 10, DESK),
            NavItem(_("Calls"), "callcenter:call_list", "callcenter.view_call", 20, DESK),
            NavItem(_("Consultations"), "callcenter:consultation_list", "callcenter.view_consultation", 22, DESK),
            NavItem(_("Standard answers"), "callcenter:faq_list", "callcenter.view_faqentry", 30, DESK),
            NavItem(_("Call scripts"), "callcenter:scripts", "callcenter.change_script", 40, SETTINGS),
            NavItem(
                _("Contact-centre figures"), "callcenter:call_figures", "callcenter.view_call_figures", 25, REPORTS
            ),
        )
        exports.register_list("calls", _("Calls"))
        exports.register_list("consultations", _("Consultations"))
        scripts.provide_closing(selectors.closing_script)
        home.register_panels()
        dashboard.register_panels()
        report_sections.register()
        demo_registry.register("calls", demo.load_demo, order=60)
        demo_registry.register("call-figures", demo.load_figures, order=95)
