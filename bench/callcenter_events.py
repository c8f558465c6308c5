"""Benchmark K-1 throughput: POST api/v1/calls/ under gunicorn with PostgreSQL — at least 300 events/s, p95 under 50 ms.

Run:
    .venv/bin/python -m bench.callcenter_events [--events 5000] [--clients 8] [--workers 5] [--keep]
It creates (or reuses) the database csc_bench_callcenter, migrates it, creates 50 agents and the telephony's
token, starts gunicorn on a random 127.0.0.1 port (sync workers, production settings), sends a bounded number
of events (each call: queued, ringing, answered, hangup — plus one retried event in ten) from a few client
threads, prints the rate and latency percentiles, checks the final state of every call, and stops gunicorn by
its PID. Without --keep the database is dropped at the end. The cache is Redis database 9 on 127.0.0.1, as in
production (BENCH_REDIS_URL sets another; BENCH_REDIS_URL="" uses the database cache).

What makes the rate (see callcenter/services.py call_event_record and accounts/auth_cache.py): an event of a
known call costs four statements (lock the call, read its events, insert the event, update the call) and no
query for the token's user or permissions, which each worker keeps between requests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csc_bench_callcenter")
ENV = {
    "DATABASE_URL": DB_URL,
    "DJANGO_SETTINGS_MODULE": "csc.settings",
    "CSC_ENV_FILE": "",
    "SECRET_KEY": "bench-secret-key-not-for-production-0000000000",
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "STATIC_MANIFEST": "false",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)
# Production runs with Redis for the cache (lockout checks, throttles, kept token users); BENCH_REDIS_URL="" runs
# the bench on the database cache instead.
_redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
if _redis:
    os.environ["REDIS_URL"] = _redis
else:
    os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402

from bench.database import drop_database, ensure_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def prepare(agents: int) -> str:
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from accounts.roles import Role
    from callcenter.models import Call, CallEvent

    # A fresh run on a kept database: the bench's own calls go (raw deletes: calls are never deleted in the app).
    CallEvent.objects.filter(call__external_id__startswith="bench-")._raw_delete(CallEvent.objects.db)
    Call.history.filter(external_id__startswith="bench-").delete()
    Call.objects.filter(external_id__startswith="bench-")._raw_delete(Call.objects.db)
    group = Group.objects.get(name=Role.AGENT.value)
    for n in range(agents):
        user, created = User.objects.get_or_create(username=f"bench_agent{n}", defaults={"agent_number": f"8{n:03d}"})
        if created:
            user.groups.add(group)
    cti, _ = User.objects.get_or_create(username="bench_cti")
    cti.groups.add(Group.objects.get(name=Role.INTEGRATION_CLIENT.value))
    return Token.objects.get_or_create(user=cti)[0].key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "csc.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **ENV})
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def build_events(total: int, agents: int) -> list[dict]:
    rng = random.Random(300)
    base = datetime.now(UTC) - timedelta(hours=1)
    events = []
    call = 0
    while len(events) < total:
        start = base + timedelta(seconds=call * 0.5)
        agent = f"8{rng.randrange(agents):03d}"
        caller = f"13{rng.randrange(10**9):09d}"
        external_id = f"bench-{call}"
        steps = [
            {"event": "queued", "occurred_at": start},
            {"event": "ringing", "occurred_at": start + timedelta(seconds=8), "agent_number": agent},
            {
                "event": "answered",
                "occurred_at": start + timedelta(seconds=8 + rng.randrange(2, 20)),
                "agent_number": agent,
            },
            {"event": "hangup", "occurred_at": start + timedelta(seconds=200), "cause": "completed"},
        ]
        if rng.random() < 0.1:
            steps.append(dict(steps[1]))  # a telephony retry
        for step in steps:
            step.update(
                {"external_id": external_id, "caller_number": caller, "called_number": "96069", "direction": "inbound"}
            )
            step["occurred_at"] = step["occurred_at"].isoformat()
            events.append(step)
        call += 1
    return events  # whole calls: a few more than `total` events


def send_all(port: int, token: str, events: list[dict], clients: int) -> tuple[list[float], list[int], float]:
    """Each client thread sends its share of the calls, each call's events in order (as one CTI link would)."""
    by_call: dict[str, list[dict]] = {}
    for event in events:
        by_call.setdefault(event["external_id"], []).append(event)
    shares = [[] for _ in range(clients)]
    for index, call_events in enumerate(by_call.values()):
        shares[index % clients].extend(call_events)
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    headers = {"Content-Type": "application/json", "Authorization": f"Token {token}"}

    def client(share: list[dict]) -> None:
        mine_lat, mine_status = [], []
        for event in share:
            body = json.dumps(event)
            began = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("POST", "/api/v1/calls/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            mine_lat.append(time.perf_counter() - began)
            mine_status.append(response.status)
        with lock:
            latencies.extend(mine_lat)
            statuses.extend(mine_status)

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    ensure_database()
    token = prepare(args.agents)
    connections.close_all()
    events = build_events(args.events, args.agents)
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        send_all(port, token, events[:200], 4)  # warm the workers' connections
        latencies, statuses, elapsed = send_all(port, token, events[200:], args.clients)
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    from callcenter.models import Call

    sent = len(latencies)
    latencies.sort()
    ok = sum(1 for s in statuses if s in (200, 201))
    calls = Call.objects.filter(external_id__startswith="bench-")
    ended = calls.filter(
        status="ended", hangup_cause="completed", agent__isnull=False, ring_seconds__isnull=False
    ).count()
    complete = ended == calls.count() == len({e["external_id"] for e in events})
    print(
        f"events sent: {sent} from {args.clients} client threads to gunicorn ({args.workers} sync workers), PostgreSQL"
    )
    print(f"answered 200/201: {ok}  other: {sent - ok}")
    print(f"rate: {sent / elapsed:.0f} events/s over {elapsed:.1f} s")
    print(
        f"latency ms: median {statistics.median(latencies) * 1000:.1f}  p95 {latencies[int(sent * 0.95) - 1] * 1000:.1f}  p99 {latencies[int(sent * 0.99) - 1] * 1000:.1f}  max {latencies[-1] * 1000:.1f}"
    )
    print(f"calls: {calls.count()}, of them ended/completed with agent and ring time: {ended}")
    if not complete:
        print("NOT every call sent ended with its agent and ring time")
    if not args.keep:
        drop_database()
    if ok != sent or not complete:
        sys.exit(1)


if __name__ == "__main__":
    main()
