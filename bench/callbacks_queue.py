"""Benchmark K-5: the callback queue and the satisfaction report with 200,000 open and 2,000,000 done callbacks.

Run:
    .venv/bin/python -m bench.callbacks_queue [--open 200000] [--done 2000000] [--keep]
It creates (or reuses) the database csc_bench_cb, migrates it, fills it set-based (INSERT … SELECT over
generate_series, cloned from one ticket and one callback made through the ORM), then measures the server time of
building the queue page's data (its rows and the tabs' capped counts) for an agent and a supervisor,
the queue page itself through Django's test Client, and the satisfaction figures of one month (callbacks.satisfaction,
4 queries) and their page, each with its number of queries. Targets: queue < 100 ms, satisfaction < 1 s.

Shape: 17 stations, 5 teams of 10 agents; the open callbacks are 4 days' worth of completed repairs (one ticket each,
80% with the agent who took it, 20% in the team's queue, 5% appointed for later); the done ones are a year of
callbacks (~165,000 a month), scores 1–10, 满意 / 一般 / 不满意, 2% given up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csc_bench_cb")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc.settings")
os.environ["CSC_ENV_FILE"] = ""
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0000000000")
os.environ["DEBUG"] = "false"  # timings as in production: no query log kept in memory
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["STATIC_MANIFEST"] = "false"
os.environ.pop("REDIS_URL", None)
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.clone import clone_rows  # noqa: E402
from bench.database import drop_database, ensure_database  # noqa: E402


def _people():
    from django.contrib.auth.models import Group

    from accounts.models import Team, User
    from accounts.roles import Role

    agents_group = Group.objects.get(name=Role.AGENT.value)
    teams = [Team.objects.get_or_create(name=f"基准{n}班")[0] for n in range(5)]
    agents = []
    for n in range(50):
        user, created = User.objects.get_or_create(
            username=f"bench_cb_agent{n}", defaults={"agent_number": f"C{n:03d}", "team": teams[n % 5]}
        )
        if created:
            user.groups.add(agents_group)
        agents.append(user)
    supervisor, created = User.objects.get_or_create(username="bench_cb_supervisor", defaults={"agent_number": "C900"})
    if created:
        supervisor.groups.add(Group.objects.get(name=Role.SUPERVISOR.value))
    return teams, agents, supervisor


def fill(open_rows: int, done_rows: int):
    from callbacks.models import Callback
    from tickets.models import Station, Ticket

    teams, agents, supervisor = _people()
    if Callback.objects.count() >= open_rows + done_rows:
        print(f"reusing {Callback.objects.count():,} callbacks")
        return agents, supervisor
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Callback._meta.db_table}, {Ticket._meta.db_table} CASCADE")  # noqa: S608
    stations = [
        Station.objects.get_or_create(code=f"bench{n}", defaults={"name": f"基准站{n}", "sort_order": n})[0]
        for n in range(17)
    ]
    ticket = Ticket.objects.create(
        number="BXBENCH0",
        category="not_warm",
        address="顺义区基准小区1号楼",
        caller_name="基准测试",
        caller_phone="13800000000",
        station=stations[0],
        created_by=agents[0],
        status="completed",
    )
    from django.utils import timezone

    now = timezone.now()
    template = Callback.objects.create(
        kind="repair",
        ticket=ticket,
        name="基准测试",
        phone="13800000000",
        address="顺义区基准小区1号楼",
        station=stations[0],
        technician="孙师傅",
        agent=agents[0],
        team=teams[0],
        assignee=agents[0],
        due_at=now,
        deadline_at=now,
        queue_at=now,
    )
    started = time.perf_counter()
    # the tickets: one per open callback (never two open for one ticket); the done ones share them
    for first in range(1, open_rows + 1, 100_000):
        with transaction.atomic():
            clone_rows(
                Ticket,
                ticket.pk,
                {"number": "'BXB' || lpad(g::text, 9, '0')", "station_id": f"{stations[0].pk} + g % 17"},
                first=first,
                last=min(first + 99_999, open_rows),
            )
    first_ticket = Ticket.objects.filter(number="BXB000000001").values_list("pk", flat=True).get()
    print(f"  {open_rows:,} tickets  {time.perf_counter() - started:6.1f} s", flush=True)
    agent_ids = "ARRAY[" + ",".join(str(a.pk) for a in agents) + "]"
    team_ids = "ARRAY[" + ",".join(str(t.pk) for t in teams) + "]"
    # open: completed over the last 4 days, due 2 days after; 5% appointed for the next day
    made = f"(now() - (g * interval '{4 * 86400 / open_rows:.4f} seconds'))"
    open_overrides = {
        "ticket_id": f"{first_ticket} + g - 1",
        "station_id": f"{stations[0].pk} + g % 17",
        "technician": "(ARRAY['孙师傅','周师傅','郑师傅','冯师傅'])[1 + g % 4]",
        "agent_id": f"({agent_ids})[1 + g % 50]",
        "team_id": f"({team_ids})[1 + (g % 50) % 5]",
        "assignee_id": f"CASE WHEN g % 5 = 0 THEN NULL ELSE ({agent_ids})[1 + g % 50] END",
        "status": "CASE WHEN g % 20 = 0 THEN 'appointed' ELSE 'pending' END",
        "created_at": made,
        "due_at": f"{made} + interval '2 days'",
        "deadline_at": f"{made} + interval '2 days'",
        "queue_at": f"CASE WHEN g % 20 = 0 THEN now() + interval '1 day' ELSE {made} END",
        "appointment_at": "CASE WHEN g % 20 = 0 THEN now() + interval '1 day' END",
        "attempts": "g % 3 / 2",
    }
    for first in range(1, open_rows + 1, 100_000):
        with transaction.atomic():
            clone_rows(Callback, template.pk, open_overrides, first=first, last=min(first + 99_999, open_rows))
    print(f"  {open_rows:,} open callbacks  {time.perf_counter() - started:6.1f} s", flush=True)
    # done: a year, newest first; 10% complaint-like scores are not asked (no score) 2% given up
    done_at = f"(now() - interval '4 days' - (g * interval '{365 * 86400 / done_rows:.4f} seconds'))"
    done_overrides = {
        **open_overrides,
        "ticket_id": f"{first_ticket} + g % {open_rows}",
        "status": "CASE WHEN g % 50 = 0 THEN 'given_up' ELSE 'done' END",
        "assignee_id": f"({agent_ids})[1 + g % 50]",
        "created_at": f"{done_at} - interval '1 day'",
        "due_at": f"{done_at} + interval '1 day'",
        "deadline_at": f"{done_at} + interval '1 day'",
        "queue_at": f"{done_at} - interval '1 day'",
        "appointment_at": "NULL",
        "done_at": f"CASE WHEN g % 50 = 0 THEN NULL ELSE {done_at} END",
        "done_by_id": f"CASE WHEN g % 50 = 0 THEN NULL ELSE ({agent_ids})[1 + g % 50] END",
        "solved": "CASE WHEN g % 50 = 0 THEN NULL ELSE g % 40 <> 1 END",
        "attitude": "CASE WHEN g % 50 = 0 THEN '' ELSE (ARRAY['satisfied','satisfied','satisfied','satisfied','satisfied','satisfied','average','average','unsatisfied','satisfied'])[1 + g % 10] END",
        "score": "CASE WHEN g % 50 = 0 THEN NULL ELSE 1 + (g * 7) % 10 END",
        "fee_charged": "CASE WHEN g % 50 = 0 THEN NULL ELSE g % 30 = 0 END",
    }
    for first in range(1, done_rows + 1, 200_000):
        with transaction.atomic():
            clone_rows(Callback, template.pk, done_overrides, first=first, last=min(first + 199_999, done_rows))
        print(f"  {min(first + 199_999, done_rows):>9,} done  {time.perf_counter() - started:6.1f} s", flush=True)
    print(f"filled in {time.perf_counter() - started:.1f} s; analysing")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Callback._meta.db_table}")
        cursor.execute(f"ANALYZE {Ticket._meta.db_table}")
    return agents, supervisor


class Counter:
    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def timed(label: str, work, runs: int, target_ms: float) -> None:
    work()  # warm
    counter = Counter()
    with connection.execute_wrapper(counter):
        work()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    median, worst = statistics.median(timings), max(timings)
    flag = "OK " if median < target_ms else "SLOW"
    print(
        f"  {flag} {label:<44} median {median:7.1f}  max {worst:7.1f} ms  (target {target_ms:.0f})"
        f"  {len(counter.queries):>2} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=200_000)
    parser.add_argument("--done", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the database for another run")
    args = parser.parse_args()

    from datetime import timedelta

    from django.utils import timezone

    from callbacks import satisfaction, selectors
    from callbacks.models import Callback

    ensure_database()
    try:
        agents, supervisor = fill(args.open, args.done)
        setup_test_environment()
        agent = agents[7]
        print(
            f"\n{Callback.objects.count():,} callbacks, {Callback.objects.filter(status__in=['pending', 'appointed']).count():,} open;"
            f" {args.runs} runs each; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
        )
        for label, user, mine in (
            ("queue rows: agent, all visible", agent, False),
            ("queue rows: agent, mine", agent, True),
            ("queue rows: supervisor", supervisor, False),
        ):
            timed(
                f"{label} (the page's 26 rows)",
                lambda user=user, mine=mine: list(
                    selectors.callbacks_for_list(user=user)
                    .filter(status__in=["pending", "appointed"], **({"assignee": user} if mine else {}))
                    .order_by("queue_at", "id")[:26]
                ),
                args.runs,
                100,
            )
        for label, user in (("agent", agent), ("supervisor", supervisor)):
            timed(
                f"open counts (tabs, home, desk): {label}",
                lambda user=user: selectors.open_counts(user=user),
                args.runs,
                100,
            )
        client = Client()
        for label, user in (("queue page: agent", agent), ("queue page: supervisor", supervisor)):
            client.force_login(user)
            timed(label, lambda: client.get("/callbacks/"), args.runs, 100)
        today = timezone.localdate()
        last = today.replace(day=1) - timedelta(days=1)
        month = (last.replace(day=1), last)
        timed(
            f"satisfaction {month[0]:%Y-%m} (page figures)",
            lambda: satisfaction.satisfaction(start=month[0], end=month[1]),
            max(args.runs // 2, 3),
            1000,
        )
        timed(
            "satisfaction, monthly report section",
            lambda: satisfaction.satisfaction(start=month[0], end=month[1], detail=False),
            max(args.runs // 2, 3),
            1000,
        )
        client.force_login(supervisor)
        timed(
            "satisfaction page (last month)",
            lambda: client.get(f"/callbacks/satisfaction/?month={month[0]:%Y-%m}"),
            max(args.runs // 2, 3),
            1000,
        )
        print("  EXPLAIN queue (agent):")
        for line in selectors.queue(user=agent)[:50].explain().splitlines()[:12]:
            print(f"    {line}")
    finally:
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    main()
