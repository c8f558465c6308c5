"""Writes on customer records; every disclosure of personal data goes through here and is logged (P-1, X-3)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from compliance.models import AccessChannel, AccessLogEntry, Customer, CustomerAddress, CustomerPhone
from csc import masking
from csc.permissions import may

UNMASK_PERMISSION = "compliance.view_customer_unmasked"


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
    customer = Customer(
        name=name.strip(),
        id_number=id_number.strip().upper(),
        account_number=account_number or None,
        is_corporate=is_corporate,
        company=company.strip(),
    )
    if service_password:
        customer.set_service_password(service_password)
    customer._history_user = actor
    customer.full_clean()
    customer.save()
    for index, number in enumerate(dict.fromkeys(masking.normalise_phone(p) for p in phones if p)):
        CustomerPhone.objects.create(customer=customer, number=number, is_primary=index == 0)
    for index, address in enumerate(a.strip() for a in addresses if a.strip()):
        CustomerAddress.objects.create(customer=customer, address=address, is_primary=index == 0)
    return customer


@dataclass(frozen=True)
class CustomerView:
    """What one viewer is shown of one customer: masked unless the viewer's role may see it in full."""

    customer: Customer
    unmasked: bool
    name: str
    phones: list[str]
    addresses: list[str]
    id_number: str


def access_log_record(
    *, user, customers: Iterable[Customer], channel: str, fields: Sequence[str], unmasked: bool, purpose: str = ""
) -> int:
    """Append one access-log row per customer shown, in one statement."""
    rows = [
        AccessLogEntry(
            user=user, customer=c, channel=channel, fields=",".join(fields), unmasked=unmasked, purpose=purpose[:200]
        )
        for c in customers
    ]
    AccessLogEntry.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def customer_disclose(
    *, customer: Customer, actor, channel: str = AccessChannel.PAGE, purpose: str = "", want_full: bool = False
) -> CustomerView:
    """The customer's personal data as this actor may see it, with the look written to the access log."""
    unmasked = want_full and may(actor, UNMASK_PERMISSION)
    phones = [p.number for p in customer.phones.all()]
    addresses = [a.address for a in customer.addresses.all()]
    if unmasked:
        view = CustomerView(customer, True, customer.name, phones, addresses, customer.id_number)
    else:
        view = CustomerView(
            customer,
            False,
            masking.mask_name(customer.name),
            [masking.mask_phone(p) for p in phones],
            [masking.mask_address(a) for a in addresses],
            masking.mask_id_number(customer.id_number),
        )
    access_log_record(
        user=actor,
        customers=[customer],
        channel=channel,
        fields=["name", "phones", "addresses", "id_number"],
        unmasked=unmasked,
        purpose=purpose,
    )
    return view
