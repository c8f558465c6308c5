"""Shared set-up of the tickets benchmarks: a separate database (csc_bench_tickets), migrated by the script.

Import this module first: it points Django at the benchmark database before django.setup().
"""

from __future__ import annotations

import os
import time

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csc_bench_tickets"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc.settings")
os.environ["CSC_ENV_FILE"] = ""
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0000000000")
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["STATIC_MANIFEST"] = "false"
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


def fill_areas(count: int, stations: int = 200) -> list[int]:
    """`count` service areas over `stations` stations, set-based; community names are CJK only (no digits)."""
    from tickets.models import ServiceArea, Station

    if not Station.objects.filter(code="bench0").exists():
        Station.objects.bulk_create(Station(name=f"基准站{n}", code=f"bench{n}", sort_order=n) for n in range(stations))
    station_ids = list(Station.objects.filter(code__startswith="bench").values_list("pk", flat=True))
    have = ServiceArea.objects.filter(station_id__in=station_ids).count()
    if have >= count:
        print(f"reusing {have:,} service areas")
        return station_ids
    started = time.perf_counter()
    ids = "ARRAY[" + ",".join(map(str, station_ids)) + "]"
    # name = two CJK characters from g + a suffix: unique for g < 1,000,000, never containing a digit
    name = "chr(19968 + (g % 1000)) || chr(20968 + (g / 1000) % 1000) || (ARRAY['小区','家园','花园','苑'])[1 + g % 4]"
    district = (
        "(ARRAY['顺义区','昌平区','朝阳区','海淀区','通州区','大兴区','房山区','怀柔区','密云区','平谷区'])[1 + g % 10]"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {ServiceArea._meta.db_table}
                (station_id, district, street, community, building_from, building_to, is_active,
                 community_key, district_stem, street_stem)
            SELECT ({ids})[1 + g % {len(station_ids)}], {district}, '', {name},
                   CASE WHEN g % 3 = 0 THEN NULL ELSE 1 + (g % 2) * 20 END,
                   CASE WHEN g % 3 = 0 THEN NULL ELSE 20 + (g % 2) * 20 END,
                   true, {name}, rtrim({district}, '区'), ''
            FROM generate_series({have + 1}, {count}) AS g
            """
        )
        cursor.execute(f"ANALYZE {ServiceArea._meta.db_table}")
    print(f"inserted {count - have:,} service areas in {time.perf_counter() - started:.1f} s")
    return station_ids
