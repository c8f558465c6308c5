"""Benchmark K-8: the monthly appraisal of 100 agents over 300,000 calls, 60,000 callbacks and 5,000 spot checks.

Run:
    .venv/bin/python -m bench.quality [--agents 100] [--calls 300000] [--callbacks 60000] [--checks 5000]
                                      [--rounds 5] [--fresh]
or `make bench BENCH=quality` (BENCH_ARGS="--fresh" for the options).
It creates (or reuses) the PostgreSQL database csc_bench_quality (BENCH_DATABASE_URL names another csc_bench_*
one), migrates it and fills last month set-based: INSERT … SELECT over generate_series, each row a copy of a template
made through the ORM or the service (bench/clone.py) with the varying columns computed in SQL. Then it rolls the calls
up by hour (callcenter.metrics.rollup, K-10: the appraisal reads the calls from the roll-up, as in production) and
measures in-process:
- quality.selectors.appraisal(month=…) for all the agents, for one team (a tenth of them) and as a team lead sees it:
  cold (the first call on a new database connection) and warm (median of --rounds), with its number of queries
  (CaptureQueriesContext) — the same number for 100 agents and for 10;
- the same month when the month before it is closed (the adjustments: the month before computed again);
- quality.services.appraisal_close of the month (each run rolled back), with the rows it freezes.
Target (K-8): the appraisal of a month of 100 agents under 2 s with a constant number of queries.

Shape: teams of 10 agents (bench_qa_agent001…, 工号 Q001…) with their leads (bench_qa_lead01…) and a supervisor;
the calls spread over the month, 12 in 13 answered by an agent (the rest abandoned in the queue), 1–6 minutes of talk;
the callbacks done in the month by the agents; the checks on answered calls, 7 in 8 by the agent's lead and 1 in 8
by the department head, 1 in 40 scored zero, 4 in 5 acknowledged, every item of the intake sheet scored; 1 in 20
calls checked twice (a calibration by another lead); counted errors from 2 in 5 checks (1 in 20 of them waived),
praise from 1 in 20, and a manual mark per agent; two typing tests per agent (this month and half a year ago).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import datetime, timedelta

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csc_bench_quality"
)
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

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Team, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from bench.clone import clone_from, clone_rows  # noqa: E402
from bench.database import drop_database, ensure_database  # noqa: E402
from callbacks.models import Callback  # noqa: E402
from callcenter import metrics  # noqa: E402
from callcenter.models import Call, CallHourStat, Recording  # noqa: E402
from csc.periods import days_bounds, month_of  # noqa: E402
from quality import selectors, services  # noqa: E402
from quality.models import (  # noqa: E402
    AppraisalMonth,
    ErrorType,
    ItemScore,
    Mark,
    ScoreItem,
    ScoreSheet,
    SpotCheck,
    TypingTest,
)
from tickets.models import Station, Ticket  # noqa: E402

SHAPE = 3  # moved on when the fill changes, so that a database filled the old way is filled again
PER_TEAM = 10
TARGET_SECONDS = 2.0
ERRORS = ["nonstandard_phrasing", "slow_answer", "wrong_name", "wrong_phone_address", "empty_promise"]


def _execute(sql: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _array(values) -> str:
    return "ARRAY[" + ",".join(str(v) for v in values) + "]::bigint[]"


# --- the fill --------------------------------------------------------------------------------------------------------


def _marker() -> dict | None:
    _execute("CREATE TABLE IF NOT EXISTS bench_quality (id int PRIMARY KEY, params jsonb NOT NULL)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT params FROM bench_quality WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    return json.loads(row[0]) if isinstance(row[0], str) else row[0]


def _people(agents: int) -> dict:
    """The teams, their agents and leads, and the supervisor (the department head); made once, then reused."""
    groups = {role: Group.objects.get(name=role.value) for role in (Role.AGENT, Role.TEAM_LEAD, Role.SUPERVISOR)}
    teams_count = -(-agents // PER_TEAM)

    def user(username: str, number: str, role: Role, team: Team | None) -> User:
        found, created = User.objects.get_or_create(
            username=username, defaults={"agent_number": number, "display_name": username, "team": team}
        )
        if created:
            found.set_unusable_password()
            found.save(update_fields=["password"])
            found.groups.add(groups[role])
        return found

    supervisor = user("bench_qa_supervisor", "QS01", Role.SUPERVISOR, None)
    teams, leads, members = [], [], []
    for t in range(teams_count):
        team, _created = Team.objects.get_or_create(name=f"质检基准{t + 1:02d}班")
        lead = user(f"bench_qa_lead{t + 1:02d}", f"QL{t + 1:02d}", Role.TEAM_LEAD, team)
        if team.lead_id != lead.pk:
            team.lead = lead
            team.save(update_fields=["lead"])
        teams.append(team)
        leads.append(lead)
    for n in range(agents):
        members.append(user(f"bench_qa_agent{n + 1:03d}", f"Q{n + 1:03d}", Role.AGENT, teams[n // PER_TEAM]))
    return {"supervisor": supervisor, "teams": teams, "leads": leads, "agents": members}


def _fill(people: dict, *, month_first, calls: int, callbacks: int, checks: int) -> dict:
    """Last month's records, set-based. Returns the seconds of each table."""
    seconds: dict[str, float] = {}
    agents, leads, supervisor = people["agents"], people["leads"], people["supervisor"]
    agent_ids = _array(a.pk for a in agents)
    start, end = days_bounds(*month_of(month_first))
    span = (end - start).total_seconds()

    def timed(label, work):
        began = time.perf_counter()
        rows = work()
        seconds[label] = time.perf_counter() - began
        print(f"  {label:<28} {rows:>9,} rows {seconds[label]:7.1f} s", flush=True)

    # the templates, through the ORM and the service: every NOT NULL column and default right
    station = Station.objects.create(name="质检基准站", code="bench_qa")
    sheet = ScoreSheet.objects.get(name="报修接听抽查测评表")
    version = sheet.current_version()
    template_call = Call.objects.create(
        external_id="QB0",
        direction="inbound",
        source="telephony",
        status="ended",
        caller_number="13800000000",
        called_number="96069",
        agent=agents[0],
        agent_number=agents[0].agent_number,
        call_type="repair",
        created_at=start + timedelta(minutes=30),
        queued_at=start + timedelta(minutes=30),
        ringing_at=start + timedelta(minutes=30, seconds=5),
        answered_at=start + timedelta(minutes=30, seconds=10),
        ended_at=start + timedelta(minutes=33),
        ring_seconds=5,
    )
    Recording.objects.create(
        call=template_call,
        url="https://cti.example/r/QB0.wav",
        size_bytes=480_000,
        duration_seconds=170,
        uploaded_by=supervisor,
    )
    template_check = services.spot_check_create(
        call=template_call,
        actor=leads[0],
        sheet=sheet,
        deductions={},
        errors=[ErrorType.objects.get(code="slow_answer")],
        at=start + timedelta(hours=2),
    )
    template_mark = Mark.objects.get(spot_check=template_check)
    ticket = Ticket.objects.create(
        number="BXQA0",
        category="not_warm",
        address="顺义区质检基准小区1号楼",
        caller_name="基准测试",
        caller_phone="13800000000",
        station=station,
        created_by=agents[0],
        status="completed",
    )
    template_callback = Callback.objects.create(
        kind="repair",
        ticket=ticket,
        name="基准测试",
        phone="13800000000",
        station=station,
        agent=agents[0],
        team=people["teams"][0],
        status="done",
        due_at=start,
        deadline_at=start,
        queue_at=start,
        done_at=start + timedelta(hours=1),
        done_by=agents[0],
        solved=True,
        attitude="satisfied",
        score=9,
    )
    n_agents = len(agents)

    # calls: spread evenly over the month; 1 in 13 abandoned in the queue (no agent), the rest answered by the agents
    moment = f"(%s::timestamptz + (g * {span / (calls + 1):.6f}) * interval '1 second')"
    answered = "(g % 13 <> 0)"  # 1 in 13 abandoned; 13 and the number of agents share no factor: all take calls
    call_overrides = {
        "external_id": "'QB' || g",
        "caller_number": "'139' || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0')",
        "agent_id": f"CASE WHEN {answered} THEN ({agent_ids})[1 + g % {n_agents}] END",
        "agent_number": f"CASE WHEN {answered} THEN 'Q' || lpad((1 + g % {n_agents})::text, 3, '0') ELSE '' END",
        "created_at": moment,
        "queued_at": moment,
        "ringing_at": f"CASE WHEN {answered} THEN {moment} + (g % 30) * interval '1 second' END",
        "answered_at": f"CASE WHEN {answered} THEN {moment} + (3 + g % 30) * interval '1 second' END",
        "ended_at": f"{moment} + (CASE WHEN {answered} THEN 60 + g % 300 ELSE 25 END) * interval '1 second'",
        "ring_seconds": f"CASE WHEN {answered} THEN 3 END",
        "hangup_cause": f"CASE WHEN {answered} THEN 'completed' ELSE 'abandoned' END",
        "call_type": f"CASE WHEN {answered} THEN (ARRAY['repair','repair','consultation','complaint','other'])[1 + g % 5] ELSE '' END",
        "repeated": "g % 9 = 0",
    }
    timed(
        "calls",
        lambda: clone_from(
            Call,
            template_call.pk,
            {k: v.replace("%s", "q.start") for k, v in call_overrides.items()},
            "(SELECT %s::timestamptz AS start) q, generate_series(1, %s) AS g",
            [start, calls - 1],
        ),
    )

    # callbacks done in the month by the agents
    done = f"(%s::timestamptz + (g * {span / (callbacks + 1):.6f}) * interval '1 second')"
    timed(
        "callbacks",
        lambda: clone_from(
            Callback,
            template_callback.pk,
            {
                "agent_id": f"({agent_ids})[1 + g % {n_agents}]",
                "done_by_id": f"({agent_ids})[1 + (g * 7) % {n_agents}]",
                "created_at": f"{done.replace('%s', 'q.start')} - interval '2 days'",
                "due_at": done.replace("%s", "q.start"),
                "deadline_at": done.replace("%s", "q.start"),
                "queue_at": f"{done.replace('%s', 'q.start')} - interval '1 day'",
                "done_at": done.replace("%s", "q.start"),
                "score": "1 + (g * 7) % 10",
            },
            "(SELECT %s::timestamptz AS start) q, generate_series(1, %s) AS g",
            [start, callbacks - 1],
        ),
    )

    # the checks: every 47th call (spread over the agents) if answered, checked two hours later by the lead (1 in 8: the head)
    calls_table, users_table, teams_table = Call._meta.db_table, User._meta.db_table, Team._meta.db_table
    source = f"""(SELECT c.id AS call_id, c.agent_id, t.lead_id, c.created_at,
                         row_number() OVER (ORDER BY c.id) AS g
                  FROM {calls_table} c JOIN {users_table} u ON u.id = c.agent_id JOIN {teams_table} t ON t.id = u.team_id
                  WHERE c.id <> %s AND c.answered_at IS NOT NULL AND c.id %% 47 = 7
                  ORDER BY c.id LIMIT %s) AS q"""
    zeroed = "(q.g % 40 = 0)"
    deducted = "((q.g * 7) % 6)"
    check_overrides = {
        "call_id": "q.call_id",
        "recording_id": "NULL",
        "agent_id": "q.agent_id",
        "checker_id": f"CASE WHEN q.g % 8 = 0 THEN {supervisor.pk} ELSE q.lead_id END",
        "checker_level": "CASE WHEN q.g % 8 = 0 THEN 'head' ELSE 'lead' END",
        "deducted": deducted,
        "score": f"CASE WHEN {zeroed} THEN 0 ELSE 35 - {deducted} END",
        "zeroed": zeroed,
        "checked_at": f"LEAST(q.created_at + interval '2 hours', '{end.isoformat()}'::timestamptz - interval '1 second')",
        "acknowledged_at": "CASE WHEN q.g % 5 <> 0 THEN q.created_at + interval '1 day' END",
    }
    timed(
        "spot checks",
        lambda: clone_from(SpotCheck, template_check.pk, check_overrides, source, [template_call.pk, checks - 1]),
    )
    # calibrations: 1 in 20 checked calls scored again by the next team's lead
    leads_array = _array(lead.pk for lead in leads)
    calibration_source = f"""(SELECT s.call_id, s.agent_id, s.checked_at, s.deducted, s.score, s.zeroed,
                                     ({leads_array})[1 + (array_position({leads_array}, t.lead_id) %% {len(leads)})]
                                         AS other_lead
                              FROM {SpotCheck._meta.db_table} s JOIN {users_table} u ON u.id = s.agent_id
                                   JOIN {teams_table} t ON t.id = u.team_id
                              WHERE s.id %% 20 = 3 AND s.purpose = 'check') AS q"""
    if len(leads) < 2:
        calibration_source = calibration_source.replace("WHERE", "WHERE false AND", 1)
    timed(
        "calibrations",
        lambda: clone_from(
            SpotCheck,
            template_check.pk,
            {
                "call_id": "q.call_id",
                "recording_id": "NULL",
                "agent_id": "q.agent_id",
                "checker_id": "q.other_lead",
                "purpose": "'calibration'",
                "deducted": "LEAST(q.deducted + 1, 35)",
                "score": "CASE WHEN q.zeroed THEN 0 ELSE GREATEST(q.score - 1, 0) END",
                "zeroed": "q.zeroed",
                "checked_at": "q.checked_at + interval '1 hour'",
                "acknowledged_at": "NULL",
            },
            calibration_source,
        ),
    )
    # every item of the sheet scored: the check's deduction on one of them, 0 on the others
    timed(
        "item scores",
        lambda: _execute(
            f"""INSERT INTO {ItemScore._meta.db_table} (check_row_id, item_id, deducted)
                SELECT s.id, i.id, CASE WHEN i."order" = 1 + s.id %% 18 THEN LEAST(s.deducted, i.points) ELSE 0 END
                FROM {SpotCheck._meta.db_table} s JOIN {ScoreItem._meta.db_table} i ON i.version_id = %s
                WHERE s.id <> %s""",  # noqa: S608
            [version.pk, template_check.pk],
        ),
    )
    # marks: an error from 2 in 5 checks (rude manner on the zeroed ones; 1 in 20 waived), praise from 1 in 20
    types = {kind.code: kind for kind in ErrorType.objects.all()}
    error_ids = _array(types[code].pk for code in ERRORS)
    error_amounts = "ARRAY[" + ",".join(str(types[code].amount) for code in ERRORS) + "]::numeric[]"
    mark_source = f"""(SELECT s.id AS check_id, s.agent_id, s.checker_id, s.checked_at, s.zeroed, s.id AS g
                       FROM {SpotCheck._meta.db_table} s
                       WHERE s.purpose = 'check' AND s.id <> %s AND (s.zeroed OR s.id %% 5 IN (1, 3))) AS q"""
    day = "(q.checked_at AT TIME ZONE 'Asia/Shanghai')::date"
    timed(
        "marks (errors)",
        lambda: clone_from(
            Mark,
            template_mark.pk,
            {
                "agent_id": "q.agent_id",
                "error_type_id": f"CASE WHEN q.zeroed THEN {types['rude_manner'].pk} ELSE ({error_ids})[1 + q.g % {len(ERRORS)}] END",
                "amount": f"CASE WHEN q.zeroed THEN {types['rude_manner'].amount} ELSE ({error_amounts})[1 + q.g % {len(ERRORS)}] END",
                "occurred_on": day,
                "spot_check_id": "q.check_id",
                "recorded_by_id": "q.checker_id",
                "recorded_at": "q.checked_at",
                "state": "CASE WHEN q.g % 20 = 11 THEN 'waived' ELSE 'counted' END",
                "decided_by_id": f"CASE WHEN q.g % 20 = 11 THEN {supervisor.pk} END",
                "decided_at": "CASE WHEN q.g % 20 = 11 THEN q.checked_at + interval '1 day' END",
            },
            mark_source,
            [template_check.pk],
        ),
    )
    timed(
        "marks (praise)",
        lambda: clone_from(
            Mark,
            template_mark.pk,
            {
                "agent_id": "q.agent_id",
                "error_type_id": str(types["praised_recording"].pk),
                "kind": "'praise'",
                "amount": "0",
                "occurred_on": day,
                "spot_check_id": "q.check_id",
                "recorded_by_id": "q.checker_id",
                "recorded_at": "q.checked_at",
            },
            f"""(SELECT s.id AS check_id, s.agent_id, s.checker_id, s.checked_at
                 FROM {SpotCheck._meta.db_table} s WHERE s.purpose = 'check' AND s.id %% 20 = 9) AS q""",
        ),
    )
    timed(
        "marks (by hand)",
        lambda: clone_rows(
            Mark,
            template_mark.pk,
            {
                "agent_id": f"({agent_ids})[g]",
                "error_type_id": str(types["exception_not_reported"].pk),
                "amount": str(types["exception_not_reported"].amount),
                "occurred_on": f"'{month_first.isoformat()}'::date + (g % 28)",
                "source": "'manual'",
                "spot_check_id": "NULL",
                "reason": "'异常情况未主动上报'",
            },
            last=n_agents,
        ),
    )
    timed(
        "typing tests",
        lambda: len(
            TypingTest.objects.bulk_create(
                TypingTest(
                    agent=agent,
                    tested_on=tested_on,
                    english_per_minute=60 + n % 40,
                    english_accuracy=90 + n % 10,
                    chinese_per_minute=40 + n % 30,
                    chinese_accuracy=92 + n % 8,
                    recorded_by=leads[n // PER_TEAM],
                )
                for n, agent in enumerate(agents)
                for tested_on in (month_first + timedelta(days=9), month_first - timedelta(days=180))
            )
        ),
    )
    began = time.perf_counter()
    _execute("ANALYZE")
    seconds["ANALYZE"] = time.perf_counter() - began
    return seconds


def ensure_data(*, agents: int, calls: int, callbacks: int, checks: int, fresh: bool) -> dict:
    """The database filled with last month's records (reused when filled with the same sizes for the same month)."""
    month_first = month_of(month_of(timezone.localdate())[0] - timedelta(days=1))[0]
    params = {
        "agents": agents,
        "calls": calls,
        "callbacks": callbacks,
        "checks": checks,
        "month": month_first.isoformat(),
        "shape": SHAPE,
    }
    ensure_database()
    marker = _marker()
    if marker is not None and (fresh or marker != params):
        print(f"dropping the database ({'--fresh' if fresh else f'filled with {marker}'})")
        drop_database()
        ensure_database()
        marker = _marker()
    people = _people(agents)
    if marker == params:
        print(f"reusing {connection.settings_dict['NAME']}: {params}")
        return {"month": month_first, "people": people, "seconds": None}
    if Call.objects.exists():
        print("dropping the database (a fill that did not finish)")
        drop_database()
        ensure_database()
        _marker()
        people = _people(agents)
    print(f"filling {connection.settings_dict['NAME']} with {month_first:%Y-%m}:", flush=True)
    began = time.perf_counter()
    seconds = _fill(people, month_first=month_first, calls=calls, callbacks=callbacks, checks=checks)
    rolled = time.perf_counter()
    done = metrics.rollup()
    seconds["K-10 roll-up"] = time.perf_counter() - rolled
    print(
        f"  {'K-10 roll-up':<28} {done['rows']:>9,} rows {seconds['K-10 roll-up']:7.1f} s "
        f"({done['hours']:,} hours, {CallHourStat.objects.count():,} hour rows)"
    )
    seconds["total"] = time.perf_counter() - began
    print(f"  {'filled in':<28} {'':>9}      {seconds['total']:7.1f} s")
    _execute("INSERT INTO bench_quality (id, params) VALUES (1, %s)", [json.dumps(params)])
    return {"month": month_first, "people": people, "seconds": seconds}


# --- the measurements ------------------------------------------------------------------------------------------------


def _queries(work) -> int:
    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured.captured_queries)


