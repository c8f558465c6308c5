"""Big data for the supervisor dashboard (D-1, K-10): 3 years of a heating hotline up to now, 5,000,000 calls.

Run:
    .venv/bin/python -m bench.bigdata [--complaints 1000000] [--tickets 2000000] [--calls 5000000] [--keep | --fresh]
It creates (or reuses) the PostgreSQL database csc_bench_big (BENCH_DATABASE_URL names another csc_bench_* one),
migrates it and fills it set-based: INSERT … SELECT over generate_series, one statement per table and month, each
row a copy of a template row made through the ORM (bench/clone.py) with the varying columns computed in SQL. It
prints the time of each table, the total, the shape of the data and the database's size.

Other benchmarks build on it (import it first: it points Django at the database before django.setup()):
    from bench.bigdata import bench_users, ensure_big_data
    ensure_big_data()                 # the default sizes; reused when already filled, else filled (~13 min)
    users = bench_users()             # .supervisor, .lead, .agent, .station, .gm
--keep (the default) reuses a database filled with the same sizes and brings it up to now: the calls, tickets and
complaints of the hours since the last run are added, and what was still open then moves on as planned (a ticket
accepted, completed, called back …), so "today" is always today. --fresh drops the database and fills it anew.

The shape (every row's story is a pure function of its number and its time, so a later run can carry it on):
- 17 repair stations with their service areas (tickets.demo's), one staff account each (bench_station_<code>);
  5 teams 基准一班…五班 of 10 agents (bench_agent01…50, 工号 7001…7050) with their leads (bench_lead1…5,
  7101…7105); bench_supervisor (approves complaints up to level 2), bench_gm (GM office, level 3). Password
  bench12345.
- Sizes: the calls exactly as asked; the tickets and phone complaints follow the types drawn for the calls
  (within about 0.1% of the numbers asked at the default sizes), the other complaints exactly.
- Time: 3 years up to now (Asia/Shanghai), the heating season (November–March) three times the summer, the first
  weeks of the season heavier still, weekends lighter, the day's hours from a quiet night to the 9–11 o'clock
  peak; the current hour up to now.
- Calls: 92% inbound through the telephony (external id CTI…), 4% outbound callbacks started by hand; 8% abandoned
  in the queue (a third within 5 s), 0.6% rang at an agent unanswered; the wait in the queue mostly 0–40 s with
  a tail to 10 minutes, rings of 2–12 s (8% over 15 s); the agent on the shift's rota (two teams by day, two in
  the evening, one at night); types repair / complaint / consultation / praise / suggestion / other, 1% of the
  answered never wrapped up; the last minutes' calls still queued, ringing or talking. Callers come from a pool of
  ~800,000 numbers (calls / 6), and one call in five is the same caller again within three days.
- Tickets: one per repair call (created during the call, by its agent, for its caller, linked to it), numbered
  BX+YYMM+serial without gaps; the address and the name follow the phone number (the same caller, the same home);
  the station's steps at realistic times: accepted in 1–12 minutes (some late), contacted, on site (late at night
  some the next morning), completed (a few waiting for parts, a few stuck for days), called back, closed — cut at
  now, so today's tickets stand at every step and a few thousand are open, some past their T-5 limits. 2% are
  rejected once and dispatched again. Exception events: the timing ones exactly where the five-minute sweep would
  have raised them, praise / complaints / suggestions recorded at the callback (about 3% of tickets in all).
- Complaints: half from complaint calls (channel phone, owned by the agent), half by visit, letter, web and the
  12345 hotline; numbered YYMM+serial; deadlines from the category's policy; 86% closed the same day, 12% the
  next, 1.4% within a week, 0.4% on the deadline's day, 0.18% after it, 0.005% stuck: a few hundred open now,
  some overdue, some due today. The first-reply commitment and the promised reply of each (kept, missed or open).
- Callbacks: one per repair completed and per valid complaint closed in the last 365 days, due in 2 working days
  (Chinese calendar); done with the survey's answers when the matter was called back, else open (5% appointed).
- Record entries of complaints and ticket events: the last 30 days only. Then ANALYZE.
Left out: call events (the calls carry their times), history rows of the generated rows, customers (the
numbers are not on record), call links of repeat calls, return visits and follow-up complaints after a low score,
internal complaints, area outages.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import json
import logging
import os
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csc_bench_big")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc.settings")
os.environ["CSC_ENV_FILE"] = ""
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0000000000")
os.environ["DEBUG"] = "false"  # no query log kept in memory
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["STATIC_MANIFEST"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Team, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from bench.clone import clone_from  # noqa: E402
from bench.database import drop_database, ensure_database  # noqa: E402
from callbacks.models import Callback, CallbackAttempt  # noqa: E402
from callbacks.services import callback_settings  # noqa: E402
from callcenter.demo import OTHER_CALLS, QUESTIONS  # noqa: E402
from callcenter.models import Call  # noqa: E402
from complaints.demo import SEASON_ISSUES  # noqa: E402
from complaints.models import ApprovalLevel, Complaint, ComplaintCategory, ComplaintEntry, ReplyCommitment  # noqa: E402
from complaints.services import NUMBER_SCOPE  # noqa: E402
from csc.models import NumberCounter  # noqa: E402
from csc.workdays import working_days_between  # noqa: E402
from tickets.demo import _FAMILY, _GIVEN, DISTRICT, SEASON_CATEGORIES, SEASON_NOTES, STATIONS, TECHNICIANS  # noqa: E402
from tickets.models import ExceptionEvent, ServiceArea, Station, Ticket, TicketEvent  # noqa: E402
from tickets.services import DEFAULT_LIMITS, TICKET_PREFIX  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
YEARS = 3
PASSWORD = "bench12345"
TEAMS, PER_TEAM = 5, 10
# the share of the day's calls in each local hour (0:00 … 23:00)
HOURS = [0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.5, 1.2, 2.2, 2.6, 2.5, 2.2, 1.8, 1.9, 2.1, 2.0, 1.9, 1.8, 2.0, 2.2, 2.0, 1.5, 0.9, 0.4]  # fmt: skip
ABANDONED, NO_ANSWER, OUTBOUND, UNWRAPPED = 0.08, 0.006, 0.04, 0.01
REPEAT = 0.2  # one call in five: the same caller again within three days
PHONE_COMPLAINTS = 0.5  # the share of complaints received by phone (the rest: visit, letter, web, 12345)
RECORD_DAYS = 30  # complaint entries and ticket events are written for this many days back
CALLBACK_DAYS = 365
OFFSET_OTHER = 4_000_000_000_000  # the slot numbers of complaints received otherwise than by phone
MOBILE_PREFIXES = ["135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "186", "187", "188", "189"]
TABLES = {  # the big tables: their plain indexes are dropped during a fresh fill and built again after it
    "calls": Call,
    "tickets": Ticket,
    "complaints": Complaint,
    "callbacks": Callback,
    "commitments": ReplyCommitment,
}


class BenchUsers(NamedTuple):
    supervisor: User
    lead: User
    agent: User
    station: User
    gm: User


def bench_users() -> BenchUsers:
    """The supervisor, team lead 1, agent 1 (工号 7001, team 1), 宏城's staff member and the GM office account."""
    get = User.objects.select_related("team", "station").get
    return BenchUsers(
        supervisor=get(username="bench_supervisor"),
        lead=get(username="bench_lead1"),
        agent=get(username="bench_agent01"),
        station=get(username="bench_station_hongcheng"),
        gm=get(username="bench_gm"),
    )


# --- SQL helpers ---------------------------------------------------------------------------------------------


