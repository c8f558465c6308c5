# ruff: noqa: I001, E402
"""Benchmark T-3: route one address in under 5 ms with 100,000 service-area entries.

Run:
    .venv/bin/python -m bench.routing_100k [--areas 100000] [--addresses 2000] [--drop]
Creates / migrates csc_bench_tickets, fills it set-based, then routes addresses as agents type them (city and
district prefixes, full-width digits, spaces, unit/room tails) and prints median / p95 / max per address,
with the plan of the one lookup query.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench import tickets_db  # noqa: F401  sets the database and runs django.setup() first
from bench.database import drop_database, ensure_database  # noqa: E402
from django.db import connection

from tickets.addresses import address_key, head_of
from tickets.models import ServiceArea
from tickets.routing import _active_areas, _substrings, route_address

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--areas", type=int, default=100_000)
    parser.add_argument("--addresses", type=int, default=2000)
    parser.add_argument("--drop", action="store_true", help="drop the benchmark database at the end")
    args = parser.parse_args()
    ensure_database()
    tickets_db.fill_areas(args.areas)
    print(f"service areas: {ServiceArea.objects.count():,}")
    rng = random.Random(7)
    sample = list(
        ServiceArea.objects.order_by("?").values_list("district", "community", "building_from")[: args.addresses]
    )
    addresses = []
    for district, community, first in sample:
        building = (first or 1) + rng.randint(0, 19)
        variant = rng.randint(0, 3)
        if variant == 0:
            addresses.append(f"北京市{district}{community}{building}号楼{rng.randint(1, 4)}单元{rng.randint(1, 6)}01")
        elif variant == 1:
            addresses.append(f" {district[:-1]} {community} {str(building).translate(FULL_WIDTH)} 栋 ")
        elif variant == 2:
            addresses.append(f"{district}{community}{building}-2-301")
        else:
            addresses.append(f"{community}第{building}幢")
    for address in addresses[:50]:  # warm the connection and the plan cache
        route_address(address)
    timings, cpu, outcomes = [], [], {}
    for address in addresses:
        started, started_cpu = time.perf_counter(), time.process_time()
        route = route_address(address)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        outcomes[route.outcome] = outcomes.get(route.outcome, 0) + 1
    timings.sort()
    print(f"routed {len(addresses)} addresses: outcomes { {str(k): v for k, v in outcomes.items()} }")
    print(f"web-process CPU per address: median {statistics.median(cpu):.2f} ms (the rest is PostgreSQL and waiting)")
    with open("/proc/loadavg") as fh:
        print(f"machine load average while measuring: {fh.read().split()[0]}")
    print(
        f"per address: median {statistics.median(timings):.2f} ms, p95 {timings[int(len(timings) * 0.95)]:.2f} ms, "
        f"max {timings[-1]:.2f} ms  (limit 5 ms)"
    )
    key = address_key(addresses[0])
    query = _active_areas().filter(community_key__in=_substrings(head_of(key)))
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}", params)
        print("plan of the lookup:\n  " + "\n  ".join(row[0] for row in cursor.fetchall()))
    partial = [f"{community[:2]}{rng.randint(1, 20)}号楼" for _d, community, _f in sample[:300]]
    partial_timings = []
    for address in partial:
        started = time.perf_counter()
        route_address(address)
        partial_timings.append((time.perf_counter() - started) * 1000)
    partial_timings.sort()
    print(
        f"names typed partly ({len(partial)}, second query for candidates): median {statistics.median(partial_timings):.2f} ms, "
        f"p95 {partial_timings[int(len(partial_timings) * 0.95)]:.2f} ms"
    )
    if args.drop:
        drop_database()


if __name__ == "__main__":
    main()