def _cold_warm(work, rounds: int) -> tuple[float, float, float, object]:
    """The first call on a new connection, then the median and the worst of `rounds` warm calls (ms)."""
    connections.close_all()
    began = time.perf_counter()
    result = work()
    cold = (time.perf_counter() - began) * 1000
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - began) * 1000)
    return cold, statistics.median(times), max(times), result


def _describe(month_first) -> None:
    start, end = days_bounds(*month_of(month_first))
    per_agent = list(
        SpotCheck.objects.filter(purpose="check").values("agent_id").annotate(n=Count("id")).values_list("n", flat=True)
    )
    print(
        f"\ndata of {month_first:%Y-%m}: {Call.objects.filter(created_at__gte=start, created_at__lt=end).count():,} calls "
        f"({Call.objects.filter(created_at__gte=start, created_at__lt=end, agent__isnull=False).count():,} answered "
        f"by an agent), {Callback.objects.filter(done_at__gte=start, done_at__lt=end).count():,} callbacks done, "
        f"{SpotCheck.objects.filter(purpose='check').count():,} spot checks ({min(per_agent)}–{max(per_agent)} an agent) and "
        f"{SpotCheck.objects.filter(purpose='calibration').count():,} calibrations "
        f"({ItemScore.objects.count():,} item scores), {Mark.objects.count():,} marks, "
        f"{TypingTest.objects.count():,} typing tests; {CallHourStat.objects.count():,} K-10 hour rows"
    )


