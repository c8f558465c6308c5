"""Demo data: each app registers what it adds, and `load_demo_data` runs them in order in one transaction.

An app registers a loader from its AppConfig.ready() with `register(code, loader, order=…)`. A loader takes the
options (the demo password, how many customers) and returns how many of each kind of row exist afterwards.
Every loader is idempotent — rows are keyed by natural unique fields — so running the demo twice leaves the
same rows. Order: accounts (10), stations and their residents (20), tickets (40), complaints (50), calls (60),
records protection (70), reports (80), and the escalation sweep last over everything the others made (90).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class DemoOptions:
    password: str
    customers: int = 40


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
    options = DemoOptions(password=password, customers=customers)
    counts: dict[str, int] = {}
    for loader in sorted(LOADERS.values(), key=lambda item: (item.order, item.code)):
        counts.update(loader.load(options))
    return counts
