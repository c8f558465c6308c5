"""C-1 numbering (gapless under concurrency on PostgreSQL) and the Chinese working-day calendar."""

from __future__ import annotations

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from csc.models import CalendarDay, NumberCounter
from csc.numbering import next_number, period_of
from csc.workdays import add_days, add_working_days, is_working_day

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOV = datetime(2026, 11, 5, 10, 0, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_c1_numbers_are_yymm_and_a_zero_padded_serial():
    with transaction.atomic():
        assert next_number(scope="complaint", at=NOV) == "26110001"
        assert next_number(scope="complaint", at=NOV) == "26110002"
        assert next_number(scope="ticket", at=NOV, prefix="BX") == "BX26110001"


@pytest.mark.django_db
def test_c1_serial_widens_past_9999():
    NumberCounter.objects.create(scope="complaint", period="2611", last_value=9999)

    with transaction.atomic():
        assert next_number(scope="complaint", at=NOV) == "261110000"


@pytest.mark.django_db
def test_c1_month_is_taken_in_shanghai_time_and_restarts_the_serial():
    last_moment_utc = datetime(2026, 11, 30, 15, 59, 59, tzinfo=ZoneInfo("UTC"))  # 23:59:59 in Shanghai
    first_moment_utc = datetime(2026, 11, 30, 16, 0, 0, tzinfo=ZoneInfo("UTC"))  # 00:00 on 1 December

    with transaction.atomic():
        assert next_number(scope="complaint", at=last_moment_utc) == "26110001"
        assert next_number(scope="complaint", at=first_moment_utc) == "26120001"
        assert next_number(scope="complaint", at=last_moment_utc) == "26110002"
    assert period_of(first_moment_utc) == "2612"


@pytest.mark.django_db
def test_c1_a_rolled_back_registration_does_not_burn_a_number():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        next_number(scope="complaint", at=NOV)
        1 / 0  # noqa: B018

    with transaction.atomic():
        assert next_number(scope="complaint", at=NOV) == "26110001"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_c1_numbering_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        next_number(scope="complaint", at=NOV)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_c1_numbers_are_gapless_under_concurrency():
    """16 threads × 10 registrations, every fourth one rolled back: the kept numbers are exactly 1..N."""
    threads_count, per_thread = 16, 10
    kept: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def register(thread_index: int):
        try:
            barrier.wait()
            for i in range(per_thread):
                try:
                    with transaction.atomic():
                        number = next_number(scope="complaint", at=NOV)
                        if (thread_index + i) % 4 == 0:
                            raise _Rollback
                    with lock:
                        kept.append(number)
                except _Rollback:
                    pass
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(t,)) for t in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    serials = sorted(int(n[4:]) for n in kept)
    assert len(kept) == len(set(kept))
    assert serials == list(range(1, len(kept) + 1))
    assert len(kept) == threads_count * per_thread - sum(
        1 for t in range(threads_count) for i in range(per_thread) if (t + i) % 4 == 0
    )
    assert connection.vendor == "postgresql"


class _Rollback(Exception):
    pass


@pytest.mark.django_db
def test_chinese_calendar_holidays_and_make_up_days():
    assert is_working_day(date(2026, 10, 1)) is False  # National Day
    assert is_working_day(date(2026, 11, 24)) is True  # a Tuesday
    assert is_working_day(date(2026, 11, 28)) is False  # a Saturday


@pytest.mark.django_db
def test_supervisor_overrides_beat_the_package():
    CalendarDay.objects.create(date=date(2026, 11, 28), is_working_day=True, note="调休")
    CalendarDay.objects.create(date=date(2026, 11, 24), is_working_day=False, note="本地停工")

    assert is_working_day(date(2026, 11, 28)) is True
    assert is_working_day(date(2026, 11, 24)) is False


@pytest.mark.django_db
def test_add_working_days_skips_the_national_day_week():
    start = datetime(2026, 9, 30, 9, 0, tzinfo=SHANGHAI)  # Wednesday before National Day

    due = add_working_days(start, 2)

    assert due.date() > date(2026, 10, 7)
    assert due.hour == 9


@pytest.mark.django_db
def test_add_days_in_calendar_days_and_beyond_the_package_years():
    start = datetime(2026, 12, 30, 9, 0, tzinfo=SHANGHAI)

    assert add_days(start, 15, working_days=False) == datetime(2027, 1, 14, 9, 0, tzinfo=SHANGHAI)
    # 2027 is not in the package yet: New Year's Day and the weekend are still skipped
    assert add_days(start, 2, working_days=True) == datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)
