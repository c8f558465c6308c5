"""The benchmarks' own PostgreSQL database: made (and migrated) before a run, dropped after it.

Every benchmark sets DATABASE_URL to a `csc_bench_*` database before `django.setup()`; these helpers refuse any
other name, so a benchmark can never fill or drop a real database.
"""

from __future__ import annotations

import time

from django.core.management import call_command
from django.db import connection, connections


def _admin():
    """A connection to the server's `postgres` database, to create and drop the benchmark's own."""
    import psycopg2

    settings = connection.settings_dict
    admin = psycopg2.connect(
        host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432, user=settings["USER"], dbname="postgres"
    )
    admin.autocommit = True
    return admin


def _name() -> str:
    name = connection.settings_dict["NAME"]
    assert name.startswith("csc_bench"), f"refusing to run against {name}: use a csc_bench_* database"
    return name


def ensure_database() -> None:
    """Create the benchmark database when missing, then migrate it (the migrations make the cache table too)."""
    name = _name()
    admin = _admin()
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database {name} migrated in {time.perf_counter() - started:.1f} s")


def drop_database() -> None:
    name = _name()
    connections.close_all()
    admin = _admin()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()
    print(f"dropped database {name}")
