"""Reads of customer records, always starting from what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from compliance.models import Customer
from csc import masking
from csc.permissions import scope


def customers_visible_to(*, user, search: str = "") -> QuerySet[Customer]:
    """Customers the user may list, phones and addresses prefetched (two queries whatever the page size)."""
    queryset = scope(user, Customer.objects.filter(is_active=True)).prefetch_related("phones", "addresses")
    search = search.strip()
    if search:
        digits = masking.normalise_phone(search)
        condition = Q(name__icontains=search) | Q(account_number=search)
        if len(digits) >= 4:
            condition |= Q(phones__number__endswith=digits)
        queryset = queryset.filter(condition).distinct()
    return queryset
