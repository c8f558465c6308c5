"""Writes on customer records: creating a customer with its phones and addresses (P-1, X-3).

Closing an account, disclosing it and every look at it are records protection's (compliance.services), which
writes the access and event logs around this record.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from customers import phones as phone_numbers
from customers.idcard import validate_id_number
from customers.models import Customer, CustomerAddress, CustomerPhone


@transaction.atomic
def customer_create(
    *,
    name: str,
    phones: Sequence[str],
    addresses: Sequence[str] = (),
    id_number: str = "",
    account_number: str | None = None,
    is_corporate: bool = False,
    company: str = "",
    service_password: str | None = None,
    actor,
) -> Customer:
    """Create a customer with its phones and addresses in one transaction; the first of each is primary."""
    errors = {}
    if id_number.strip():
        try:
            id_number = validate_id_number(id_number)
        except ValidationError as error:
            errors["id_number"] = error.messages
    numbers = []
    for raw in (p for p in phones if p and p.strip()):
        try:
            numbers.append(phone_numbers.clean(raw))
        except ValidationError as error:
            errors.setdefault("phones", []).extend(f"{raw[:30]}: {message}" for message in error.messages)
    if errors:
        raise ValidationError(errors)
    customer = Customer(
        name=name.strip(),
        id_number=id_number.strip().upper(),
        account_number=account_number or None,
        is_corporate=is_corporate,
        company=company.strip(),
    )
    if service_password:
        customer.set_service_password(service_password)
    customer._history_user = actor  # type: ignore[attr-defined]  # django-simple-history reads it on save
    customer.full_clean()
    customer.save()
    for index, number in enumerate(dict.fromkeys(numbers)):
        CustomerPhone.objects.create(customer=customer, number=number, is_primary=index == 0)
    for index, address in enumerate(a.strip() for a in addresses if a.strip()):
        CustomerAddress.objects.create(customer=customer, address=address, is_primary=index == 0)
    return customer
