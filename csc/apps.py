from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CscConfig(AppConfig):
    name = "csc"
    verbose_name = _("Platform")

    def ready(self):
        """The ground fills one registry itself: the demo ends with an escalation sweep over what the apps made."""
        from csc import demo, escalation
        from csc.models import Escalation

        def sweep_demo(options: demo.DemoOptions) -> dict[str, int]:
            escalation.sweep()  # idempotent: the ledger notifies each item at each level once
            return {"escalations": Escalation.objects.count()}

        demo.register("escalation", sweep_demo, order=90)