def measure(month_first, people: dict, rounds: int) -> None:
    supervisor, lead, team = people["supervisor"], people["leads"][0], people["teams"][0]
    n_agents = len(people["agents"])
    cases = [
        (f"all {n_agents} agents", lambda: selectors.appraisal(month=month_first)),
        (f"all {n_agents} agents, as the supervisor", lambda: selectors.appraisal(month=month_first, user=supervisor)),
        ("one team (?team=)", lambda: selectors.appraisal(month=month_first, team=team.pk)),
        ("as the team's lead", lambda: selectors.appraisal(month=month_first, user=lead)),
    ]
    print(f"\nselectors.appraisal(month={month_first:%Y-%m}): cold (new connection) and warm (median of {rounds})")
    print(f"  {'':38} {'agents':>6} {'cold ms':>9} {'warm ms':>9} {'max ms':>9} {'queries':>8}")
    for label, work in cases:
        cold, warm, worst, result = _cold_warm(work, rounds)
        count = _queries(work)
        flag = "OK " if warm < TARGET_SECONDS * 1000 and cold < TARGET_SECONDS * 1000 else "SLOW"
        print(
            f"  {flag} {label:<34} {len(result.lines):>6} {cold:9.1f} {warm:9.1f} {worst:9.1f} {count:>8}",
            flush=True,
        )
    totals = selectors.appraisal(month=month_first).lines
    print(
        f"  (the month's lines: {sum(line.calls_taken for line in totals):,} calls taken, "
        f"{sum(line.callbacks_done for line in totals):,} callbacks, {sum(line.checks for line in totals):,} checks, "
        f"{sum(sum(e['count'] for e in line.errors.values()) for line in totals):,} counted errors, "
        f"{sum(line.praise_count for line in totals):,} praise; "
        f"{sum(1 for line in totals if line.reward_level):,} agents with a bonus level)"
    )

    before = month_of(month_first - timedelta(days=1))[0]
    with transaction.atomic():
        point = transaction.savepoint()
        services.appraisal_close(month=before, actor=supervisor)
        print(f"\nthe same month with the month before ({before:%Y-%m}) closed: its changes since are adjustments")
        for label, work in cases[:1] + cases[2:3]:
            cold, warm, worst, result = _cold_warm_in_transaction(work, rounds)
            count = _queries(work)
            flag = "OK " if warm < TARGET_SECONDS * 1000 else "SLOW"
            print(f"  {flag} {label:<34} {len(result.lines):>6} {cold:9.1f} {warm:9.1f} {worst:9.1f} {count:>8}")
        transaction.savepoint_rollback(point)

    print(f"\nservices.appraisal_close(month={month_first:%Y-%m}), each run rolled back")
    times, frozen, count = [], 0, 0
    for run in range(max(rounds, 3)):
        with transaction.atomic():
            point = transaction.savepoint()
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                closed = services.appraisal_close(month=month_first, actor=supervisor)
                times.append((time.perf_counter() - began) * 1000)
            frozen = closed.rows.count()
            count = len(captured.captured_queries)
            transaction.savepoint_rollback(point)
        if run == 0:
            first = times[0]
    print(
        f"  first {first:.1f} ms, median {statistics.median(times):.1f} ms, max {max(times):.1f} ms; "
        f"{frozen} rows frozen, {count} queries"
    )
    assert not AppraisalMonth.objects.exists()


def _cold_warm_in_transaction(work, rounds: int):
    """As _cold_warm, without a new connection (it would leave the transaction): the first call, then warm ones."""
    began = time.perf_counter()
    result = work()
    first = (time.perf_counter() - began) * 1000
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - began) * 1000)
    return first, statistics.median(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--calls", type=int, default=300_000)
    parser.add_argument("--callbacks", type=int, default=60_000)
    parser.add_argument("--checks", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="drop the database and fill it anew")
    args = parser.parse_args()
    started = datetime.now()  # noqa: DTZ005  the wall clock of the run, printed only
    data = ensure_data(
        agents=args.agents, calls=args.calls, callbacks=args.callbacks, checks=args.checks, fresh=args.fresh
    )
    _describe(data["month"])
    measure(data["month"], data["people"], args.rounds)
    print(f"\nrun at {started:%Y-%m-%d %H:%M}; target: under {TARGET_SECONDS:.0f} s with a constant number of queries")


if __name__ == "__main__":
    main()
