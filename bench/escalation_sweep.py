"""Benchmark R-1: the escalation sweep over 1,000,000 open complaints and 1,000,000 open tickets, 1% newly late.

Run (builds its own database csc_bench_escalation; the first run fills it, about a few minutes):
    CSC_ENV_FILE= DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/csc_bench_escalation \\
        .venv/bin/python -m bench.escalation_sweep [--rows 1000000]
Prints the sweep's wall time, statement count and what it escalated; each run resets the escalation ledger.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc.settings")
os.environ.setdefault("CSC_ENV_FILE", "")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.clone import clone_rows  # noqa: E402
from bench.database import ensure_database  # noqa: E402


@transaction.atomic
def fill(rows: int) -> None:
    from accounts.models import User
    from accounts.roles import Role
    from complaints.models import Complaint
    from complaints.services import complaint_register
    from tests.complaints.factories import CategoryFactory
    from tests.factories import StationFactory, UserFactory
    from tickets.models import Ticket

    if Ticket.objects.filter(number__startswith="B").exists():
        return
    print(f"filling {rows:,} open complaints and {rows:,} open tickets …", flush=True)
    agent = User.objects.filter(username="bench_agent").first() or UserFactory(username="bench_agent", role=Role.AGENT)
    User.objects.filter(username="bench_supervisor").exists() or UserFactory(
        username="bench_supervisor", role=Role.SUPERVISOR
    )
    User.objects.filter(username="bench_gm").exists() or UserFactory(username="bench_gm", role=Role.GM_OFFICE)
    station = StationFactory(name="基准站", code="bench")
    UserFactory(username="bench_station", role=Role.STATION_STAFF, station=station, agent_number=None)
    category = CategoryFactory(code="bench", name="基准", domestic_days=15, foreign_days=20)
    template = complaint_register(
        actor=agent,
        category=category,
        complainant_name="王建华",
        complainant_phone="13800000000",
        subject="基准",
        statement="基准",
        send_sms=False,
    )
    late_every = 100  # 1% newly past the 80% mark, the rest well within their time
    clone_rows(
        Complaint,
        template.pk,
        {
            "number": "'B' || g",
            "accepted_at": f"now() - CASE WHEN mod(g, {late_every}) = 0 THEN interval '13 days' ELSE interval '1 day' END",
            "registered_at": f"now() - CASE WHEN mod(g, {late_every}) = 0 THEN interval '13 days' ELSE interval '1 day' END",
            "due_at": f"now() + CASE WHEN mod(g, {late_every}) = 0 THEN interval '2 days' ELSE interval '14 days' END",
            "first_reply_due_at": "now() + interval '1 hour'",
        },
        last=rows,
    )
    ticket = Ticket.objects.create(
        number="BT0",
        category="not_warm",
        address="顺义区宏城花园3号楼",
        caller_name="王建华",
        caller_phone="13800000000",
        station=station,
        created_by=agent,
        status="dispatched",
        dispatched_at=timezone.now(),
        accept_due_at=timezone.now() + timedelta(days=1),
        finish_due_at=timezone.now() + timedelta(days=1),
    )
    clone_rows(
        Ticket,
        ticket.pk,
        {
            "number": "'B' || g",
            "created_at": "now() - mod(g, 100000) * interval '1 second'",
            "accept_due_at": f"now() + CASE WHEN mod(g, {late_every}) = 0 THEN interval '-5 minutes' ELSE interval '10 minutes' END",
            "finish_due_at": "now() + interval '4 hours'",
        },
        last=rows,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def rebase() -> None:
    """Deadlines relative to now again (the data may have been filled hours ago): exactly 1% newly late."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tickets_ticket SET accept_due_at = now() + CASE WHEN mod(id, 100) = 0 "
            "THEN interval '-5 minutes' ELSE interval '10 minutes' END, finish_due_at = now() + interval '4 hours' "
            "WHERE number LIKE 'B%%'"
        )
        cursor.execute(
            "UPDATE complaints_complaint SET accepted_at = now() - CASE WHEN mod(id, 100) = 0 THEN interval '13 days' "
            "ELSE interval '1 day' END, due_at = now() + CASE WHEN mod(id, 100) = 0 THEN interval '2 days' "
            "ELSE interval '14 days' END WHERE number LIKE 'B%%'"
        )
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    ensure_database()
    fill(args.rows)
    rebase()

    from csc import escalation
    from csc.models import Escalation
    from notifications.models import Notification

    with connection.cursor() as cursor:  # each run starts from "nothing escalated yet"
        cursor.execute(f"TRUNCATE {Escalation._meta.db_table}, {Notification._meta.db_table} CASCADE")
    open_complaints = escalation.REGISTRY["complaint.deadline"].open_items().count()
    open_tickets = escalation.REGISTRY["ticket.accept"].open_items().count()
    print(f"open complaints: {open_complaints:,}  tickets waiting for acceptance: {open_tickets:,}")

    for label in ("first run (1% newly late)", "second run (nothing new)"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = escalation.sweep()
            elapsed = time.perf_counter() - started
        print(f"{label}: {elapsed:.2f} s, {len(queries)} SQL statements, {result.total:,} escalations, "
              f"{result.notifications:,} notifications")  # fmt: skip
        for code, levels in sorted(result.escalated.items()):
            print(f"    {code}: {dict(levels)}")
    print(f"notifications in the table: {Notification.objects.count():,}")


if __name__ == "__main__":
    main()
