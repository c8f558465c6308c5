from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff and roles")

    def ready(self):
        from accounts import auth_cache  # noqa: F401  connects the signals that forget cached users and permissions
        from accounts.api import schema  # noqa: F401  registers the OpenAPI extension of our authentication
