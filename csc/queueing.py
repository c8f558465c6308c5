"""Handing work to Celery without letting a broker outage fail the request that asked for it.

The work itself is always committed to the database first (a Delivery, an SmsMessage, …); the message to the
broker only says "go now". When the broker cannot be reached, the request still answers normally, the failure is
logged, and the row waits for its requeue sweep (notifications.requeue_stale, notifications.sms_requeue_stale),
which runs every ten minutes in the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

logger = logging.getLogger(__name__)


def enqueue_each(task, ids: Iterable[int]) -> int:
    """`task.delay(id)` for each id; stops at the first broker failure (the rest would fail too). Returns how many
    were handed over."""
    ids = list(ids)
    for done, pk in enumerate(ids):
        try:
            task.delay(pk)
        except Exception as exc:  # noqa: BLE001  kombu's OperationalError, a refused connection, a timeout …
            logger.warning(
                "broker unavailable (%s): %d of %s left for the requeue sweep", exc, len(ids) - done, task.name
            )
            return done
    return len(ids)
