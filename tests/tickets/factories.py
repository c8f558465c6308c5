"""Factories for repair tickets; reuse tests/factories.py for stations, areas, users and customers."""

from __future__ import annotations

import factory
from django.utils import timezone

from tests.factories import ServiceAreaFactory, StationFactory, UserFactory  # noqa: F401  re-exported for tests
from tickets.choices import Category, Status
from tickets.models import Ticket

_SERIAL = iter(range(1, 10**7))


class TicketFactory(factory.django.DjangoModelFactory):
    """A ticket written directly (no routing, no events): for lists and permission tests, not the lifecycle."""

    class Meta:
        model = Ticket

    number = factory.LazyFunction(lambda: f"BX9901{next(_SERIAL):05d}")
    status = Status.DISPATCHED
    category = Category.NOT_WARM
    address = "顺义区宏城花园3号楼2单元501"
    caller_name = "王建华"
    caller_phone = "13812345678"
    confirmed_content = confirmed_address = confirmed_name = confirmed_phone = True
    station = factory.SubFactory(StationFactory)
    created_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    dispatched_at = factory.LazyFunction(timezone.now)
