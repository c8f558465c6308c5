"""Benchmark R-2: build the daily report for one day of a season of 2,000,000 repair tickets (target < 1 s).

Run (its own database csc_bench_reports; the first run fills it):
    CSC_ENV_FILE= DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/csc_bench_reports \\
        .venv/bin/python -m bench.reports_daily [--rows 2000000]
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date, timedelta

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

SEASON_DAYS = 135  # 1 November to mid-March
STATIONS = 17
CATEGORIES = ["not_warm", "cold", "temperature_check", "leak", "other"]


@transaction.atomic
def fill(rows: int, season_start: date) -> None:
    from accounts.roles import Role
    from tests.factories import StationFactory, UserFactory
    from tickets.models import Station, Ticket

    if Ticket.objects.filter(number__startswith="R").exists():
        return
    print(f"filling a season of {rows:,} tickets over {STATIONS} stations …", flush=True)
    agent = UserFactory(username="report_agent", role=Role.AGENT)
    stations = [StationFactory(name=f"站{n:02d}", code=f"st{n:02d}", sort_order=n) for n in range(STATIONS)]
    first_station = min(s.pk for s in stations)
    ticket = Ticket.objects.create(
        number="R0",
        category="not_warm",
        address="顺义区宏城花园3号楼",
        caller_name="王建华",
        caller_phone="13800000000",
        station=stations[0],
        created_by=agent,
        status="completed",
    )
    seconds = SEASON_DAYS * 86400
    categories = "ARRAY[" + ", ".join(f"'{c}'" for c in CATEGORIES) + "]"
    created = (
        f"'{season_start.isoformat()} 00:00+08'::timestamptz + mod(g::bigint * 7919, {seconds}) * interval '1 second'"
    )
    clone_rows(
        Ticket,
        ticket.pk,
        {
            "number": "'R' || g",
            "station_id": f"{first_station} + mod(g, {STATIONS})",
            "category": f"({categories})[1 + mod(g, 5)]",
            "created_at": created,
            # 95% completed within a few hours, the rest still open
            "completed_at": f"CASE WHEN mod(g, 20) = 0 THEN NULL ELSE {created} + mod(g, 14400) * interval '1 second' END",
            "status": "CASE WHEN mod(g, 20) = 0 THEN 'dispatched' ELSE 'completed' END",
            "called_back_at": f"CASE WHEN mod(g, 3) = 0 THEN {created} + interval '1 day' ELSE NULL END",
        },
        last=rows,
    )
    assert Station.objects.count() >= STATIONS
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    args = parser.parse_args()
    ensure_database()
    today = timezone.localdate()
    season_start = date(today.year if today.month >= 11 else today.year - 1, 11, 1)
    fill(args.rows, season_start)

    from reports.selectors import daily_report
    from tickets.models import Ticket

    print(f"tickets: {Ticket.objects.count():,}")
    for day in (season_start + timedelta(days=60), season_start + timedelta(days=134)):
        for attempt in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                data = daily_report(day=day)
                elapsed = time.perf_counter() - started
            print(f"daily report {day} ({attempt}): {elapsed:.3f} s, {len(queries)} SQL statements, "
                  f"cumulative repairs {data['station_totals']['cumulative_repairs']:,}, "
                  f"repairs that day {data['totals']['repairs']:,}")  # fmt: skip


if __name__ == "__main__":
    main()
