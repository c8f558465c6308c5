from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff and roles")

    def ready(self):
        """Fill the ground's registries: the escalation roles and password expiry, home panels, demo accounts."""
        from django.db.models.signals import post_migrate

        from accounts import auth_cache, demo, escalation, home
        from accounts.api import schema  # noqa: F401  registers the OpenAPI extension of our authentication
        from csc import demo as demo_registry

        # the signals that forget kept users and permission sets (auth_cache connects them on import)
        post_migrate.connect(auth_cache.after_migrate, sender=self, dispatch_uid="csc_auth_after_migrate")
        escalation.register_item_types()
        home.register_panels()
        demo_registry.register("accounts", demo.load_demo, order=10)
