# ruff: noqa: I001, E402
"""Benchmark T-7: with 1,000,000 tickets the station list, the agent list and "late now"
each stay under 100 ms server time.

Run:
    .venv/bin/python -m bench.tickets_1m [--rows 1000000] [--repeat 5] [--drop]
Creates / migrates csc_bench_tickets (shared with bench.routing_100k), fills it set-based (INSERT … SELECT over
generate_series, about a minute), then measures through Django's test Client the server time (median of
`repeat` requests after one warm-up) and the query count of each page and API list.

Shape: one ticket every 30 seconds for a year over 200 stations; the newest 3,000 are open (at a station or
waiting for dispatch), about a third of those past a T-5 limit; the rest closed.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench import tickets_db  # noqa: F401  sets the database and runs django.setup() first
from bench.database import drop_database, ensure_database  # noqa: E402
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from tickets.models import Ticket
from tickets.selectors import tickets_late

OPEN = 3000


def _user(username: str, role: Role, **extra) -> User:
    user, created = User.objects.get_or_create(username=username, defaults=extra)
    if created:
        user.groups.add(Group.objects.get(name=role.value))
    return user


def fill(rows: int, station_ids: list[int], agent: User) -> None:
    have = Ticket.objects.count()
    if have >= rows:
        print(f"reusing {have:,} tickets")
        return
    started = time.perf_counter()
    ids = "ARRAY[" + ",".join(map(str, station_ids)) + "]"
    created = "(now() - g * interval '30 seconds')"
    status = (
        f"CASE WHEN g <= {OPEN} THEN (ARRAY['dispatched','accepted','contacted','on_site','created'])[1 + g % 5] "
        "ELSE 'closed' END"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Ticket._meta.db_table} (
                number, status, category, fault_location, severity, description, address, caller_name, caller_phone,
                confirmed_content, confirmed_address, confirmed_name, confirmed_phone, station_id, route_outcome,
                proposed_station_id, community_key, route_overridden, override_reason, reject_count, created_by_id,
                created_at, dispatched_at, accepted_at, contacted_at, arrived_at, completed_at, called_back_at,
                closed_at, technician, result, fee_charged, accept_due_at, contact_due_at, arrive_due_at, finish_due_at)
            SELECT 'BX' || to_char({created} AT TIME ZONE 'Asia/Shanghai', 'YYMM') || lpad(g::text, 7, '0'),
                   {status},
                   (ARRAY['not_warm','cold','temperature_check','leak','other'])[1 + g % 5],
                   '卧室暖气片', 'normal', '', '顺义区基准小区' || (g % 40) || '号楼' || (g % 6) || '单元', '基准住户',
                   '139' || lpad((g % 100000000)::text, 8, '0'), true, true, true, true,
                   CASE WHEN g <= {OPEN} AND g % 5 = 0 THEN NULL ELSE ({ids})[1 + g % {len(station_ids)}] END,
                   'exact', ({ids})[1 + g % {len(station_ids)}], '', g % 50 = 0, '', 0, {agent.pk},
                   {created}, {created},
                   CASE WHEN g > {OPEN} OR g % 5 IN (1, 2, 3) THEN {created} + interval '10 minutes' END,
                   CASE WHEN g > {OPEN} OR g % 5 IN (2, 3) THEN {created} + interval '25 minutes' END,
                   CASE WHEN g > {OPEN} OR g % 5 = 3 THEN {created} + interval '50 minutes' END,
                   CASE WHEN g > {OPEN} THEN {created} + interval '2 hours' END,
                   CASE WHEN g > {OPEN} THEN {created} + interval '1 day' END,
                   CASE WHEN g > {OPEN} THEN {created} + interval '1 day 1 hour' END,
                   '', '', false,
                   {created} + interval '15 minutes',
                   CASE WHEN g > {OPEN} OR g % 5 IN (1, 2, 3) THEN {created} + interval '40 minutes' END,
                   CASE WHEN g > {OPEN} OR g % 5 IN (2, 3) THEN {created} + interval '45 minutes' END,
                   {created} + interval '4 hours'
            FROM generate_series({have + 1}, {rows}) AS g
            """
        )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Ticket._meta.db_table}")
    print(f"inserted {rows - have:,} tickets in {time.perf_counter() - started:.1f} s")


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, float, int]:
    """Median wall time, median web-process CPU time and median SQL time of the request, and its query count."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings, cpu, sql = [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    return statistics.median(timings), statistics.median(cpu), statistics.median(sql), len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--drop", action="store_true")
    args = parser.parse_args()
    ensure_database()
    station_ids = tickets_db.fill_areas(1000)
    agent = _user("bench_agent", Role.AGENT, agent_number="B001")
    supervisor = _user("bench_supervisor", Role.SUPERVISOR, agent_number="B900")
    station_user = _user("bench_station", Role.STATION_STAFF, station_id=station_ids[0])
    fill(args.rows, station_ids, agent)
    print(
        f"tickets: {Ticket.objects.count():,}; open at stations or waiting: {Ticket.objects.exclude(status='closed').count():,}"
    )
    setup_test_environment()
    clients = {}
    for user in (agent, supervisor, station_user):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    cases = [
        ("station view (T-7, own station's open tickets)", "bench_station", "/tickets/station/"),
        ("station's ticket list page", "bench_station", "/tickets/"),
        ("station API list", "bench_station", "/api/v1/tickets/"),
        ("agent list page, newest first", "bench_agent", "/tickets/"),
        ("agent list, status=dispatched", "bench_agent", "/tickets/?status=dispatched"),
        ("agent list, search by phone", "bench_agent", "/tickets/?q=13900001234"),
        ("agent API list", "bench_agent", "/api/v1/tickets/"),
        ("late now page (supervisor)", "bench_supervisor", "/tickets/?late=1"),
        ("late now API", "bench_supervisor", "/api/v1/tickets/?late=1"),
    ]
    with open("/proc/loadavg") as fh:
        print(f"machine load average: {fh.read().split()[0]} (wall time includes waiting for a shared CPU)")
    print(f"{'what':52} {'wall ms':>8} {'cpu ms':>8} {'sql ms':>8} {'queries':>8}")
    for label, username, url in cases:
        wall, cpu, sql, queries = measure(clients[username], url, args.repeat)
        print(f"{label:52} {wall:8.1f} {cpu:8.1f} {sql:8.1f} {queries:8d}")
    now = timezone.now()
    for kind in ("accept", "contact", "arrive", "finish"):
        started = time.perf_counter()
        rows = list(tickets_late(moment=now, limit_kind=kind).values_list("pk", flat=True)[:500])
        label = f"sweep selector tickets_late({kind}), {len(rows)} rows"
        print(f"{label:52} {(time.perf_counter() - started) * 1000:8.1f} {'':>8} {'':>8} {1:8d}")
    sql, params = tickets_late(moment=now, limit_kind="accept").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        print("plan of tickets_late(accept): " + " | ".join(row[0].strip() for row in cursor.fetchall()[:3]))
    if args.drop:
        drop_database()


if __name__ == "__main__":
    main()
