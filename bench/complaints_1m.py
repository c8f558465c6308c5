"""Benchmark C-10: the complaint pages with 1,000,000 complaints in PostgreSQL.

Run:
    .venv/bin/python -m bench.complaints_1m [--rows 1000000] [--keep]
It creates (or reuses) the database csc_bench_complaints, migrates it, fills it set-based (INSERT … SELECT over
generate_series, cloned from one complaint registered through the service), then measures the server time of
the supervisor list page, "overdue now", other filters, the complaint page and the API list through Django's
test Client, with the query count of each. Without --keep the database is dropped at the end.

Shape of the data: two years of complaints, one every ~63 seconds; the newest 3% are open (the rest closed);
open complaints older than their 15-day deadline are overdue (about a third of the open ones).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csc_bench_complaints"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc.settings")
os.environ["CSC_ENV_FILE"] = ""
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0000000000")
os.environ["DEBUG"] = "false"  # timings as in production: no query log kept in memory
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["STATIC_MANIFEST"] = "false"
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.clone import clone_rows  # noqa: E402
from bench.database import drop_database, ensure_database  # noqa: E402

VERBOSE = False


def fill(rows: int):
    """One complaint through the service, then `rows` clones in batches of INSERT … SELECT generate_series."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role
    from complaints.models import Complaint, ComplaintCategory, ComplaintEntry, ReplyCommitment
    from complaints.services import complaint_note, complaint_register

    agents_group = Group.objects.get(name=Role.AGENT.value)
    agents = []
    for n in range(50):
        user, created = User.objects.get_or_create(username=f"bench_agent{n}", defaults={"agent_number": f"B{n:03d}"})
        if created:
            user.groups.add(agents_group)
        agents.append(user)
    supervisor, created = User.objects.get_or_create(username="bench_supervisor", defaults={"agent_number": "B900"})
    if created:
        supervisor.groups.add(Group.objects.get(name=Role.SUPERVISOR.value))
    existing = Complaint.objects.count()
    if existing >= rows:
        print(f"reusing {existing:,} complaints")
        return supervisor
    if existing:
        print(f"emptying the {existing:,} complaints of an earlier, smaller run")
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Complaint._meta.db_table} CASCADE")  # noqa: S608  a csc_bench_* database
    category_ids = list(ComplaintCategory.objects.values_list("pk", flat=True))
    with transaction.atomic():
        template = complaint_register(
            actor=agents[0],
            category=ComplaintCategory.objects.first(),
            complainant_name="基准测试",
            complainant_phone="13800000000",
            subject="基准测试投诉",
            statement="基准测试:暖气不热,维修不及时。",
            send_sms=False,
        )
    table = Complaint._meta.db_table
    agent_ids = "ARRAY[" + ",".join(str(a.pk) for a in agents) + "]"
    categories = "ARRAY[" + ",".join(str(c) for c in category_ids) + "]"
    open_rows = int(rows * 0.03)
    registered = "(now() - (g * interval '63 seconds'))"
    overrides = {
        "number": f"to_char({registered} AT TIME ZONE 'Asia/Shanghai', 'YYMM') || lpad(g::text, 7, '0')",
        "status": f"CASE WHEN g <= {open_rows} THEN (ARRAY['registered','investigating','proposed','approved','informed'])[1 + g % 5] ELSE 'closed' END",
        "owner_id": f"({agent_ids})[1 + g % 50]",
        "registered_by_id": f"({agent_ids})[1 + g % 50]",
        "category_id": f"({categories})[1 + g % {len(category_ids)}]",
        "channel": "(ARRAY['phone','visit','letter','web','government_hotline'])[1 + g % 5]",
        "severity": "CASE WHEN g % 97 = 0 THEN 'critical' WHEN g % 13 = 0 THEN 'major' ELSE 'normal' END",
        "cause_class": "CASE WHEN g % 3 = 0 THEN 'quality' ELSE 'non_quality' END",
        "complainant_phone": "'138' || lpad((g % 100000000)::text, 8, '0')",
        "subject": "(ARRAY['暖气不热','维修师傅态度差','热费多收','漏水未修好','开栓延误','电话无人接听','收费不开票','室温不达标'])[1 + g % 8]",
        "registered_at": registered,
        "accepted_at": registered,
        "due_at": f"{registered} + interval '15 days'",
        "first_reply_due_at": f"{registered} + interval '2 hours'",
        "first_replied_at": f"{registered} + interval '1 hour'",
        "next_reply_due_at": f"CASE WHEN g <= {open_rows} THEN {registered} + interval '1 day' END",
        "closed_at": f"CASE WHEN g > {open_rows} THEN {registered} + (g % 20) * interval '1 day' END",
        # callbacks are done for all closed complaints but the last ~2,000 closed (the callback backlog)
        "callback_recorded_at": f"CASE WHEN g > {open_rows} + 2000 THEN {registered} + interval '21 days' END",
        "satisfaction": f"CASE WHEN g > {open_rows} + 2000 AND g % 10 <> 0 THEN 1 + g % 10 END",
        "updated_at": registered,
    }
    started = time.perf_counter()
    batch = 100_000
    for first in range(1, rows + 1, batch):
        with transaction.atomic():
            clone_rows(Complaint, template.pk, overrides, first=first, last=min(first + batch - 1, rows))
        print(f"  {min(first + batch - 1, rows):>9,} rows  {time.perf_counter() - started:6.1f} s", flush=True)
    # every open complaint has its first-reply commitment (kept) and an open promise; some record entries
    with transaction.atomic(), connection.cursor() as cursor:
        commitments = ReplyCommitment._meta.db_table
        cursor.execute(
            f"INSERT INTO {commitments} (complaint_id, kind, due_at, made_at, status, note) "  # noqa: S608
            f"SELECT id, 'promise', next_reply_due_at, registered_at, 'open', '' FROM {table} "
            "WHERE status <> 'closed' AND next_reply_due_at IS NOT NULL"
        )
        entries = ComplaintEntry._meta.db_table
        cursor.execute(
            f"INSERT INTO {entries} (complaint_id, at, author_id, kind, text, from_status, to_status) "  # noqa: S608
            f"SELECT c.id, c.registered_at + k * interval '1 hour', c.owner_id, 'note', '进展记录 ' || k, '', '' "
            f"FROM {table} c, generate_series(1, 5) k WHERE c.status <> 'closed'"
        )
    for n in range(20):
        complaint_note(complaint=template, actor=agents[0], text=f"进展{n}")
    print(f"filled {rows:,} complaints in {time.perf_counter() - started:.1f} s; analysing")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"ANALYZE {ReplyCommitment._meta.db_table}")
        cursor.execute(f"ANALYZE {ComplaintEntry._meta.db_table}")
    return supervisor


