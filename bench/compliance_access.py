"""Timings of customer-record protection on a large access log (P-1): unusual-access detection, a filtered log page,
an access-log write, and one service-password check. Everything runs in a transaction that is rolled back.

    DATABASE_URL=postgres://…/some_migrated_db .venv/bin/python -m bench.compliance_access [staff] [days] [per_day]
"""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc.settings")
django.setup()

from datetime import timedelta  # noqa: E402

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from compliance.filters import AccessLogFilter  # noqa: E402
from compliance.models import AccessLogEntry, Customer  # noqa: E402
from compliance.selectors import access_log_visible_to, unusual_access  # noqa: E402
from compliance.services import access_log_record, service_password_verify  # noqa: E402


class Rollback(Exception):
    pass


def timed(label, fn, repeat=3):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<48} {best * 1000:9.1f} ms")
    return result


def main(staff=60, days=30, per_day=40):
    try:
        with transaction.atomic():
            agent_group, _created = Group.objects.get_or_create(name="agent")
            users = User.objects.bulk_create(
                [User(username=f"bench_agent_{i}", agent_number=f"B{i:04d}") for i in range(staff)]
            )
            agent_group.user_set.add(*users)
            customers = Customer.objects.bulk_create(
                [Customer(name=f"客户{i}", account_number=f"BENCH{i}") for i in range(2000)]
            )
            customers[0].set_service_password("246810")
            customers[0].save()
            now = timezone.now()
            rows = []
            for d in range(days):
                for u_index, user in enumerate(users):
                    count = per_day * (8 if u_index == 0 and d == 1 else 1)
                    start = (u_index * 7 + d) % 1000
                    rows += [
                        AccessLogEntry(
                            user=user,
                            customer=customers[start + k],
                            channel="page",
                            fields="name",
                            at=now - timedelta(days=d, minutes=k),
                        )
                        for k in range(count)
                    ]
            started = time.perf_counter()
            AccessLogEntry.objects.bulk_create(rows, batch_size=5000)
            print(f"{connection.vendor}: {len(rows)} access-log rows, {staff} agents, {days} days")
            print(f"{'bulk insert':<48} {(time.perf_counter() - started) * 1000:9.1f} ms")
            flagged = timed("unusual_access (one SQL statement)", unusual_access)
            print(f"{'  flagged staff days':<48} {len(flagged):9d}")
            officer = User.objects.filter(groups__name="compliance_officer").first() or users[0]
            officer.is_superuser = True
            timed(
                "access log: one staff, one week, first page",
                lambda: list(
                    AccessLogFilter(
                        {"staff": users[3].username, "start": (now - timedelta(days=7)).date().isoformat()},
                        queryset=access_log_visible_to(user=officer),
                    ).qs[:50]
                ),
            )
            timed(
                "access_log_record for a 25-row list page",
                lambda: access_log_record(
                    user=users[1], customers=customers[:25], channel="list", fields=["name"], unmasked=False
                ),
            )
            users[1].is_superuser = True
            timed(
                "service_password_verify (PBKDF2 + row lock)",
                lambda: service_password_verify(
                    customer=customers[0], password="246810", channel="ivr", actor=users[1]
                ),
            )
            raise Rollback
    except Rollback:
        print("rolled back: nothing kept")


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:4]])
