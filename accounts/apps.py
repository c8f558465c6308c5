from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff and roles")

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts import auth_cache  # connects the signals that forget kept users and permissions

        post_migrate.connect(auth_cache.after_migrate, sender=self, dispatch_uid="csc_auth_after_migrate")
        from accounts.api import schema  # noqa: F401  registers the OpenAPI extension of our authentication
