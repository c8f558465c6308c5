"""C-1 through the complaint service: gapless under 16 concurrent registrations, month boundary, rollback."""

from __future__ import annotations

import threading
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from complaints.models import Complaint
from complaints.services import complaint_register
from tests.complaints.factories import CategoryFactory
from tests.factories import UserFactory

UTC = ZoneInfo("UTC")


def _values(category, **overrides):
    values = {
        "category": category,
        "complainant_name": "李秀英",
        "complainant_phone": "13900001111",
        "subject": "暖气不热",
        "statement": "报修三次仍然不热。",
        "send_sms": False,
    }
    values.update(overrides)
    return values


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_c1_complaint_numbers_are_gapless_under_16_concurrent_registrations():
    """16 threads × 6 registrations through the service, every third one rolled back: kept numbers are 1..N."""
    category = CategoryFactory()
    agent = UserFactory(username="thread_agent", role="agent")
    threads_count, per_thread = 16, 6
    kept: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads_count)

    class Rollback(Exception):
        pass

    def work(index: int):
        try:
            barrier.wait()
            for i in range(per_thread):
                try:
                    with transaction.atomic():
                        complaint = complaint_register(actor=agent, **_values(category))
                        if (index + i) % 3 == 0:
                            raise Rollback
                    with lock:
                        kept.append(complaint.number)
                except Rollback:
                    pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    rolled_back = sum(1 for t in range(threads_count) for i in range(per_thread) if (t + i) % 3 == 0)
    assert len(kept) == threads_count * per_thread - rolled_back
    stored = sorted(Complaint.objects.values_list("number", flat=True))
    assert stored == sorted(kept)
    prefix = stored[0][:4]
    assert stored == [f"{prefix}{serial:04d}" for serial in range(1, len(kept) + 1)]
    assert connection.vendor == "postgresql"


@pytest.mark.django_db
def test_c1_the_serial_restarts_with_the_month_in_shanghai_time(agent):
    category = CategoryFactory()
    last_of_november = datetime(2026, 11, 30, 15, 59, 59, tzinfo=UTC)  # 23:59:59 in Shanghai
    first_of_december = datetime(2026, 11, 30, 16, 0, 0, tzinfo=UTC)  # 00:00 on 1 December in Shanghai

    with mock.patch("django.utils.timezone.now", return_value=last_of_november):
        first = complaint_register(actor=agent, **_values(category))
        second = complaint_register(actor=agent, **_values(category))
    with mock.patch("django.utils.timezone.now", return_value=first_of_december):
        third = complaint_register(actor=agent, **_values(category))

    assert [first.number, second.number, third.number] == ["26110001", "26110002", "26120001"]


@pytest.mark.django_db
def test_c1_a_failed_registration_does_not_burn_a_number(agent):
    category = CategoryFactory()
    moment = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)

    with mock.patch("django.utils.timezone.now", return_value=moment):
        with pytest.raises(Exception), transaction.atomic():  # noqa: B017,PT011
            complaint_register(actor=agent, **_values(category))
            raise RuntimeError("the caller's transaction fails after registration")
        complaint = complaint_register(actor=agent, **_values(category))

    assert complaint.number == "26110001"
