"""Scheduled work of customer-record protection, on the beat schedule of csc/schedule.py."""

from __future__ import annotations

from celery import shared_task

from compliance.retention import retention_run


@shared_task(name="compliance.retention_run", acks_late=True, expires=6 * 3600, time_limit=1800, soft_time_limit=1700)
def retention_run_task() -> dict[str, int]:
    """The nightly retention run (P-7, R-4): destroys what is past its period and logs it."""
    report = retention_run(dry_run=False)
    return {item.record_type: item.count for item in report.items}