def _execute(sql: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _scalar(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _text(value: str) -> str:
    """An SQL string literal; % doubled, as every statement here runs with parameters."""
    return "'" + value.replace("'", "''").replace("%", "%%") + "'"


def _array(values, kind: str = "text") -> str:
    if kind == "text":
        return "ARRAY[" + ",".join(_text(v) for v in values) + "]::text[]"
    return "ARRAY[" + ",".join("NULL" if v is None else str(v) for v in values) + f"]::{kind}[]"


def _layer(inner: str, columns: dict[str, str]) -> str:
    """One more step of a row's story: the columns of `inner` and new ones computed from them. OFFSET 0 keeps
    PostgreSQL from folding the steps into one another (it would compute a shared expression once per use)."""
    new = ", ".join(f"{expression} AS {name}" for name, expression in columns.items())
    return f"SELECT s.*, {new} FROM ({inner} OFFSET 0) s"


FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION bench_u(k bigint, salt int) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(k, salt) & 2147483647)::double precision / 2147483648.0 $$;
CREATE OR REPLACE FUNCTION bench_ut(k text, salt int) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashtextextended(k, salt) & 2147483647)::double precision / 2147483648.0 $$;
CREATE OR REPLACE FUNCTION bench_phone(p bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ({_array(MOBILE_PREFIXES)})[1 + mod(p, {len(MOBILE_PREFIXES)})::int]
                 || lpad(mod((p / {len(MOBILE_PREFIXES)}) * 7919, 100000000)::text, 8, '0') $$;
CREATE OR REPLACE FUNCTION bench_serial(n bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN n < 10000 THEN lpad(n::text, 4, '0') ELSE n::text END $$;
CREATE OR REPLACE FUNCTION bench_pick(a text[], u double precision) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT a[1 + floor(u * cardinality(a))::int] $$;
CREATE OR REPLACE FUNCTION bench_hour(t timestamptz) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT extract(hour FROM t AT TIME ZONE 'Asia/Shanghai')::int $$;
CREATE OR REPLACE FUNCTION bench_day_at(t timestamptz, days int, hours double precision) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (date_trunc('day', t AT TIME ZONE 'Asia/Shanghai') + days * interval '1 day'
                  + hours * interval '1 hour') AT TIME ZONE 'Asia/Shanghai' $$;
CREATE OR REPLACE FUNCTION bench_tick(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (date_trunc('hour', t AT TIME ZONE 'UTC')
                  + (floor(extract(minute FROM t AT TIME ZONE 'UTC') / 5) + 1) * interval '5 minutes') AT TIME ZONE 'UTC' $$;
CREATE TABLE IF NOT EXISTS bench_workdays (d date, n int, target date, PRIMARY KEY (d, n));
CREATE OR REPLACE FUNCTION bench_workday(t timestamptz, n int) RETURNS timestamptz LANGUAGE sql STABLE
    AS $$ SELECT (w.target + (t AT TIME ZONE 'Asia/Shanghai')::time) AT TIME ZONE 'Asia/Shanghai'
          FROM bench_workdays w WHERE w.d = (t AT TIME ZONE 'Asia/Shanghai')::date AND w.n = $2 $$;
CREATE TABLE IF NOT EXISTS bench_bigdata (id int PRIMARY KEY, params jsonb NOT NULL, state jsonb NOT NULL,
    updated_at timestamptz NOT NULL);
"""


# --- time: weights of the days and hours -------------------------------------------------------------------


def _day_weight(day: date) -> float:
    """The heating season (Nov–Mar) three times the summer; its first weeks heavier; the trial runs of late
    October and the last days of heating in early April in between; weekends a little lighter."""
    month = day.month
    if month in (11, 12, 1, 2, 3):
        weight = 3.6 if month == 11 and day.day <= 20 else 3.0
    elif month == 10 and day.day >= 15:
        weight = 2.0
    elif month == 4 and day.day <= 10:
        weight = 1.5
    else:
        weight = 1.0
    return weight * (0.85 if day.weekday() >= 5 else 1.0)


def _hours(start: datetime, end: datetime) -> list[tuple[datetime, float, float]]:
    """(start, seconds, weight) of each local hour from `start` to `end`, the first and last one cut to them."""
    slots = []
    moment = start
    while moment < end:
        following = min(moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1), end)
        local = moment.astimezone(TZ)
        seconds = (following - moment).total_seconds()
        slots.append((moment, seconds, _day_weight(local.date()) * HOURS[local.hour] * seconds / 3600))
        moment = following
    return slots


def _allocate(total: int, weights: list[float]) -> list[int]:
    """`total` over the slots in proportion to their weights, exactly (largest remainders)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    counts = [int(r) for r in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _at_rate(rate: float, weights: list[float]) -> list[int]:
    """Rows per slot at `rate` rows per unit of weight (a later run: the same rate as the first fill)."""
    counts, done, running = [], 0, 0.0
    for weight in weights:
        running += rate * weight
        counts.append(int(running) - done)
        done = int(running)
    return counts


def _months(slots, calls: list[int], others: list[int], first_call: int, first_other: int):
    """The slots grouped by local month, with each slot's count and the number of the slot's first row."""
    months: dict[tuple[int, int], dict] = {}
    call_base, other_base = first_call, first_other
    for (start, seconds, _weight), n_calls, n_others in zip(slots, calls, others, strict=True):
        local = start.astimezone(TZ)
        month = months.setdefault((local.year, local.month), defaultdict(list))
        month["start"].append(start)
        month["seconds"].append(seconds)
        month["calls"].append(n_calls)
        month["call_base"].append(call_base)
        month["others"].append(n_others)
        month["other_base"].append(other_base)
        call_base += n_calls
        other_base += n_others
    return months, call_base, other_base


def _month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=TZ)
    return start, datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=TZ)


# --- the people and the stations ----------------------------------------------------------------------------


def _name(n: int) -> str:
    return _FAMILY[n * 7 % len(_FAMILY)] + _GIVEN[n * 5 % len(_GIVEN)]


def _people() -> dict:
    """Stations and areas, teams, agents, leads, the supervisor, the GM office and station staff (idempotent)."""
    hashed = make_password(PASSWORD)
    groups = {role: Group.objects.get(name=role.value) for role in Role}

    def person(username: str, role: Role, **fields) -> User:
        user, created = User.objects.get_or_create(username=username, defaults={**fields, "password": hashed})
        if created:
            user.groups.set([groups[role]])
        return user

    stations = []
    for order, (name, code, street, communities) in enumerate(STATIONS):
        station, _ = Station.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "phone": f"010-6944{order:04d}",
                "duty_mobile": f"1391000{order:04d}",
                "sort_order": order,
            },
        )
        stations.append(station)
        for community, first, last in communities:
            ServiceArea.objects.get_or_create(  # save() fills the routing keys
                station=station,
                district=DISTRICT,
                street=street,
                community=community,
                building_from=first,
                building_to=last,
            )
        person(
            f"bench_station_{code}",
            Role.STATION_STAFF,
            station=station,
            display_name=f"{name}站 {TECHNICIANS[code]}师傅",
        )
    teams = []
    for index, numeral in enumerate("一二三四五"[:TEAMS]):
        team, _ = Team.objects.get_or_create(name=f"基准{numeral}班")
        lead = person(
            f"bench_lead{index + 1}",
            Role.TEAM_LEAD,
            agent_number=str(7101 + index),
            team=team,
            display_name=_name(100 + index),
        )
        if team.lead_id != lead.pk:
            Team.objects.filter(pk=team.pk).update(lead=lead)
        teams.append(team)
    agents = [
        person(
            f"bench_agent{n + 1:02d}",
            Role.AGENT,
            agent_number=str(7001 + n),
            team=teams[n // PER_TEAM],
            display_name=_name(n),
        )
        for n in range(TEAMS * PER_TEAM)
    ]
    supervisor = person("bench_supervisor", Role.SUPERVISOR, agent_number="7900", display_name="基准主管")
    gm = person("bench_gm", Role.GM_OFFICE, display_name="基准总经理室")
    for level in ApprovalLevel.objects.all():
        level.members.add(gm if level.max_amount is None else supervisor)
    areas = list(
        ServiceArea.objects.filter(station__in=stations, is_active=True)
        .select_related("station")
        .order_by("station__sort_order", "id")
    )
    return {"agents": agents, "supervisor": supervisor, "gm": gm, "areas": areas}


# --- the templates --------------------------------------------------------------------------------------------


def _templates(people: dict) -> dict:
    """One row per table, made through the ORM (no history rows), copied by every INSERT … SELECT; removed after."""
    agent, now = people["agents"][0], timezone.now()
    category = ComplaintCategory.objects.filter(is_active=True).order_by("sort_order").first()

    def made(row):
        row.skip_history_when_saving = True
        row.save()
        return row

    call = made(Call(direction="inbound", caller_number="13800000000", called_number="96069", created_at=now))
    ticket = made(
        Ticket(
            number="BXTEMPLATE",
            category="not_warm",
            address="模板",
            caller_name="模板",
            caller_phone="13800000000",
            confirmed_content=True,
            confirmed_address=True,
            confirmed_name=True,
            confirmed_phone=True,
            route_outcome="exact",
            created_by=agent,
        )
    )
    complaint = made(
        Complaint(
            number="TEMPLATE",
            category=category,
            complainant_name="模板",
            complainant_phone="13800000000",
            subject="模板",
            statement="模板",
            accepted_at=now,
            due_at=now,
            deadline_days=15,
            deadline_working_days=False,
            first_reply_due_at=now,
            owner=agent,
            registered_by=agent,
        )
    )
    return {
        "call": call,
        "ticket": ticket,
        "complaint": complaint,
        "callback": made(
            Callback(
                kind="repair",
                status="done",
                ticket=ticket,
                name="模板",
                phone="13800000000",
                due_at=now,
                deadline_at=now,
                queue_at=now,
            )
        ),
        "exception": made(ExceptionEvent(type="praise", ticket=ticket)),
        "commitment": made(ReplyCommitment(complaint=complaint, kind="first_reply", due_at=now, status="kept")),
        "entry": made(ComplaintEntry(complaint=complaint, author=agent, kind="note")),
        "event": made(TicketEvent(ticket=ticket, action="create", to_status="created", actor=agent)),
    }


def _drop_templates(templates: dict) -> None:
    for key in ("callback", "exception", "commitment", "entry", "event", "ticket", "complaint", "call"):
        row = templates[key]
        _execute(f"DELETE FROM {row._meta.db_table} WHERE id = %s", [row.pk])  # noqa: S608


# --- calls ----------------------------------------------------------------------------------------------------


def _calls_source(agents: list[User], shares: dict, pool: int, gap: int) -> str:
    """The calls of a month's hour slots (parameters: now, starts, seconds, counts, first slot numbers)."""
    ids = _array([a.pk for a in agents], "bigint")
    numbers = _array([a.agent_number for a in agents])
    a1 = shares["repair"]
    a2 = a1 + shares["complaint"]
    a3, a4, a5 = a2 + ABANDONED, a2 + ABANDONED + NO_ANSWER, a2 + ABANDONED + NO_ANSWER + OUTBOUND
    answered = "('repair', 'complaint', 'consultation', 'praise', 'suggestion', 'other')"
    summaries = {
        "repair": ["报修，已登记报修单并派单", "报修，已登记报修单，维修站将联系住户"],
        "complaint": ["投诉，已登记客诉单，两小时内回复", "投诉维修不及时，已登记客诉单"],
        "consultation": [q for questions in QUESTIONS.values() for q in questions],
        **{str(kind): [text] for kind, text in OTHER_CALLS},
        "outbound": ["回访住户，已记录回访结果"],
    }
    summary = "CASE kind " + " ".join(f"WHEN {_text(k)} THEN bench_pick({_array(v)}, u8)" for k, v in summaries.items())
    source = """SELECT (h.base + g)::bigint AS x, %s::timestamptz AS now_,
                   h.start + (g - 1 + bench_u(h.base + g, 0)) / h.n * h.seconds * interval '1 second' AS t0
            FROM unnest(%s::timestamptz[], %s::float8[], %s::int[], %s::bigint[]) AS h(start, seconds, n, base),
                 generate_series(1, h.n) AS g"""
    # the agent on the rota: by day teams d and d+1, in the evening d+2 and d+3, at night d+4 (d: the day)
    slot = "floor(bench_u(x, 3) * CASE WHEN hh < 8 THEN 10 ELSE 20 END)::int"
    shift = "CASE WHEN hh >= 8 AND hh < 16 THEN 0 WHEN hh >= 16 THEN 2 ELSE 4 END"
    source = _layer(
        source,
        {
            "hh": "bench_hour(t0)",
            "dd": "(t0 AT TIME ZONE 'Asia/Shanghai')::date - DATE '2000-01-01'",
            "v": "bench_u(x, 1)",
            "y": f"x - 1 - floor(bench_u(x, 12) * {gap})::bigint",
        },
    )
    source = _layer(
        source,
        {
            "kind": f"""CASE WHEN v < {a1} THEN 'repair' WHEN v < {a2} THEN 'complaint' WHEN v < {a3} THEN 'abandoned'
                WHEN v < {a4} THEN 'no_answer' WHEN v < {a5} THEN 'outbound' WHEN bench_u(x, 2) < 0.8 THEN 'consultation'
                WHEN bench_u(x, 2) < 0.86 THEN 'praise' WHEN bench_u(x, 2) < 0.9 THEN 'suggestion' ELSE 'other' END""",
            "number": f"""bench_phone(floor(bench_u(CASE WHEN bench_u(x, 11) < {REPEAT} AND y >= 1
                AND bench_u(y, 11) >= {REPEAT} THEN y ELSE x END, 9) * {pool})::bigint)""",
            "agent_k": f"1 + mod(dd + {shift} + {slot} / 10, {TEAMS}) * {PER_TEAM} + mod({slot}, 10)",
            "wait": "LEAST(600, floor(-ln(1 - bench_u(x, 4)) * 10))",
            "ring": "CASE WHEN bench_u(x, 5) < 0.92 THEN 2 + floor(bench_u(x, 6) * 11) ELSE 16 + floor(bench_u(x, 6) * 13) END",
            "u7": "bench_u(x, 7)",
            "u8": "bench_u(x, 8)",
        },
    )
    source = _layer(
        source,
        {
            "talk": """round(CASE kind WHEN 'repair' THEN 100 + 200 * u7 + 300 * u7 ^ 4
                WHEN 'complaint' THEN 240 + 400 * u7 + 600 * u7 ^ 4 WHEN 'consultation' THEN 40 + 160 * u7 + 300 * u7 ^ 4
                WHEN 'outbound' THEN 60 + 150 * u7 ELSE 30 + 120 * u7 END)""",
            "abandon": "CASE WHEN u8 < 0.35 THEN 1 + floor(u7 * 5) ELSE 6 + LEAST(600, floor(-ln(1 - u7) * 40)) END",
        },
    )
    second = "* interval '1 second'"
    source = _layer(
        source,
        {
            "r_at": f"CASE kind WHEN 'abandoned' THEN NULL WHEN 'outbound' THEN t0 ELSE t0 + wait {second} END",
            "a_at": f"CASE WHEN kind IN {answered} THEN t0 + (wait + ring) {second} WHEN kind = 'outbound' THEN t0 END",
            "e_at": f"""t0 + CASE kind WHEN 'abandoned' THEN abandon WHEN 'no_answer' THEN wait + 20 + floor(u8 * 15)
                WHEN 'outbound' THEN talk ELSE wait + ring + talk END {second}""",
            "w_at": f"""CASE WHEN kind = 'outbound' THEN t0 + talk {second}
                WHEN kind IN {answered} AND u8 >= {UNWRAPPED} THEN t0 + (wait + ring + talk + 5 + floor(u8 * 50)) {second} END""",
            "summary": summary + " END",
        },
    )
    return _layer(
        source,
        {
            "f_external_id": "CASE WHEN kind <> 'outbound' THEN 'CTI' || x END",
            "f_direction": "CASE WHEN kind = 'outbound' THEN 'outbound' ELSE 'inbound' END",
            "f_source": "CASE WHEN kind = 'outbound' THEN 'manual' ELSE 'telephony' END",
            "f_status": """CASE WHEN e_at <= now_ THEN 'ended' WHEN a_at <= now_ THEN 'talking'
                WHEN r_at <= now_ THEN 'ringing' ELSE 'queued' END""",
            "f_caller": "CASE WHEN kind = 'outbound' THEN '' ELSE number END",
            "f_called": "CASE WHEN kind = 'outbound' THEN number ELSE '96069' END",
            "f_agent": f"CASE WHEN r_at <= now_ THEN ({ids})[agent_k] END",
            "f_agent_number": f"CASE WHEN r_at <= now_ THEN ({numbers})[agent_k] ELSE '' END",
            "f_queued": "CASE WHEN kind <> 'outbound' THEN t0 END",
            "f_ringing": "CASE WHEN r_at <= now_ THEN r_at END",
            "f_answered": "CASE WHEN a_at <= now_ THEN a_at END",
            "f_ended": "CASE WHEN e_at <= now_ THEN e_at END",
            "f_ring": "CASE WHEN a_at <= now_ THEN CASE WHEN kind = 'outbound' THEN 0 ELSE ring END END",
            "f_cause": """CASE WHEN e_at > now_ THEN '' WHEN kind IN ('abandoned', 'no_answer') THEN kind
                ELSE 'completed' END""",
            "f_type": """CASE WHEN w_at <= now_ THEN CASE WHEN kind = 'outbound' THEN 'other' ELSE kind END
                ELSE '' END""",
            "f_summary": "CASE WHEN w_at <= now_ THEN summary ELSE '' END",
            "f_wrapped": "CASE WHEN w_at <= now_ THEN w_at END",
        },
    )


CALL_COLUMNS = {
    "external_id": "q.f_external_id",
    "direction": "q.f_direction",
    "source": "q.f_source",
    "status": "q.f_status",
    "caller_number": "q.f_caller",
    "called_number": "q.f_called",
    "agent_id": "q.f_agent",
    "agent_number": "q.f_agent_number",
    "customer_id": "NULL",
    "queued_at": "q.f_queued",
    "ringing_at": "q.f_ringing",
    "answered_at": "q.f_answered",
    "ended_at": "q.f_ended",
    "ring_seconds": "q.f_ring",
    "hangup_cause": "q.f_cause",
    "call_type": "q.f_type",
    "summary": "q.f_summary",
    "wrapped_up_at": "q.f_wrapped",
    "created_at": "q.t0",
}


# --- tickets --------------------------------------------------------------------------------------------------


def _tickets_story(source: str, people: dict) -> str:
    """A ticket's story from its number, phone, time and agent (`source`: call_id, taker, phone, c0, number,
    now_): where, what, the station's steps at their times, and where it stands at now_."""
    areas = people["areas"]
    area = f"1 + floor(bench_ut(phone, 1) * {len(areas)})::int"
    texts = {
        str(c): (locations, descriptions, results) for c, _w, locations, descriptions, results in SEASON_CATEGORIES
    }

    def by_category(position: int, draw: str) -> str:
        cases = " ".join(f"WHEN {_text(c)} THEN bench_pick({_array(t[position])}, {draw})" for c, t in texts.items())
        return f"CASE category {cases} END"

    limits = {name: f"interval '{minutes} minutes'" for name, minutes in DEFAULT_LIMITS.items()}
    minute = "* interval '1 minute'"
    source = _layer(
        source,
        {
            "area": area,
            "season": "extract(month FROM c0 AT TIME ZONE 'Asia/Shanghai') IN (10, 11, 12, 1, 2, 3, 4)",
            **{f"v{k}": f"bench_ut(number, {k})" for k in range(1, 22)},
        },
    )
    source = _layer(
        source,
        {
            "category": """CASE WHEN season THEN CASE WHEN v1 < 0.40 THEN 'not_warm' WHEN v1 < 0.60 THEN 'cold'
                WHEN v1 < 0.75 THEN 'temperature_check' WHEN v1 < 0.90 THEN 'leak' ELSE 'other' END
                ELSE CASE WHEN v1 < 0.45 THEN 'leak' WHEN v1 < 0.55 THEN 'not_warm' ELSE 'other' END END""",
            "station": f"({_array([a.station_id for a in areas], 'bigint')})[area]",
            "community": f"({_array([a.community for a in areas])})[area]",
            "community_key": f"({_array([a.community_key for a in areas])})[area]",
            "building": f"""({_array([a.building_from or 1 for a in areas], "int")})[area] + floor(bench_ut(phone, 2)
                * (({_array([a.building_to or 12 for a in areas], "int")})[area]
                   - ({_array([a.building_from or 1 for a in areas], "int")})[area] + 1))::int""",
            "technician": f"({_array([TECHNICIANS[a.station.code] + '师傅' for a in areas])})[area]",
            "name": f"bench_pick({_array(list(_FAMILY))}, bench_ut(phone, 6)) || bench_pick({_array(_GIVEN)}, bench_ut(phone, 7))",
            "rejected": "v2 < 0.02",
            "o_reject": "4 + 6 * v3",
            "o_disp": "CASE WHEN v2 < 0.02 THEN 4 + 6 * v3 + 8 + 12 * v4 ELSE 0 END",
            "d_accept": "CASE WHEN v5 < 0.992 THEN 1 + 11 * v6 WHEN v5 < 0.998 THEN 20 + 30 * v6 ELSE 60 + 240 * v6 END",
            "d_contact": "CASE WHEN v7 < 0.995 THEN 3 + 22 * v8 ELSE 35 + 40 * v8 END",
            "d_gap": "15 + 55 * v10",
        },
    )
    source = _layer(
        source,
        {
            "severity": "CASE WHEN category = 'leak' AND v11 < 0.4 THEN 'urgent' WHEN v11 > 0.97 THEN 'serious' ELSE 'normal' END",
            "phone_fix": "v9 < 0.08 AND category <> 'leak'",  # fixed with the resident on the phone (放风)
            "t_reject": f"CASE WHEN rejected THEN c0 + o_reject {minute} END",
            "disp": f"c0 + o_disp {minute}",
            "t_accept": f"c0 + (o_disp + d_accept) {minute}",
            "t_contact": f"c0 + (o_disp + d_accept + d_contact) {minute}",
            "a_raw": f"c0 + (o_disp + d_accept + d_contact + d_gap) {minute}",
            "fee": "category = 'leak' AND v17 < 0.3",
        },
    )
    night = (
        "NOT phone_fix AND severity <> 'urgent' AND v12 < 0.2 AND (bench_hour(a_raw) >= 23 OR bench_hour(a_raw) < 6)"
    )
    morning = "bench_day_at(a_raw, CASE WHEN bench_hour(a_raw) >= 12 THEN 1 ELSE 0 END, 8 + v13)"
    source = _layer(
        source,
        {
            "t_arrive": f"CASE WHEN phone_fix THEN NULL WHEN {night} THEN {morning} ELSE a_raw END",
            # the technician promises a time (most), or the station's limit runs from the contact
            "arrive_due": f"""CASE WHEN {night} THEN {morning} + interval '10 minutes'
                WHEN v14 < 0.88 THEN GREATEST(t_contact + {limits["arrive_minutes"]}, a_raw + interval '5 minutes')
                ELSE t_contact + {limits["arrive_minutes"]} END""",
        },
    )
    source = _layer(
        source,
        {
            "t_complete": f"""CASE WHEN phone_fix THEN t_contact + (5 + 10 * v13) {minute}
                WHEN v15 < 0.006 THEN bench_day_at(t_arrive, 1, 9 + 5 * v13)
                WHEN v15 < 0.007 THEN t_arrive + (2 + 6 * v13) * interval '1 day'
                ELSE t_arrive + (20 + 70 * v16) {minute} END""",
        },
    )
    source = _layer(
        source,
        {
            "t_callback": f"""CASE WHEN bench_hour(t_complete) < 15 THEN t_complete + (90 + 150 * v18) {minute}
                ELSE bench_day_at(t_complete, 1, 9 + 2 * v18) END
                + CASE WHEN v19 < 0.06 THEN (1 + floor(2 * v20)) * interval '1 day' ELSE interval '0' END""",
        },
    )
    source = _layer(source, {"t_close": f"t_callback + (2 + 6 * v20) {minute}"})
    returned = "(t_reject <= now_ AND disp > now_)"
    dispatched = "CASE WHEN disp <= now_ THEN disp ELSE c0 END"
    return _layer(
        source,
        {
            "f_status": f"""CASE WHEN t_close <= now_ THEN 'closed' WHEN t_callback <= now_ THEN 'called_back'
                WHEN t_complete <= now_ THEN 'completed' WHEN t_arrive <= now_ THEN 'on_site'
                WHEN t_contact <= now_ THEN 'contacted' WHEN t_accept <= now_ THEN 'accepted'
                WHEN {returned} THEN 'returned' ELSE 'dispatched' END""",
            "f_fault": by_category(0, "v21"),
            "f_description": by_category(1, "v21"),
            "f_address": f"""{_text(DISTRICT)} || community || building || '号楼' || (1 + floor(bench_ut(phone, 3) * 4))
                || '单元' || (1 + floor(bench_ut(phone, 4) * 6)) || '0' || (1 + floor(bench_ut(phone, 5) * 4))""",
            "f_station": f"CASE WHEN {returned} THEN NULL ELSE station END",
            "f_reject_count": "CASE WHEN t_reject <= now_ THEN 1 ELSE 0 END",
            "f_dispatched": dispatched,
            "f_accepted": "CASE WHEN t_accept <= now_ THEN t_accept END",
            "f_contacted": "CASE WHEN t_contact <= now_ THEN t_contact END",
            "f_arrived": "CASE WHEN t_arrive <= now_ THEN t_arrive END",
            "f_completed": "CASE WHEN t_complete <= now_ THEN t_complete END",
            "f_called_back": "CASE WHEN t_callback <= now_ THEN t_callback END",
            "f_closed": "CASE WHEN t_close <= now_ THEN t_close END",
            "f_technician": "CASE WHEN t_accept <= now_ THEN technician ELSE '' END",
            "f_result": f"CASE WHEN t_complete <= now_ THEN CASE WHEN phone_fix THEN {_text(SEASON_NOTES['phone_fix'])} ELSE {by_category(2, 'v16')} END ELSE '' END",
            "f_fee_charged": "CASE WHEN t_complete <= now_ THEN fee END",
            "f_fee_amount": "CASE WHEN t_complete <= now_ AND fee THEN 35.00 END",
            "f_accept_due": f"CASE WHEN {returned} THEN NULL ELSE {dispatched} + {limits['accept_minutes']} END",
            "f_finish_due": f"CASE WHEN {returned} THEN NULL ELSE {dispatched} + {limits['finish_minutes']} END",
            "f_contact_due": f"CASE WHEN t_accept <= now_ THEN t_accept + {limits['contact_minutes']} END",
            "f_arrive_due": "CASE WHEN t_contact <= now_ THEN arrive_due END",
        },
    )


TICKET_MOVES = {  # the columns a ticket's steps change (a later run carries open tickets on with these)
    "status": "q.f_status",
    "station_id": "q.f_station",
    "reject_count": "q.f_reject_count",
    "dispatched_at": "q.f_dispatched",
    "accepted_at": "q.f_accepted",
    "contacted_at": "q.f_contacted",
    "arrived_at": "q.f_arrived",
    "completed_at": "q.f_completed",
    "called_back_at": "q.f_called_back",
    "closed_at": "q.f_closed",
    "technician": "q.f_technician",
    "result": "q.f_result",
    "fee_charged": "q.f_fee_charged",
    "fee_amount": "q.f_fee_amount",
    "accept_due_at": "q.f_accept_due",
    "contact_due_at": "q.f_contact_due",
    "arrive_due_at": "q.f_arrive_due",
    "finish_due_at": "q.f_finish_due",
}
TICKET_COLUMNS = {
    **TICKET_MOVES,
    "number": "q.number",
    "category": "q.category",
    "fault_location": "q.f_fault",
    "severity": "q.severity",
    "description": "q.f_description",
    "address": "q.f_address",
    "caller_name": "q.name",
    "caller_phone": "q.phone",
    "call_id": "q.call_id",
    "route_outcome": "'exact'",
    "proposed_station_id": "q.station",
    "community_key": "q.community_key",
    "building": "q.building",
    "created_by_id": "q.taker",
    "created_at": "q.c0",
}


def _tickets_source(period: str, base: int) -> str:
    """The month's tickets: one per repair call wrapped up by now, numbered on from `base` in time order
    (parameters: now, the first and last call id, the month's start and end)."""
    return f"""SELECT s.*, {_text(TICKET_PREFIX + period)} || bench_serial({base} + row_number() OVER (ORDER BY c0, call_id)) AS number
        FROM (SELECT c.id AS call_id, c.agent_id AS taker, c.caller_number AS phone, %s::timestamptz AS now_,
                     c.answered_at + (0.5 + 0.35 * bench_u(c.id, 50)) * (c.ended_at - c.answered_at) AS c0
              FROM {Call._meta.db_table} c WHERE c.id BETWEEN %s AND %s AND c.call_type = 'repair') s
        WHERE c0 >= %s AND c0 < %s AND c0 <= now_"""


# --- complaints -----------------------------------------------------------------------------------------------


def _complaint_categories() -> list[ComplaintCategory]:
    return list(ComplaintCategory.objects.filter(is_active=True).exclude(code="staff_conduct").order_by("sort_order"))


CATEGORY_WEIGHTS = {"product_quality": 15, "service_attitude": 25, "billing": 15, "delivery": 15, "repair_quality": 25}
OTHER_ISSUES = [("其他问题", [], "已向客户解释说明并致歉", "apology", None)]
STATEMENTS = ["请尽快处理并给予答复。", "已经反映过多次，希望尽快解决。", "要求给个说法。", "希望相关部门重视。"]
REMEDIES = ["", "", "要求尽快修好", "要求减免热费", "要求赔礼道歉"]


def _complaints_story(source: str, people: dict) -> str:
    """A complaint's story from its number, phone, time, channel and owner (`source`: call_id, owner0, phone,
    channel, r0, number, now_): what, the deadline, the workflow's steps at their times, cut at now_."""
    categories = _complaint_categories()
    weighted = [i + 1 for i, c in enumerate(categories) for _ in range(CATEGORY_WEIGHTS.get(c.code, 5))]
    agents = people["agents"]
    ids = _array([a.pk for a in agents], "bigint")
    slot = "floor(w1 * CASE WHEN hh < 8 THEN 10 ELSE 20 END)::int"
    shift = "CASE WHEN hh >= 8 AND hh < 16 THEN 0 WHEN hh >= 16 THEN 2 ELSE 4 END"
    hours = settings.COMPLAINT_FIRST_REPLY_HOURS
    level = ApprovalLevel.objects.order_by("rank").values_list("pk", flat=True).first()

    def by_category(position: int, kind: str = "text") -> str:
        cases = []
        for index, category in enumerate(categories, start=1):
            issues = SEASON_ISSUES.get(category.code) or OTHER_ISSUES
            values = [issue[position] for issue in issues]
            cases.append(f"WHEN {index} THEN ({_array(values, kind)})[1 + floor(w11 * {len(issues)})::int]")
        return f"CASE cat {' '.join(cases)} END"

    source = _layer(
        source,
        {
            "hh": "bench_hour(r0)",
            "dd": "(r0 AT TIME ZONE 'Asia/Shanghai')::date - DATE '2000-01-01'",
            **{f"w{k}": f"bench_ut(number, {k})" for k in range(1, 20)},
        },
    )
    source = _layer(
        source,
        {
            "owner": f"COALESCE(owner0, ({ids})[1 + mod(dd + {shift} + {slot} / 10, {TEAMS}) * {PER_TEAM} + mod({slot}, 10)])",
            "cat": f"({_array(weighted, 'int')})[1 + floor(w2 * {len(weighted)})::int]",
            "valid": "w3 >= 0.12",
            "is_foreign": "w4 < 0.005",
            "severity": "CASE WHEN w5 < 0.005 THEN 'critical' WHEN w5 < 0.065 THEN 'major' ELSE 'normal' END",
            "cause": "CASE WHEN w6 < 0.4 THEN 'quality' ELSE 'non_quality' END",
            "accepted": "CASE WHEN channel = 'letter' THEN r0 - (2 + 18 * w17) * interval '1 hour' ELSE r0 END",
            "first_due": f"r0 + interval '{hours} hours'",
            # how long it takes: the same day, the next, a few days, up to the deadline's day, past it, stuck
            "life": "CASE WHEN w7 < 0.86 THEN 2 + 6 * w8 WHEN w7 < 0.98 THEN 12 + 17 * w8 WHEN w7 < 0.9942 THEN 48 + 96 * w8 END",
            "t_first_raw": "r0 + CASE WHEN w10 < 0.97 THEN 10 + 100 * w9 ELSE 120 + 240 * w9 END * interval '1 minute'",
            "name": f"bench_pick({_array(list(_FAMILY))}, bench_ut(phone, 6)) || bench_pick({_array(_GIVEN)}, bench_ut(phone, 7))",
        },
    )
    source = _layer(
        source,
        {
            "category_id": f"({_array([c.pk for c in categories], 'bigint')})[cat]",
            "days": f"CASE WHEN is_foreign THEN ({_array([c.foreign_days for c in categories], 'int')})[cat] ELSE ({_array([c.domestic_days for c in categories], 'int')})[cat] END",
            "working": f"({_array([str(c.working_days).lower() for c in categories], 'boolean')})[cat]",
        },
    )
    source = _layer(
        source,
        {"due": "CASE WHEN working THEN bench_workday(accepted, days) ELSE accepted + days * interval '1 day' END"},
    )
    source = _layer(
        source,
        {
            "t_close": """CASE WHEN w7 < 0.9942 THEN r0 + life * interval '1 hour'
                WHEN w7 < 0.9982 THEN GREATEST(due - (1 + 10 * w8) * interval '1 hour', r0 + interval '3 days')
                WHEN w7 < 0.99995 THEN due + (0.5 + 9.5 * w8) * interval '1 day' END""",
        },
    )
    source = _layer(
        source,
        {
            "t_first": "CASE WHEN t_close IS NULL THEN t_first_raw ELSE LEAST(t_first_raw, r0 + (t_close - r0) * 0.4) END"
        },
    )
    # valid: investigate at the first reply, propose, approve, inform, close; invalid: answered, informed, closed;
    # stuck (no closing time): investigating for good
    source = _layer(
        source,
        {
            "t_investigate": "CASE WHEN valid THEN t_first END",
            "t_propose": "CASE WHEN valid THEN t_first + (t_close - t_first) * 0.35 END",
            "t_approve": "CASE WHEN valid THEN t_first + (t_close - t_first) * 0.55 END",
            "t_inform": "t_first + (t_close - t_first) * CASE WHEN valid THEN 0.85 ELSE 0.6 END",
            "promise_due": "t_first + (1 + 2 * w13) * interval '1 day'",
            "t_callback": """CASE WHEN valid THEN t_close + (4 + 40 * w14) * interval '1 hour'
                + CASE WHEN w15 < 0.04 THEN (1 + floor(3 * w16)) * interval '1 day' ELSE interval '0' END END""",
            "score": "CASE WHEN w12 < 0.30 THEN 10 WHEN w12 < 0.55 THEN 9 WHEN w12 < 0.75 THEN 8 WHEN w12 < 0.85 THEN 7 ELSE 1 + floor(w16 * 6)::int END",
            "amount": f"round((({by_category(4, 'numeric')}) * (0.5 + w18))::numeric, 2)",
        },
    )
    closed = "t_close <= now_"
    return _layer(
        source,
        {
            "f_status": """CASE WHEN t_close <= now_ THEN 'closed' WHEN t_inform <= now_ THEN 'informed'
                WHEN t_approve <= now_ THEN 'approved' WHEN t_propose <= now_ THEN 'proposed'
                WHEN t_investigate <= now_ THEN 'investigating' ELSE 'registered' END""",
            "f_validity": "CASE WHEN NOT valid AND t_first <= now_ THEN 'invalid' ELSE 'valid' END",
            "f_cause": "CASE WHEN valid AND t_investigate <= now_ THEN cause ELSE '' END",
            "f_subject": by_category(0),
            "f_statement": f"{by_category(0)} || '，' || bench_pick({_array(STATEMENTS)}, w19)",
            "f_remedy_sought": f"bench_pick({_array(REMEDIES)}, w19)",
            "f_first_replied": "CASE WHEN t_first <= now_ THEN t_first END",
            "f_next_reply": """CASE WHEN t_inform <= now_ OR t_close <= now_ THEN NULL
                WHEN t_first <= now_ THEN CASE WHEN valid THEN promise_due END ELSE first_due END""",
            "f_resolution": f"CASE WHEN t_propose <= now_ THEN {by_category(2)} ELSE '' END",
            "f_remedy_type": f"CASE WHEN t_propose <= now_ THEN {by_category(3)} ELSE '' END",
            "f_remedy_amount": "CASE WHEN t_propose <= now_ THEN amount END",
            "f_level": f"CASE WHEN t_propose <= now_ THEN {level or 'NULL'} END",
            "f_proposed_by": "CASE WHEN t_propose <= now_ THEN owner END",
            "f_proposed": "CASE WHEN t_propose <= now_ THEN t_propose END",
            "f_approved_by": f"CASE WHEN t_approve <= now_ THEN {people['supervisor'].pk} END",
            "f_approved": "CASE WHEN t_approve <= now_ THEN t_approve END",
            "f_reply": f"""CASE WHEN t_inform > now_ OR t_inform IS NULL THEN ''
                WHEN valid THEN '已告知客户处理结果：' || {by_category(2)} ELSE '经核实不属于有效投诉，已向客户解释说明' END""",
            "f_informed": "CASE WHEN t_inform <= now_ THEN t_inform END",
            "f_accepted": f"CASE WHEN {closed} THEN true END",
            "f_closed": f"CASE WHEN {closed} THEN t_close END",
            "f_closed_by": f"CASE WHEN {closed} THEN owner END",
            "f_callback": "CASE WHEN t_callback <= now_ THEN t_callback END",
            "f_satisfaction": "CASE WHEN t_callback <= now_ THEN score END",
            "f_updated": """GREATEST(r0, CASE WHEN t_first <= now_ THEN t_first END, CASE WHEN t_propose <= now_ THEN t_propose END,
                CASE WHEN t_approve <= now_ THEN t_approve END, CASE WHEN t_inform <= now_ THEN t_inform END,
                CASE WHEN t_close <= now_ THEN t_close END, CASE WHEN t_callback <= now_ THEN t_callback END)""",
        },
    )


COMPLAINT_MOVES = {
    "status": "q.f_status",
    "validity": "q.f_validity",
    "cause_class": "q.f_cause",
    "first_replied_at": "q.f_first_replied",
    "next_reply_due_at": "q.f_next_reply",
    "resolution": "q.f_resolution",
    "remedy_type": "q.f_remedy_type",
    "remedy_amount": "q.f_remedy_amount",
    "required_level_id": "q.f_level",
    "proposed_by_id": "q.f_proposed_by",
    "proposed_at": "q.f_proposed",
    "approved_by_id": "q.f_approved_by",
    "approved_at": "q.f_approved",
    "customer_reply": "q.f_reply",
    "informed_at": "q.f_informed",
    "customer_accepted": "q.f_accepted",
    "closed_at": "q.f_closed",
    "closed_by_id": "q.f_closed_by",
    "callback_recorded_at": "q.f_callback",
    "satisfaction": "q.f_satisfaction",
    "updated_at": "q.f_updated",
}
COMPLAINT_COLUMNS = {
    **COMPLAINT_MOVES,
    "number": "q.number",
    "kind": "'customer'",
    "category_id": "q.category_id",
    "severity": "q.severity",
    "channel": "q.channel",
    "is_foreign": "q.is_foreign",
    "customer_id": "NULL",
    "call_id": "q.call_id",
    "complainant_name": "q.name",
    "complainant_phone": "q.phone",
    "subject": "q.f_subject",
    "statement": "q.f_statement",
    "remedy_sought": "q.f_remedy_sought",
    "registered_at": "q.r0",
    "accepted_at": "q.accepted",
    "due_at": "q.due",
    "deadline_days": "q.days",
    "deadline_working_days": "q.working",
    "first_reply_due_at": "q.first_due",
    "owner_id": "q.owner",
    "registered_by_id": "q.owner",
}


def _complaints_source(period: str, base: int, pool: int) -> str:
    """The month's complaints: from the complaint calls wrapped up by now (parameters: call ids), and those received
    otherwise in the month's hour slots (parameters: starts, seconds, counts, first slot numbers)."""
    return f"""SELECT s.*, n.now_, {_text(period)} || bench_serial({base} + row_number() OVER (ORDER BY r0, phone)) AS number
        FROM (SELECT c.id AS call_id, c.agent_id AS owner0, c.caller_number AS phone, 'phone' AS channel,
                     c.answered_at + (0.6 + 0.3 * bench_u(c.id, 51)) * (c.ended_at - c.answered_at) AS r0
              FROM {Call._meta.db_table} c WHERE c.id BETWEEN %s AND %s AND c.call_type = 'complaint'
              UNION ALL
              SELECT NULL, NULL, bench_phone(floor(bench_u(x, 9) * {pool})::bigint),
                     CASE WHEN bench_u(x, 2) < 0.2 THEN 'visit' WHEN bench_u(x, 2) < 0.3 THEN 'letter'
                          WHEN bench_u(x, 2) < 0.7 THEN 'web' ELSE 'government_hotline' END, t0
              FROM (SELECT (h.base + g + {OFFSET_OTHER})::bigint AS x,
                           h.start + (g - 1 + bench_u(h.base + g + {OFFSET_OTHER}, 0)) / h.n * h.seconds * interval '1 second' AS t0
                    FROM unnest(%s::timestamptz[], %s::float8[], %s::int[], %s::bigint[]) AS h(start, seconds, n, base),
                         generate_series(1, h.n) AS g) o) s
        CROSS JOIN (SELECT %s::timestamptz AS now_) n
        WHERE r0 >= %s AND r0 < %s AND r0 <= now_"""


# --- what follows from the tickets and complaints ---------------------------------------------------------------


def _callbacks(people: dict, template: Callback, now: datetime, *, after: datetime | None) -> int:
    """One callback per repair completed and per valid complaint closed in the last year: done with the survey's
    answers when the matter was called back by now, else open in the agent's (80%) or the team's queue."""
    due_days = callback_settings().due_working_days
    since = now - timedelta(days=CALLBACK_DAYS)
    if after is not None:  # a later run: the matters completed or closed since shortly before the last one
        since = max(since, after - timedelta(days=30))
    guard = after is not None
    common = {
        "status": "CASE WHEN q.done THEN 'done' WHEN q.w1 < 0.05 THEN 'appointed' ELSE 'pending' END",
        "name": "q.name",
        "phone": "q.phone",
        "agent_id": "q.agent",
        "team_id": "q.team_id",
        "assignee_id": "CASE WHEN q.done OR q.w2 >= 0.2 THEN q.agent END",
        "created_at": "q.made",
        "due_at": "q.due",
        "appointment_at": "q.appointment",
        "deadline_at": "GREATEST(q.due, q.appointment)",
        "queue_at": "COALESCE(q.appointment, q.made)",
        "attempts": "CASE WHEN q.done THEN 0 ELSE floor(q.w4 * 2)::int END",
        "done_at": "q.done_at",
        "done_by_id": "CASE WHEN q.done THEN q.agent END",
        "solved": "CASE WHEN q.done THEN q.w5 >= 0.02 END",
        "score": "CASE WHEN q.done THEN q.score END",
    }

    def source(select: str) -> str:
        return _layer(
            f"{select} JOIN bench_workdays wd ON wd.n = {due_days} AND wd.d = (made AT TIME ZONE 'Asia/Shanghai')::date",
            {
                "due": "(target + (made AT TIME ZONE 'Asia/Shanghai')::time) AT TIME ZONE 'Asia/Shanghai'",
                "appointment": "CASE WHEN NOT done AND w1 < 0.05 THEN now_ + (2 + 24 * w3) * interval '1 hour' END",
            },
        )

    draws = ", ".join(f"bench_ut(x.number, {100 + k}) AS w{k}" for k in range(1, 11))
    tickets = source(
        f"""SELECT * FROM (SELECT x.id AS ticket_id, x.caller_name AS name, x.caller_phone AS phone, x.address,
                   x.station_id, x.technician, x.fee_charged, x.created_by_id AS agent, u.team_id,
                   x.completed_at AS made, x.called_back_at AS done_at, x.called_back_at IS NOT NULL AS done,
                   %s::timestamptz AS now_, {draws},
                   CASE WHEN bench_ut(x.number, 107) < 0.45 THEN 10 WHEN bench_ut(x.number, 107) < 0.72 THEN 9
                        WHEN bench_ut(x.number, 107) < 0.87 THEN 8 WHEN bench_ut(x.number, 107) < 0.95 THEN 7
                        ELSE 1 + floor(bench_ut(x.number, 108) * 6)::int END AS score
            FROM {Ticket._meta.db_table} x JOIN {User._meta.db_table} u ON u.id = x.created_by_id
            WHERE x.completed_at >= %s AND x.number <> 'BXTEMPLATE'
            {f"AND NOT EXISTS (SELECT 1 FROM {Callback._meta.db_table} b WHERE b.ticket_id = x.id)" if guard else ""}) m"""
    )
    attitude = "CASE WHEN q.w6 < 0.85 THEN 'satisfied' WHEN q.w6 < 0.97 THEN 'average' ELSE 'unsatisfied' END"
    suggestions = [
        "师傅很耐心，谢谢。",
        "希望上门前先打个电话。",
        "维修工到得比约定时间晚了半小时。",
        "希望以后也这么及时。",
    ]
    inserted = clone_from(
        Callback,
        template.pk,
        {
            **common,
            "kind": "'repair'",
            "ticket_id": "q.ticket_id",
            "address": "q.address",
            "station_id": "q.station_id",
            "technician": "q.technician",
            "attitude": f"CASE WHEN q.done THEN {attitude} ELSE '' END",
            "fee_charged": "CASE WHEN q.done THEN COALESCE(q.fee_charged, false) END",
            "heating_fee_unpaid": "CASE WHEN q.done THEN q.w9 < 0.06 END",
            "fee_reminder_read": "q.done AND q.w9 < 0.06",
            "suggestion": f"CASE WHEN q.done AND q.w10 < 0.1 THEN bench_pick({_array(suggestions)}, q.w10 * 10) ELSE '' END",
        },
        f"({tickets}) q",
        [now, since],
    )
    complaints = source(
        f"""SELECT * FROM (SELECT x.id AS complaint_id, x.complainant_name AS name, x.complainant_phone AS phone,
                   x.owner_id AS agent, u.team_id, x.closed_at AS made, x.callback_recorded_at AS done_at,
                   x.callback_recorded_at IS NOT NULL AS done, x.satisfaction AS score, %s::timestamptz AS now_,
                   {draws}
            FROM {Complaint._meta.db_table} x JOIN {User._meta.db_table} u ON u.id = x.owner_id
            WHERE x.status = 'closed' AND x.validity = 'valid' AND x.kind = 'customer' AND x.closed_at >= %s
            {f"AND NOT EXISTS (SELECT 1 FROM {Callback._meta.db_table} b WHERE b.complaint_id = x.id)" if guard else ""}) m"""
    )
    inserted += clone_from(
        Callback,
        template.pk,
        {
            **common,
            "kind": "'complaint'",
            "ticket_id": "NULL",
            "complaint_id": "q.complaint_id",
            "address": "''",
            "station_id": "NULL",
            "technician": "''",
            "handling": f"CASE WHEN q.done THEN {attitude} ELSE '' END",
            "solved": "CASE WHEN q.done THEN q.w5 >= 0.05 END",
        },
        f"({complaints}) q",
        [now, since],
    )
    return inserted


EXCEPTION_TEXTS = {  # agent-recorded exception events at the callback: type, share, description, result
    "praise": (0.45, "住户表扬维修工上门及时、服务周到", ""),
    "technician_complaint": (0.2, "住户反映维修工态度生硬", "已约谈维修工，向住户致歉"),
    "suggestion": (0.2, "住户建议维修工上门前电话告知到达时间", ""),
    "billing_complaint": (0.08, "住户反映收费人员未出示收费标准", "已核实并退还多收费用"),
    "unreachable": (0.04, "维修站电话和维修工手机均无人接听", ""),
    "heating_office": (0.03, "区供热办转来住户投诉", "已按期答复区供热办"),
}


def _exceptions(template: ExceptionEvent, supervisor: User, now: datetime, since: datetime | None) -> int:
    """The timing exceptions where the five-minute sweep would have raised them (the step not taken by then),
    and the ones agents record at the callback (0.5% of called-back repairs). Idempotent."""
    table = ExceptionEvent._meta.db_table
    window = "AND t.created_at >= %s" if since else ""
    timing_types = "('not_accepted_in_time', 'not_contacted_in_time', 'repair_over_limit')"
    complaint_types = "('technician_complaint', 'billing_complaint', 'heating_office')"
    branches = [
        f"""SELECT t.id, t.station_id, t.technician, t.created_by_id, '{kind}' AS type, bench_tick(t.{due}) AS at,
                   NULL::timestamptz AS resolved, '' AS description, '' AS result
            FROM {Ticket._meta.db_table} t
            WHERE t.{due} IS NOT NULL AND bench_tick(t.{due}) <= %s
              AND (t.{done} IS NULL OR t.{done} > bench_tick(t.{due})) {window}"""
        for kind, due, done in (
            ("not_accepted_in_time", "accept_due_at", "accepted_at"),
            ("not_contacted_in_time", "contact_due_at", "contacted_at"),
            ("repair_over_limit", "finish_due_at", "completed_at"),
        )
    ]
    kind, description, result, cumulative = [], [], [], 0.0
    for name, (share, text, outcome) in EXCEPTION_TEXTS.items():
        cumulative += share
        kind.append(f"WHEN u < {cumulative:.4f} THEN '{name}'")
        description.append(f"WHEN u < {cumulative:.4f} THEN {_text(text)}")
        result.append(f"WHEN u < {cumulative:.4f} THEN {_text(outcome)}")
    branches.append(
        f"""SELECT id, station_id, technician, created_by_id, CASE {" ".join(kind)} ELSE 'praise' END, called_back_at,
                   called_back_at + (1 + 2 * u) * interval '1 day', CASE {" ".join(description)} ELSE '' END,
                   CASE {" ".join(result)} ELSE '' END
            FROM (SELECT t.*, bench_ut(t.number, 201) AS u FROM {Ticket._meta.db_table} t
                  WHERE t.called_back_at <= %s AND bench_ut(t.number, 200) < 0.005 {window}) t"""
    )
    params = [now, since] if since else [now]
    resolved = f"q.type IN {complaint_types} AND q.resolved <= {_quote_time(now)}"
    return clone_from(
        ExceptionEvent,
        template.pk,
        {
            "type": "q.type",
            "ticket_id": "q.id",
            "station_id": "q.station_id",
            "description": "q.description",
            "person": f"CASE WHEN q.type IN {timing_types} THEN '' ELSE q.technician END",
            "raised_at": "q.at",
            "raised_by_id": f"CASE WHEN q.type IN {timing_types} THEN NULL ELSE q.created_by_id END",
            "follow_up": f"CASE WHEN q.type NOT IN {complaint_types} THEN 'none' WHEN {resolved} THEN 'resolved' ELSE 'open' END",
            "result": f"CASE WHEN {resolved} THEN q.result ELSE '' END",
            "resolved_at": f"CASE WHEN {resolved} THEN q.resolved END",
            "resolved_by_id": f"CASE WHEN {resolved} THEN {supervisor.pk} END",
        },
        f"""(SELECT * FROM ({" UNION ALL ".join(branches)}) u
             WHERE NOT EXISTS (SELECT 1 FROM {table} e WHERE e.ticket_id = u.id AND e.type = u.type)) q""",
        params * len(branches),
    )


def _quote_time(moment: datetime) -> str:
    return f"'{moment.isoformat()}'::timestamptz"


def _commitments(template: ReplyCommitment, now: datetime, *, after: datetime | None) -> int:
    """Each complaint's first-reply commitment, and the promise its first reply made (valid complaints); a later
    run looks only at complaints registered shortly before `after` or still open."""
    table, commitments = Complaint._meta.db_table, ReplyCommitment._meta.db_table
    guard = after is not None
    missing = (
        f"AND NOT EXISTS (SELECT 1 FROM {commitments} r WHERE r.complaint_id = c.id AND r.kind = %s) "
        f"AND (c.registered_at > {_quote_time(after - timedelta(days=60))} OR c.status <> 'closed')"
        if guard
        else ""
    )
    first = clone_from(
        ReplyCommitment,
        template.pk,
        {
            "complaint_id": "q.id",
            "kind": "'first_reply'",
            "due_at": "q.first_reply_due_at",
            "made_at": "q.registered_at",
            "made_by_id": "NULL",
            "status": """CASE WHEN q.first_replied_at IS NULL THEN 'open'
                WHEN q.first_replied_at <= q.first_reply_due_at THEN 'kept' ELSE 'missed' END""",
            "fulfilled_at": "q.first_replied_at",
        },
        f"(SELECT c.* FROM {table} c WHERE c.number <> 'TEMPLATE' {missing}) q",
        ["first_reply"] if guard else [],
    )
    promise = "q.first_replied_at + (1 + 2 * bench_ut(q.number, 13)) * interval '1 day'"  # the story's promise_due
    return first + clone_from(
        ReplyCommitment,
        template.pk,
        {
            "complaint_id": "q.id",
            "kind": "'promise'",
            "due_at": promise,
            "made_at": "q.first_replied_at",
            "made_by_id": "q.owner_id",
            "status": f"CASE WHEN q.informed_at IS NULL THEN 'open' WHEN q.informed_at <= {promise} THEN 'kept' ELSE 'missed' END",
            "fulfilled_at": "q.informed_at",
        },
        f"""(SELECT c.* FROM {table} c WHERE c.validity = 'valid' AND c.first_replied_at IS NOT NULL
             AND c.number <> 'TEMPLATE' {missing}) q""",
        ["promise"] if guard else [],
    )


def _entries(template: ComplaintEntry, people: dict, since: datetime, now: datetime) -> int:
    """Complaint record entries for the steps taken after `since` (append-only: only ever added)."""
    supervisor = people["supervisor"].pk
    return clone_from(
        ComplaintEntry,
        template.pk,
        {
            "complaint_id": "q.id",
            "at": "q.at",
            "author_id": "q.author",
            "kind": "q.kind",
            "text": "COALESCE(q.text, '')",
            "from_status": "q.from_status",
            "to_status": "q.to_status",
        },
        f"""(SELECT c.id, v.* FROM {Complaint._meta.db_table} c CROSS JOIN LATERAL (VALUES
              ('registered', c.registered_at, c.owner_id, '', 'registered', '登记投诉，责任人为受理坐席'),
              ('reply', c.first_replied_at, c.owner_id, '', '', '首次回复客户，告知处理进度'),
              ('transition', CASE WHEN c.validity = 'valid' THEN c.first_replied_at END, c.owner_id, 'registered',
               'investigating', '开始调查'),
              ('transition', c.proposed_at, c.owner_id, 'investigating', 'proposed', c.resolution),
              ('transition', c.approved_at, {supervisor}, 'proposed', 'approved', '同意处理方案'),
              ('transition', c.informed_at, c.owner_id,
               CASE WHEN c.validity = 'valid' THEN 'approved' ELSE 'registered' END, 'informed', c.customer_reply),
              ('transition', c.closed_at, c.owner_id, 'informed', 'closed', '客户接受处理结果，结案'),
              ('callback', c.callback_recorded_at, c.owner_id, '', '', '回访完成，满意度' || c.satisfaction || '/10')
            ) AS v(kind, at, author, from_status, to_status, text)
            WHERE (c.registered_at >= %s OR c.status <> 'closed') AND c.number <> 'TEMPLATE'
              AND v.at > %s AND v.at <= %s) q""",
        [since - timedelta(days=40), since, now],
    )


def _events(template: TicketEvent, since: datetime, now: datetime) -> int:
    """Ticket events for the steps taken after `since` (append-only: only ever added)."""
    station_user = f"""(SELECT su.id FROM {User._meta.db_table} su
                        WHERE su.station_id = t.station_id AND starts_with(su.username, 'bench_station_') LIMIT 1)"""
    return clone_from(
        TicketEvent,
        template.pk,
        {
            "ticket_id": "q.id",
            "action": "q.action",
            "from_status": "q.from_status",
            "to_status": "q.to_status",
            "station_id": "q.station_id",
            "actor_id": "COALESCE(q.actor, q.created_by_id)",
            "at": "q.at",
            "note": "COALESCE(q.note, '')",
        },
        f"""(SELECT t.id, t.station_id, t.created_by_id, v.* FROM {Ticket._meta.db_table} t CROSS JOIN LATERAL (VALUES
              ('create', t.created_at, t.created_by_id, '', 'created', ''),
              ('dispatch', t.created_at, t.created_by_id, 'created', 'dispatched', ''),
              ('accept', t.accepted_at, {station_user}, 'dispatched', 'accepted', t.technician),
              ('contact', t.contacted_at, {station_user}, 'accepted', 'contacted', {_text(SEASON_NOTES["contact"])}),
              ('arrive', t.arrived_at, {station_user}, 'contacted', 'on_site', {_text(SEASON_NOTES["arrive"])}),
              ('complete', t.completed_at, {station_user},
               CASE WHEN t.arrived_at IS NULL THEN 'contacted' ELSE 'on_site' END, 'completed', t.result),
              ('callback', t.called_back_at, t.created_by_id, 'completed', 'called_back', {_text(SEASON_NOTES["callback"])}),
              ('close', t.closed_at, t.created_by_id, 'called_back', 'closed', {_text(SEASON_NOTES["close"])})
            ) AS v(action, at, actor, from_status, to_status, note)
            WHERE (t.created_at >= %s OR t.status <> 'closed') AND t.number <> 'BXTEMPLATE'
              AND v.at > %s AND v.at <= %s) q""",
        [since - timedelta(days=15), since, now],
    )


# --- the fill -------------------------------------------------------------------------------------------------


class Clock:
    """Seconds spent per table, printed as they add up."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.rows: dict[str, int] = defaultdict(int)
        self.started = time.perf_counter()

    def run(self, label: str, work, *, quiet: bool = False):
        began = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - began
        self.seconds[label] += elapsed
        if isinstance(result, int) and result >= 0:
            self.rows[label] += result
        if not quiet:
            rows = f"{result:>10,} rows" if isinstance(result, int) and result >= 0 else " " * 15
            print(f"  {label:<26} {rows}  {elapsed:7.1f} s", flush=True)
        return result


def _session() -> None:
    """A bulk load: no waiting for the disk at each commit, room for sorts and index builds, no JIT."""
    _execute("SET synchronous_commit = off")
    _execute("SET work_mem = '128MB'")
    _execute("SET maintenance_work_mem = '1GB'")
    _execute("SET jit = off")


def _plain_indexes() -> list[tuple[str, str]]:
    """The big tables' indexes that back no constraint and are not unique: dropped during a fresh fill."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
               FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
               WHERE c.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
               ORDER BY 1""",
            [[model._meta.db_table for model in TABLES.values()]],
        )
        return cursor.fetchall()


def _workdays(start: date, end: date, counts: set[int]) -> None:
    """bench_workdays: for each date and n, the n-th working day after it (csc.workdays, Chinese calendar)."""
    quiet = logging.getLogger("csc.workdays")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # years the calendar package does not know yet: weekends and fixed holidays
    try:
        working = working_days_between(start, end + timedelta(days=90))
    finally:
        quiet.setLevel(level)
    rows = []
    day = start
    while day <= end:
        after = bisect.bisect_right(working, day)
        rows += [(day, n, working[after + n - 1]) for n in counts]
        day += timedelta(days=1)
    _execute("TRUNCATE bench_workdays")
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO bench_workdays (d, n, target) VALUES (%s, %s, %s)", rows)
    _execute("ANALYZE bench_workdays")


def _counter(scope: str, period: str, last: int) -> None:
    _execute(
        f"""INSERT INTO {NumberCounter._meta.db_table} (scope, period, last_value) VALUES (%s, %s, %s)
            ON CONFLICT (scope, period) DO UPDATE SET last_value = GREATEST({NumberCounter._meta.db_table}.last_value, EXCLUDED.last_value)""",  # noqa: S608
        [scope, period, last],
    )


def _counter_value(scope: str, period: str) -> int:
    row = NumberCounter.objects.filter(scope=scope, period=period).values_list("last_value", flat=True).first()
    return row or 0


def _max_id(model) -> int:
    return _scalar(f"SELECT COALESCE(max(id), 0) FROM {model._meta.db_table}")  # noqa: S608


def _fill_window(people, templates, clock: Clock, *, start, now, params, state) -> None:
    """The calls, tickets and complaints of [start, now), month by month; ids and slot numbers on from `state`."""
    slots = _hours(start, now)
    weights = [w for _s, _secs, w in slots]
    others_total = params["complaints"] - round(params["complaints"] * PHONE_COMPLAINTS)
    if "call_rate" not in state:  # the first fill: exactly the asked numbers over the whole window
        state["call_rate"] = params["calls"] / sum(weights)
        state["other_rate"] = others_total / sum(weights)
        calls, others = _allocate(params["calls"], weights), _allocate(others_total, weights)
    else:
        calls, others = _at_rate(state["call_rate"], weights), _at_rate(state["other_rate"], weights)
    months, state["next_call"], state["next_other"] = _months(
        slots, calls, others, state.get("next_call", 0), state.get("next_other", 0)
    )
    unwrapped = 1 - UNWRAPPED
    shares = {
        "repair": params["tickets"] / params["calls"] / unwrapped,
        "complaint": (params["complaints"] - others_total) / params["calls"] / unwrapped,
    }
    pool = max(1000, params["calls"] // 6)
    gap = max(1, round(3 * params["calls"] / (YEARS * 365)))  # three days of calls
    calls_source = _calls_source(people["agents"], shares, pool, gap)
    first_ids = {
        name: _max_id(model) + 1 for name, model in (("calls", Call), ("tickets", Ticket), ("complaints", Complaint))
    }
    previous_calls = _max_id(Call) + 1
    for (year, month), slot in sorted(months.items()):
        month_start, month_end = _month_bounds(year, month)
        period = f"{year % 100:02d}{month:02d}"
        first_call = _max_id(Call) + 1
        clock.run(
            f"calls {period}",
            lambda slot=slot: clone_from(
                Call,
                templates["call"].pk,
                CALL_COLUMNS,
                f"({calls_source}) q",
                [now, slot["start"], slot["seconds"], slot["calls"], slot["call_base"]],
            ),
            quiet=True,
        )
        last_call = _max_id(Call)
        bounds = [max(month_start, start), min(month_end, now)]
        # tickets and phone complaints of calls that began at the end of the month before are this month's
        call_range = [previous_calls, last_call]
        base = _counter_value("ticket", period)
        story = _tickets_story(_tickets_source(period, base), people)
        made = clock.run(
            f"tickets {period}",
            lambda story=story, call_range=call_range, bounds=bounds: clone_from(
                Ticket, templates["ticket"].pk, TICKET_COLUMNS, f"({story}) q", [now, *call_range, *bounds]
            ),
            quiet=True,
        )
        _counter("ticket", period, base + made)
        base = _counter_value(NUMBER_SCOPE, period)
        story = _complaints_story(_complaints_source(period, base, pool), people)
        made_complaints = clock.run(
            f"complaints {period}",
            lambda story=story, call_range=call_range, slot=slot, bounds=bounds: clone_from(
                Complaint,
                templates["complaint"].pk,
                COMPLAINT_COLUMNS,
                f"({story}) q",
                [*call_range, slot["start"], slot["seconds"], slot["others"], slot["other_base"], now, *bounds],
            ),
            quiet=True,
        )
        _counter(NUMBER_SCOPE, period, base + made_complaints)
        previous_calls = first_call
        print(
            f"  {period}: {last_call - first_call + 1:>8,} calls {made:>8,} tickets {made_complaints:>7,} complaints"
            f"   {time.perf_counter() - clock.started:7.1f} s",
            flush=True,
        )
    for name, model in (("calls", Call), ("tickets", Ticket), ("complaints", Complaint)):
        last = _max_id(model)
        if last >= first_ids[name]:
            state.setdefault("ranges", {}).setdefault(name, []).append([first_ids[name], last])


def _carry_on(people, templates, clock: Clock, *, since: datetime, now: datetime, state: dict) -> None:
    """What was still under way at `since` moves on to `now` as each row's story says; calls still going then end."""
    ranges = state.get("ranges", {})
    tickets_story = _tickets_story(
        f"""SELECT id AS tid, call_id, created_by_id AS taker, caller_phone AS phone, created_at AS c0, number,
                   %s::timestamptz AS now_ FROM {Ticket._meta.db_table}
            WHERE id BETWEEN %s AND %s AND status <> 'closed'""",
        people,
    )
    complaints_story = _complaints_story(
        f"""SELECT id AS cid, call_id, owner_id AS owner0, complainant_phone AS phone, channel, registered_at AS r0,
                   number, %s::timestamptz AS now_ FROM {Complaint._meta.db_table}
            WHERE id BETWEEN %s AND %s AND status <> 'closed'""",
        people,
    )
    for model, story, moves, key, name in (
        (Ticket, tickets_story, TICKET_MOVES, "tid", "tickets"),
        (Complaint, complaints_story, COMPLAINT_MOVES, "cid", "complaints"),
    ):
        sets = ", ".join(f"{column} = {expression}" for column, expression in moves.items())
        for first, last in ranges.get(name, []):
            clock.run(
                f"{name}: carried on",
                lambda story=story, sets=sets, key=key, model=model, first=first, last=last: _execute(
                    f"UPDATE {model._meta.db_table} SET {sets} FROM ({story}) q WHERE {model._meta.db_table}.id = q.{key}",  # noqa: S608
                    [now, first, last],
                ),
            )
    for first, last in ranges.get("calls", []):
        clock.run(
            "calls: ended",
            lambda first=first, last=last: _execute(
                f"""UPDATE {Call._meta.db_table} SET status = 'ended',
                       ended_at = COALESCE(answered_at, ringing_at, queued_at, created_at) + interval '2 minutes',
                       hangup_cause = CASE WHEN answered_at IS NOT NULL THEN 'completed'
                                           WHEN ringing_at IS NOT NULL THEN 'no_answer' ELSE 'abandoned' END
                    WHERE id BETWEEN %s AND %s AND status <> 'ended'""",  # noqa: S608
                [first, last],
            ),
        )
    # the open callbacks and commitments are made again from the matters' new state
    clock.run(
        "callbacks: open removed",
        lambda: _execute(
            f"""DELETE FROM {Callback._meta.db_table} b WHERE b.status IN ('pending', 'appointed')
               AND NOT EXISTS (SELECT 1 FROM {CallbackAttempt._meta.db_table} a WHERE a.callback_id = b.id)
               AND NOT EXISTS (SELECT 1 FROM {Callback.history.model._meta.db_table} h WHERE h.id = b.id)"""  # noqa: S608
        ),
    )
    for first, last in ranges.get("complaints", []):
        clock.run(
            "commitments: open removed",
            lambda first=first, last=last: _execute(
                f"DELETE FROM {ReplyCommitment._meta.db_table} WHERE status = 'open' AND complaint_id BETWEEN %s AND %s",  # noqa: S608
                [first, last],
            ),
        )


def _fill(people, clock: Clock, *, fresh: bool, start, since, now, params, state) -> dict:
    """Everything from `start` (or carried on from `since`) to `now`, and the marker; returns the timings."""
    templates = _templates(people)
    dropped = []
    if fresh:
        dropped = _plain_indexes()
        for name, _definition in dropped:
            _execute(f"DROP INDEX {name}")
        print(f"  dropped {len(dropped)} indexes of the big tables for the load")
    else:
        _carry_on(people, templates, clock, since=since, now=now, state=state)
    _fill_window(people, templates, clock, start=start, now=now, params=params, state=state)
    record_since = now - timedelta(days=RECORD_DAYS) if fresh else since
    if fresh:  # the derived rows are chosen by plans: the tables need their statistics first
        clock.run("ANALYZE (first)", lambda: _analyze(Call, Ticket, Complaint))
    clock.run("callbacks", lambda: _callbacks(people, templates["callback"], now, after=since))
    clock.run(
        "exception events",
        lambda: _exceptions(
            templates["exception"], people["supervisor"], now, None if fresh else since - timedelta(days=15)
        ),
    )
    clock.run("reply commitments", lambda: _commitments(templates["commitment"], now, after=since))
    clock.run("complaint entries", lambda: _entries(templates["entry"], people, record_since, now))
    clock.run("ticket events", lambda: _events(templates["event"], record_since, now))
    _drop_templates(templates)
    if dropped:
        clock.run("indexes built again", lambda: _build(dropped))
    if fresh or now - since > timedelta(hours=6):
        clock.run("ANALYZE", lambda: _execute("ANALYZE"))
    state["until"] = now.isoformat()
    timings = {label: round(seconds, 1) for label, seconds in _summed(clock.seconds).items()}
    state.setdefault("fills", []).append({"at": now.isoformat(), "fresh": fresh, "seconds": timings})
    _execute(
        """INSERT INTO bench_bigdata (id, params, state, updated_at) VALUES (1, %s, %s, now())
           ON CONFLICT (id) DO UPDATE SET params = EXCLUDED.params, state = EXCLUDED.state, updated_at = now()""",
        [json.dumps(params), json.dumps(state)],
    )
    return timings


def ensure_big_data(
    *,
    complaints: int = 1_000_000,
    tickets: int = 2_000_000,
    calls: int = 5_000_000,
    keep: bool = True,
    now: datetime | None = None,
) -> dict:
    """The big database, filled (or reused and brought up to now); returns the sizes and the timings.

    `now` (default: the current time) fills up to an earlier moment: a later run then carries the data on."""
    params = {"complaints": complaints, "tickets": tickets, "calls": calls, "years": YEARS}
    phone_complaints = round(complaints * PHONE_COMPLAINTS)
    needed = (tickets + phone_complaints) / (1 - UNWRAPPED) + calls * (ABANDONED + NO_ANSWER + OUTBOUND)
    if needed > calls * 0.95:
        raise SystemExit(
            f"{calls:,} calls are too few for {tickets:,} tickets and {phone_complaints:,} phone complaints"
        )
    ensure_database()
    _execute(FUNCTIONS)
    marker = _marker()
    if marker is not None and (not keep or marker["params"] != params):
        reason = "--fresh" if not keep else f"filled with {marker['params']}"
        print(f"dropping the database ({reason})")
        drop_database()
        ensure_database()
        _execute(FUNCTIONS)
        marker = None
    elif marker is None and _max_id(Call):
        print("dropping the database (a fill that did not finish)")
        drop_database()
        ensure_database()
        _execute(FUNCTIONS)
    _session()
    clock = Clock()
    now = (now or timezone.now()).replace(microsecond=0)
    people = clock.run("people, stations", lambda: _people())
    fresh = marker is None
    state = marker["state"] if marker else {}
    since = datetime.fromisoformat(state["until"]) if marker else None
    if since is not None and now - since < timedelta(minutes=1):
        print(f"reusing {connection.settings_dict['NAME']}: filled up to {since.astimezone(TZ):%Y-%m-%d %H:%M:%S}")
        return {"reused": True, "until": since}
    start = since or datetime.combine(_years_back(now.astimezone(TZ).date()), datetime.min.time(), TZ)
    print(
        f"{'filling' if fresh else 'bringing up to now'} {connection.settings_dict['NAME']}: "
        f"{start.astimezone(TZ):%Y-%m-%d %H:%M} → {now.astimezone(TZ):%Y-%m-%d %H:%M}",
        flush=True,
    )
    clock.run(
        "working-day table",
        lambda: _workdays(start.date() - timedelta(days=400), now.date() + timedelta(days=2), _working_counts()),
    )
    # a later run is one transaction: stopped half-way, it leaves the data as it was (a fresh fill starts over)
    with contextlib.nullcontext() if fresh else transaction.atomic():
        timings = _fill(people, clock, fresh=fresh, start=start, since=since, now=now, params=params, state=state)
    total = time.perf_counter() - clock.started
    print(f"\n{'table':<26} {'rows':>12} {'seconds':>9}")
    rows = _summed(clock.rows)
    for label, seconds in timings.items():
        count = f"{int(rows[label]):,}" if label in rows else ""
        print(f"{label:<26} {count:>12} {seconds:>9.1f}")
    print(f"{'total':<26} {'':>12} {total:>9.1f}")
    return {"reused": not fresh, "until": now, "seconds": timings, "total": round(total, 1)}


def _analyze(*models) -> None:
    for model in models:
        _execute(f"ANALYZE {model._meta.db_table}")


def _build(indexes: list[tuple[str, str]]) -> None:
    for _name, definition in indexes:
        _execute(definition)


def _summed(values: dict) -> dict:
    """The per-month labels ("calls 2611") added up per table."""
    summed: dict[str, float] = defaultdict(float)
    for label, value in values.items():
        head = label.split(" ")[0] if label.split(" ")[-1].isdigit() else label
        summed[head] += value
    return dict(summed)


def _working_counts() -> set[int]:
    counts = {callback_settings().due_working_days}
    for category in _complaint_categories():
        if category.working_days:
            counts |= {category.domestic_days, category.foreign_days}
    return counts


def _years_back(day: date) -> date:
    try:
        return day.replace(year=day.year - YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year - YEARS, day=28)


def _marker() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT params, state FROM bench_bigdata WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    params, state = (json.loads(v) if isinstance(v, str) else v for v in row)
    return {"params": params, "state": state}


# --- what the data looks like ---------------------------------------------------------------------------------


def describe() -> None:
    """Counts, today's figures and the shape, and the sizes (a few seconds of queries)."""
    today = timezone.localdate()
    day_start = datetime.combine(today, datetime.min.time(), TZ)
    queries = [
        ("calls", f"SELECT count(*) FROM {Call._meta.db_table}"),
        ("calls today", f"SELECT count(*) FROM {Call._meta.db_table} WHERE created_at >= %s", [day_start]),
        (
            "calls of the last 30 days: abandoned %, of them within 5 s %",
            f"""SELECT round(100.0 * count(*) FILTER (WHERE hangup_cause = 'abandoned') / count(*), 1),
                       round(100.0 * count(*) FILTER (WHERE hangup_cause = 'abandoned' AND ended_at - queued_at <= interval '5 seconds')
                             / NULLIF(count(*) FILTER (WHERE hangup_cause = 'abandoned'), 0), 1)
                FROM {Call._meta.db_table} WHERE created_at >= %s AND direction = 'inbound'""",
            [day_start - timedelta(days=30)],
        ),
        (
            "answered in the last 30 days: wait in queue p50/p90/p99 s, ring > 15 s %",
            f"""SELECT percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM ringing_at - queued_at)),
                       round(100.0 * count(*) FILTER (WHERE ring_seconds > 15) / count(*), 1)
                FROM {Call._meta.db_table} WHERE created_at >= %s AND answered_at IS NOT NULL AND queued_at IS NOT NULL""",
            [day_start - timedelta(days=30)],
        ),
        (
            "inbound calls of the last 7 days whose caller rang within the 3 days before, %",
            f"""SELECT round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {Call._meta.db_table} p
                    WHERE p.caller_number = c.caller_number AND p.created_at < c.created_at
                      AND p.created_at >= c.created_at - interval '3 days')) / count(*), 1)
                FROM {Call._meta.db_table} c WHERE c.created_at >= %s AND c.direction = 'inbound'""",
            [day_start - timedelta(days=7)],
        ),
        ("distinct caller numbers", f"SELECT count(DISTINCT caller_number) FROM {Call._meta.db_table}"),
        (
            "calls now in the queue / ringing / talking",
            f"""SELECT string_agg(status || ' ' || n, ', ')
            FROM (SELECT status, count(*) n FROM {Call._meta.db_table} WHERE status <> 'ended' GROUP BY 1) s""",
        ),
        ("tickets", f"SELECT count(*) FROM {Ticket._meta.db_table}"),
        ("tickets created today", f"SELECT count(*) FROM {Ticket._meta.db_table} WHERE created_at >= %s", [day_start]),
        (
            "tickets open, by status",
            f"""SELECT string_agg(status || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT status, count(*) n
                FROM {Ticket._meta.db_table} WHERE status <> 'closed' GROUP BY 1) s""",
        ),
        (
            "tickets late now (any T-5 limit)",
            f"""SELECT count(*) FROM {Ticket._meta.db_table} WHERE (status = 'dispatched' AND accept_due_at < now())
                OR (status = 'accepted' AND contact_due_at < now()) OR (status = 'contacted' AND arrive_due_at < now())
                OR (status IN ('dispatched', 'accepted', 'contacted', 'on_site') AND finish_due_at < now())""",
        ),
        (
            "tickets with exception events, %",
            f"""SELECT round(100.0 * count(DISTINCT ticket_id) / (SELECT count(*) FROM {Ticket._meta.db_table}), 2)
                FROM {ExceptionEvent._meta.db_table}""",
        ),
        ("exception events", f"SELECT count(*) FROM {ExceptionEvent._meta.db_table}"),
        ("complaints", f"SELECT count(*) FROM {Complaint._meta.db_table}"),
        (
            "complaints registered today",
            f"SELECT count(*) FROM {Complaint._meta.db_table} WHERE registered_at >= %s",
            [day_start],
        ),
        (
            "complaints open / overdue now / due today",
            f"""SELECT count(*) || ' / ' || count(*) FILTER (WHERE due_at < now()) || ' / '
                       || count(*) FILTER (WHERE due_at >= %s AND due_at < %s)
                FROM {Complaint._meta.db_table} WHERE status <> 'closed'""",
            [day_start, day_start + timedelta(days=1)],
        ),
        (
            "callbacks done / open",
            f"""SELECT count(*) FILTER (WHERE status = 'done') || ' / '
                       || count(*) FILTER (WHERE status IN ('pending', 'appointed')) FROM {Callback._meta.db_table}""",
        ),
        ("reply commitments", f"SELECT count(*) FROM {ReplyCommitment._meta.db_table}"),
        (
            "complaint entries / ticket events",
            f"""SELECT (SELECT count(*) FROM {ComplaintEntry._meta.db_table}) || ' / '
            || (SELECT count(*) FROM {TicketEvent._meta.db_table})""",
        ),
    ]
    with connection.cursor() as cursor:
        for label, sql, *params in queries:
            cursor.execute(sql, *params)
            value = cursor.fetchone()
            shown = ", ".join(_shown(v) for v in value)
            print(f"  {label:<80} {shown}")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"\ndatabase {connection.settings_dict['NAME']}: {cursor.fetchone()[0]}")
        cursor.execute(
            """SELECT relname, pg_size_pretty(pg_total_relation_size(c.oid)), pg_size_pretty(pg_indexes_size(c.oid))
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 10"""
        )
        for name, size, indexes in cursor.fetchall():
            print(f"  {name:<40} {size:>10} (indexes {indexes})")


def _shown(value) -> str:
    if isinstance(value, list):
        return "/".join(_shown(v) for v in value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--tickets", type=int, default=2_000_000)
    parser.add_argument("--calls", type=int, default=5_000_000)
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--keep", dest="keep", action="store_true", default=True, help="reuse a filled database (default)"
    )
    group.add_argument("--fresh", dest="keep", action="store_false", help="drop the database and fill it anew")
    parser.add_argument("--until", type=datetime.fromisoformat, help="fill up to this earlier moment (with its zone)")
    args = parser.parse_args()
    ensure_big_data(complaints=args.complaints, tickets=args.tickets, calls=args.calls, keep=args.keep, now=args.until)
    print()
    describe()


if __name__ == "__main__":
    main()
