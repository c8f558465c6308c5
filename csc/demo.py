"""Demo data: each app registers what it adds, and `load_demo_data` runs them in order in one transaction.

An app registers a loader from its AppConfig.ready() with `register(code, loader, order=…)`. A loader takes the
options (the demo password, how many customers, the one "now" every loader dates its rows from) and returns how
many of each kind of row exist afterwards. Every loader is idempotent — rows are keyed by natural unique fields —
so running the demo twice leaves the same rows. Order: accounts (10), stations and their residents (20), tickets
(40), complaints (50), calls (60), records protection (70), reports (80), and the escalation sweep last over
everything the others made (90).

The demo fills a heating season up to today (`season_days`), so the reports a newcomer opens first — yesterday's,
last week's, last month's — count something. Each day's rows come from a random generator seeded with the day
(`day_random`): the same data every run for a given today.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from csc.periods import season_start

SEASON_DAYS_BACK = 42  # about six weeks of past days, or fewer when the season started later
SEASON_DAYS_AT_LEAST = 14  # never fewer: last week's report has days to count even in the season's first days


@dataclass(frozen=True)
class DemoOptions:
    password: str
    customers: int = 40
    now: datetime = field(default_factory=timezone.now)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)


def season_days(today: date) -> list[date]:
    """The past days the demo fills, oldest first: from the season's start or six weeks back, whichever is later —
    but at least two weeks back and into last month, so that yesterday, last week and last month all have data."""
    first = max(season_start(today), today - timedelta(days=SEASON_DAYS_BACK))
    first = min(first, today - timedelta(days=SEASON_DAYS_AT_LEAST), today.replace(day=1) - timedelta(days=1))
    return [first + timedelta(days=n) for n in range((today - first).days)]


def day_random(app: str, day: date) -> random.Random:
    """The generator of one app's rows for one day: the same numbers every run."""
    return random.Random(f"csc-demo-{app}-{day.isoformat()}")


def local_moment(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """An aware moment of a local (Asia/Shanghai) day, whole seconds."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=timezone.get_default_timezone())


@dataclass(frozen=True)
class Loader:
    code: str
    load: Callable[[DemoOptions], dict[str, int]]
    order: int


LOADERS: dict[str, Loader] = {}


def register(code: str, load: Callable[[DemoOptions], dict[str, int]], *, order: int) -> None:
    LOADERS[code] = Loader(code=code, load=load, order=order)


@transaction.atomic
def load_demo_data(*, password: str, customers: int = 40) -> dict[str, int]:
    """Create or refresh every demo row; returns how many of each kind exist afterwards."""
    options = DemoOptions(password=password, customers=customers, now=timezone.now())
    counts: dict[str, int] = {}
    for loader in sorted(LOADERS.values(), key=lambda item: (item.order, item.code)):
        counts.update(loader.load(options))
    return counts
