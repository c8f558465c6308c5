from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")
    # Besides models, services and selectors, other apps use these: the phone rule, X-3 masking, ID-card checks.
    public_modules = ("phones", "masking", "idcard")
