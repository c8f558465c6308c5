"""The customer 客户/住户: name, phones, addresses, ID-card number and service password — personal data that only
verified people see and whose every look the compliance app logs (P-1, X-3).

Phones are stored in one canonical form (customers.phones) so that every path that saves or looks up a number
meets the same digits, on an index.
"""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from customers import masking, phones


class Customer(models.Model):
    """A customer 客户/住户: personal data that only verified people see, every look logged (P-1, X-3)."""

    name = models.CharField(pgettext_lazy("customer", "name"), max_length=80)
    account_number = models.CharField(_("account number"), max_length=30, unique=True, null=True, blank=True)
    id_number = models.CharField(
        _("ID-card number"),
        max_length=30,
        blank=True,
        help_text=_("Sensitive: shown whole only to roles that may, and every such view is logged."),
    )
    is_corporate = models.BooleanField(_("corporate customer"), default=False)
    company = models.CharField(_("company"), max_length=120, blank=True)
    service_password = models.CharField(_("service password (hashed)"), max_length=128, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(pgettext_lazy("customer", "active"), default=True)
    created_at = models.DateTimeField(pgettext_lazy("customer", "created at"), default=timezone.now, editable=False)
    closed_at = models.DateTimeField(
        _("account closed at"), null=True, blank=True, help_text=_("The retention period counts from here.")
    )
    anonymised_at = models.DateTimeField(_("personal data destroyed at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["service_password"])

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("view_customer_unmasked", _("May see customers' personal data in full")),
            ("export_customer", _("May export customer lists (logged, with a purpose)")),
            ("close_customer", _("May close a customer account (starts the retention period)")),
        ]

    def __str__(self) -> str:
        return masking.mask_name(self.name)

    # The raw password is never stored or readable: only its hash (P-1).
    def set_service_password(self, raw: str) -> None:
        self.service_password = make_password(raw)

    def check_service_password(self, raw: str) -> bool:
        return bool(self.service_password) and check_password(raw, self.service_password)

    @property
    def has_service_password(self) -> bool:
        return bool(self.service_password)

    @property
    def id_number_masked(self) -> str:
        return masking.mask_id_number(self.id_number)

    @property
    def name_masked(self) -> str:
        return masking.mask_name(self.name)


class CustomerPhone(models.Model):
    """A phone number of a customer, stored in the canonical form (customers.phones) so look-ups hit an index."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="phones")
    number = models.CharField(_("phone"), max_length=20, db_index=True)
    label = models.CharField(_("label"), max_length=20, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer phone")
        verbose_name_plural = _("customer phones")
        ordering = ["-is_primary", "id"]
        constraints = [models.UniqueConstraint(fields=["customer", "number"], name="customerphone_unique")]

    def __str__(self) -> str:
        return masking.mask_phone(self.number)

    def save(self, *args, **kwargs):
        self.number = phones.normalise(self.number)
        super().save(*args, **kwargs)

    @property
    def masked(self) -> str:
        return masking.mask_phone(self.number)


class CustomerAddress(models.Model):
    """An address of a customer as the customer gives it (the routing service normalises it for matching)."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="addresses")
    address = models.CharField(pgettext_lazy("customer", "address"), max_length=200)
    is_primary = models.BooleanField(_("primary"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer address")
        verbose_name_plural = _("customer addresses")
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return masking.mask_address(self.address)

    @property
    def masked(self) -> str:
        return masking.mask_address(self.address)
