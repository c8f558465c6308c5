"""Benchmark D-1, K-10, D-2: the supervisor's dashboard, the contact-centre figures and a 100,000-row export over
1,000,000 complaints, 2,000,000 tickets and 5,000,000 calls.

Run:
    .venv/bin/python -m bench.dashboard [--rounds 5]
It uses the big database of bench/bigdata.py (csc_bench_big; filled on the first run, ~20 minutes, then reused and
brought up to now), rolls up the calls by hour (callcenter.metrics.rollup; the first time over all 5,000,000), then
measures in-process, warm (each a median of --rounds):
- the dashboard's data (csc.dashboard.sections_for) for the supervisor — today, the last 7 days, this month — and
  for a team lead and a station, with its number of queries; the whole page through Django's test Client;
- the K-10 figures of last month by agent, by day, by hour and by team (callcenter.metrics.figures);
- an export of 100,000 tickets to .csv and to .xlsx through the list page, streamed: its time and the process's
  peak memory growth while it streams.
Targets (issue 14): dashboard data < 300 ms with a constant number of queries; K-10 for a month by agent < 1 s;
a 100,000-row export under 30 s with flat memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from datetime import timedelta

from bench.bigdata import bench_users, ensure_big_data  # first: points Django at the big database

# isort: split

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def _median(fn, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    ensure_big_data()
    from accounts.roles import Role
    from callcenter import metrics
    from callcenter.models import Call, CallHourStat
    from complaints.models import Complaint
    from csc import dashboard
    from csc.dashboard import Scope
    from csc.periods import month_bounds
    from tickets.models import Ticket

    users = bench_users()
    print(
        f"data: {Complaint.objects.count():,} complaints, {Ticket.objects.count():,} tickets, "
        f"{Call.objects.count():,} calls"
    )
    started = time.perf_counter()
    done = metrics.rollup()
    print(
        f"roll-up: {done['hours']:,} hours, {done['rows']:,} rows, {done['marked_rebuilt']} marked hours rebuilt in "
        f"{time.perf_counter() - started:.1f} s ({CallHourStat.objects.count():,} hour rows in all)"
    )

    today = timezone.localdate()
    print("\ndashboard data (csc.dashboard.sections_for), warm, median of", args.rounds)
    cases = [
        ("supervisor, today", users.supervisor, Role.SUPERVISOR, Scope(first=today, last=today)),
        (
            "supervisor, last 7 days",
            users.supervisor,
            Role.SUPERVISOR,
            Scope(first=today - timedelta(days=6), last=today),
        ),
        ("supervisor, this month", users.supervisor, Role.SUPERVISOR, Scope(first=today.replace(day=1), last=today)),
        (
            "supervisor, a station, today",
            users.supervisor,
            Role.SUPERVISOR,
            Scope(first=today, last=today, station=users.station.station_id),
        ),
        (
            "team lead, today",
            users.lead,
            Role.TEAM_LEAD,
            Scope(first=today, last=today, team=users.lead.led_teams.first().pk),
        ),
        (
            "station staff, today",
            users.station,
            Role.STATION_STAFF,
            Scope(first=today, last=today, station=users.station.station_id),
        ),
    ]
    for label, user, role, scope in cases:
        dashboard.sections_for(user, role, scope)  # warm
        ms, _sections = _median(lambda: dashboard.sections_for(user, role, scope), args.rounds)  # noqa: B023
        count = _queries(lambda: dashboard.sections_for(user, role, scope))  # noqa: B023
        print(f"  {label:32} {ms:7.1f} ms  {count:3d} queries")

    setup_test_environment()
    client = Client()
    client.force_login(users.supervisor)
    client.get("/")
    ms, response = _median(lambda: client.get("/"), args.rounds)
    print(f"  {'the page (test Client), today':32} {ms:7.1f} ms  status {response.status_code}")
    ms, response = _median(lambda: client.get("/?partial=dashboard"), args.rounds)
    print(f"  {'its 30 s refresh (board only)':32} {ms:7.1f} ms  status {response.status_code}")

    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    start, end = month_bounds(first.year, first.month)
    print(f"\nK-10 of last month ({first:%Y-%m}), warm, median of {args.rounds}")
    for by in ("agent", "team", "day", "hour", None):
        ms, rows = _median(lambda: metrics.figures(start=start, end=end, by=by), args.rounds)  # noqa: B023
        count = _queries(lambda: metrics.figures(start=start, end=end, by=by))  # noqa: B023
        total = sum(f.offered for f in rows.values())
        print(f"  by {str(by):6} {ms:7.1f} ms  {count} queries  {len(rows):4d} rows  {total:,} calls")
    ms, rows = _median(
        lambda: metrics.figures(start=start, end=end, by="agent", team=users.lead.led_teams.first().pk), args.rounds
    )
    print(f"  one team by agent {ms:7.1f} ms")

    from django.db import transaction

    from callcenter.models import CallRollup

    with transaction.atomic():  # the same month read from the 232,000 calls themselves, for comparison
        point = transaction.savepoint()
        CallRollup.objects.all().delete()
        ms, _rows = _median(lambda: metrics.figures(start=start, end=end, by="agent"), args.rounds)
        transaction.savepoint_rollback(point)
    print(f"  by agent without the roll-up (from the calls) {ms:7.1f} ms")

    print("\nexport of 100,000 tickets through the list page, streamed")
    newest = Ticket.objects.order_by("-created_at").values_list("created_at", flat=True)[100_000]
    since = timezone.localtime(newest).date()
    for kind in ("csv", "xlsx"):
        reset_queries()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        response = client.get(f"/tickets/?date_from={since.isoformat()}&export={kind}")
        size = 0
        first_byte = None
        for chunk in response.streaming_content if response.streaming else [response.content]:
            if first_byte is None:
                first_byte = time.perf_counter() - started
            size += len(chunk)
        seconds = time.perf_counter() - started
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(
            f"  .{kind:4} status {response.status_code} streamed={response.streaming}  {size / 1e6:6.1f} MB in {seconds:5.1f} s "
            f"(first byte {first_byte or 0:.2f} s), peak memory grew {grown:.0f} MB"
        )


if __name__ == "__main__":
    main()
