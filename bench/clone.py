"""The benchmarks' one set-based row generator: copies of a template row, some columns computed in SQL.

A template row made once through the ORM or a service has every NOT NULL column and every default right; the
generators copy it with one INSERT … SELECT and replace the columns they vary with SQL expressions. A column the
generator does not name keeps the template's value, so a column added by a later migration needs no change here.
Not a benchmark itself (bench/__main__.py does not list it).
"""

from __future__ import annotations

from django.db import connection


def insert_sql(model, overrides: dict[str, str], source: str) -> str:
    """INSERT INTO the model's table … SELECT the template row `t` joined to `source`, with `overrides`.

    `overrides` maps a column to an SQL expression over `source`'s columns (and `t.<column>`); a literal `%` in
    them (the modulo operator) needs no escaping. `source` is a FROM item (`generate_series(%s, %s) AS g`, or
    `(SELECT …) AS q`); its `%s` are parameters, so a modulo there is written `%%`. The last parameter of the
    statement is the template's primary key.
    """
    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    unknown = set(overrides) - set(columns)
    assert not unknown, f"{table} has no column {sorted(unknown)}"
    select = [overrides[column].replace("%", "%%") if column in overrides else f"t.{column}" for column in columns]
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(select)} "  # noqa: S608  csc_bench_* only
        f"FROM {table} t, {source} WHERE t.{model._meta.pk.column} = %s"
    )


def clone_from(model, template_pk: int, overrides: dict[str, str], source: str, params=()) -> int:
    """Insert one copy of the template per row of `source`; returns the number of rows inserted."""
    with connection.cursor() as cursor:
        cursor.execute(insert_sql(model, overrides, source), [*params, template_pk])
        return cursor.rowcount


def clone_rows(model, template_pk: int, overrides: dict[str, str], *, last: int, first: int = 1) -> int:
    """Copies number `first`..`last` of the template; the overrides are expressions of g (that number)."""
    return clone_from(model, template_pk, overrides, "generate_series(%s, %s) AS g", [first, last])