def measure(client: Client, label: str, url: str, runs: int) -> tuple[float, float, int]:
    response = client.get(url)  # warm: templates compiled, connection open
    assert response.status_code == 200, (url, response.status_code)
    queries: list[tuple[float, str]] = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(record):
        client.get(url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    median, worst = statistics.median(timings), max(timings)
    p90 = sorted(timings)[max(int(len(timings) * 0.9) - 1, 0)]
    flag = "OK " if p90 < 100 else "SLOW"
    sql_ms = sum(ms for ms, _sql in queries)
    print(
        f"  {flag} {label:<38} median {median:6.1f}  p90 {p90:6.1f}  max {worst:6.1f} ms   {len(queries):>2} queries, {sql_ms:5.1f} ms in SQL"
    )
    if VERBOSE:
        for ms, sql in sorted(queries, reverse=True)[:3]:
            print(f"         {ms:6.1f} ms  {sql[:160]}")
    return median, worst, len(queries)


def explain(sql_label: str, queryset) -> None:
    plan = queryset.explain()
    first = plan.splitlines()[0] if plan else ""
    print(f"  EXPLAIN {sql_label}: {first.strip()}")
    for line in plan.splitlines()[1:]:
        if "Index" in line or "Seq Scan" in line:
            print(f"           {line.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database for another run")
    parser.add_argument("--verbose", action="store_true", help="show the slowest statements of each page")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose

    from django.utils import timezone

    from complaints import selectors
    from complaints.filters import ComplaintFilter
    from complaints.models import Complaint

    ensure_database()
    try:
        supervisor = fill(args.rows)
        setup_test_environment()
        client = Client()
        client.force_login(supervisor)
        total = Complaint.objects.count()
        overdue = selectors.complaints_due_before(moment=timezone.now()).count()
        recent = Complaint.objects.order_by("-registered_at").values_list("number", flat=True).first()
        template = Complaint.objects.filter(complainant_name="基准测试").values_list("number", flat=True).first()
        old = Complaint.objects.order_by("registered_at").values_list("number", flat=True).first()
        owner = Complaint.objects.values_list("owner_id", flat=True).first()
        category = Complaint.objects.values_list("category_id", flat=True).first()
        print(
            f"\n{total:,} complaints, {overdue:,} overdue now; {args.runs} runs each (server time via Django's test Client)"
        )
        print(
            f"load average before measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
        )
        measure(client, "list page (newest 50)", "/complaints/", args.runs)
        measure(client, "list page: overdue now", "/complaints/?overdue=true", args.runs)
        measure(client, "list page: due today", "/complaints/?due_today=true", args.runs)
        measure(client, "list page: open, by deadline", "/complaints/?status=open&sort=due", args.runs)
        measure(client, "list page: one owner", f"/complaints/?owner={owner}", args.runs)
        measure(client, "list page: category + channel", f"/complaints/?category={category}&channel=web", args.runs)
        measure(client, "list page: page 200", "/complaints/?page=200", args.runs)
        measure(client, "list page: search by number", f"/complaints/?q={old}", args.runs)
        measure(client, "list page: search a subject word", "/complaints/?q=漏水", args.runs)
        measure(client, "list page: search, no match", "/complaints/?q=没有这个词", args.runs)
        measure(client, "complaint page (newest)", f"/complaints/{recent}/", args.runs)
        measure(client, "complaint page (20 notes, promises)", f"/complaints/{template}/", args.runs)
        measure(client, "complaint page (oldest)", f"/complaints/{old}/", args.runs)
        measure(client, "API list: overdue", "/api/v1/complaints/?overdue=true", args.runs)
        measure(client, "API detail", f"/api/v1/complaints/{recent}/", args.runs)
        measure(client, "list page: promised reply missed", "/complaints/?reply_overdue=true", args.runs)
        measure(client, "home page (complaint panel)", "/", args.runs)
        explain(
            "overdue now",
            ComplaintFilter({"overdue": "1"}, queryset=selectors.complaints_for_list(user=supervisor)).qs[:51],
        )
        explain("commitments due", selectors.commitments_due_before(moment=timezone.now())[:100])
    finally:
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    main()
