"""Benchmark K-2 look-up: the desk's caller lookup with 1,000,000 customers and 5,000,000 calls — under 30 ms server time.

Run:
    .venv/bin/python -m bench.callcenter_lookup [--customers 1000000] [--calls 5000000] [--samples 300] [--keep]
It creates (or reuses, with --keep) the database csc_bench_callcenter_lookup, migrates it and fills it set-based
(INSERT … SELECT over generate_series, each row cloned from one template row made through the services, so
every column the apps add is filled): one phone and one address per customer, 1 % of the numbers shared by two
customers (the 'maybe' case), five calls per customer on average over a year. It then times
GET api/v1/customers/lookup/?phone= through Django's test Client (server time: authentication, the lookup,
the access-log insert, the JSON), and the selector alone, for random numbers in several written formats.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csc_bench_callcenter_lookup"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc.settings")
os.environ["CSC_ENV_FILE"] = ""
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0000000000")
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["STATIC_MANIFEST"] = "false"
os.environ["LOG_LEVEL"] = "WARNING"
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.clone import clone_rows  # noqa: E402
from bench.database import drop_database, ensure_database  # noqa: E402


def phone_sql(id_expr: str, base: str) -> str:
    """The number of customer n: '139' + 8 digits; every 100th customer shares the previous one's number."""
    n = f"(CASE WHEN mod({id_expr} - {base}, 100) = 99 THEN {id_expr} - 1 ELSE {id_expr} END - {base})"
    return f"'139' || lpad(({n})::text, 8, '0')"


def fill(customers: int, calls: int) -> int:
    from accounts.models import User
    from callcenter.models import Call
    from callcenter.services import call_start_manual
    from customers.models import Customer, CustomerAddress, CustomerPhone
    from customers.services import customer_create

    actor, _ = User.objects.get_or_create(username="bench_agent", defaults={"agent_number": "8000"})
    if Customer.objects.count() >= customers:
        return actor.pk
    started = time.perf_counter()
    template = customer_create(
        name="模板客户", phones=["13900000000"], addresses=["顺义区宏城花园1号楼1单元101"], actor=actor
    )
    base = template.pk
    clone_rows(Customer, template.pk, {"name": "'客户' || g", "account_number": "'B' || g"}, last=customers)
    customers_table = Customer._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {CustomerPhone._meta.db_table} (customer_id, number, label, is_primary) "
            f"SELECT c.id, {phone_sql('c.id', str(base))}, '', true FROM {customers_table} c WHERE c.id > %s",
            [base],
        )
        cursor.execute(
            f"INSERT INTO {CustomerAddress._meta.db_table} (customer_id, address, is_primary) "
            "SELECT c.id, '顺义区宏城花园' || (mod(c.id, 40) + 1) || '号楼' || (mod(c.id, 4) + 1) || '单元' || (mod(c.id, 6) + 1) || '01', true "
            f"FROM {customers_table} c WHERE c.id > %s",
            [base],
        )
    print(f"customers, phones, addresses: {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    call = call_start_manual(caller_number="13900000000", actor=actor)
    Call.objects.filter(pk=call.pk).update(customer_id=template.pk)
    batch = 1_000_000
    for offset in range(0, calls, batch):
        size = min(batch, calls - offset)
        customer_expr = f"({base} + 1 + mod(g + {offset}, {customers}))"
        clone_rows(
            Call,
            call.pk,
            {
                "customer_id": customer_expr,
                "caller_number": phone_sql(customer_expr, str(base)),
                "created_at": f"now() - ((g + {offset}) * interval '6 seconds')",
                "ringing_at": f"now() - ((g + {offset}) * interval '6 seconds')",
                "answered_at": f"now() - ((g + {offset}) * interval '6 seconds') + interval '7 seconds'",
                "ended_at": f"now() - ((g + {offset}) * interval '6 seconds') + interval '150 seconds'",
                "status": "'ended'",
                "hangup_cause": "'completed'",
                "call_type": "(ARRAY['repair','consultation','complaint','praise','other'])[1 + mod(g, 5)]",
                "ring_seconds": "mod(g, 25)",
            },
            last=size,
        )
        print(f"calls {offset + size:,}: {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return actor.pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=5_000_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    from django.contrib.auth.models import Group
    from django.test import Client

    from accounts.models import User
    from accounts.roles import Role
    from callcenter.models import Call
    from callcenter.selectors import caller_lookup
    from customers.models import Customer, CustomerPhone

    ensure_database()
    actor_id = fill(args.customers, args.calls)
    agent = User.objects.get(pk=actor_id)
    agent.groups.add(Group.objects.get(name=Role.AGENT.value))
    print(f"rows: customers {Customer.objects.count():,}, calls {Call.objects.count():,}")

    rng = random.Random(30)
    numbers = list(CustomerPhone.objects.order_by("?").values_list("number", flat=True)[: args.samples])
    formats = [lambda n: n, lambda n: f"+86 {n[:3]}-{n[3:7]}-{n[7:]}", lambda n: f"{n[:3]} {n[3:7]} {n[7:]}"]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(agent)  # the desk's session (saved on every request: the idle timeout, P-6)
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=agent)[0].key
    ivr = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}")  # the telephony / IVR
    for number in numbers[:20]:  # warm caches and connections
        client.get("/api/v1/customers/lookup/", {"phone": number})
    api_ms, token_ms, selector_ms, matches = [], [], [], []
    for number in numbers:
        written = rng.choice(formats)(number)
        began = time.perf_counter()
        response = client.get("/api/v1/customers/lookup/", {"phone": written})
        api_ms.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.content[:200]
        matches.append(len(response.json()["matches"]))
        began = time.perf_counter()
        assert ivr.get("/api/v1/customers/lookup/", {"phone": written}).status_code == 200
        token_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        caller_lookup(number=number)
        selector_ms.append((time.perf_counter() - began) * 1000)

    def line(name, values):
        values = sorted(values)
        p95 = values[int(len(values) * 0.95) - 1]
        print(f"{name}: median {statistics.median(values):.1f} ms  p95 {p95:.1f} ms  max {values[-1]:.1f} ms")

    print(f"{len(numbers)} lookups, {sum(1 for m in matches if m > 1)} with several 'maybe' customers")
    line("GET api/v1/customers/lookup/, session (server time)", api_ms)
    line("GET api/v1/customers/lookup/, token (server time)", token_ms)
    line("caller_lookup selector", selector_ms)
    with connection.cursor() as cursor:
        number = numbers[0]
        cursor.execute(
            "EXPLAIN ANALYZE SELECT * FROM callcenter_call WHERE caller_number = %s ORDER BY created_at DESC LIMIT 5",
            [number],
        )
        print("\n".join(r[0] for r in cursor.fetchall()[:3]))
    if not args.keep:
        drop_database()


if __name__ == "__main__":
    main()
