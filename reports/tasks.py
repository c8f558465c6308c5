"""Thin Celery tasks for scheduled reports (R-2, R-3): build one version, then e-mail it address by address."""

from __future__ import annotations

import smtplib
from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from reports import selectors, services
from reports.models import Trigger

RETRYABLE = (OperationalError, OSError, smtplib.SMTPException)


@shared_task(
    name="reports.build_scheduled",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=600,
    soft_time_limit=540,
)
def build_scheduled(kind: str, day: str | None = None) -> int:
    """Beat: build and archive the previous period's report, then e-mail it. Returns the snapshot id.

    A worker killed mid-build commits nothing (one transaction, one INSERT); the retry builds it whole.
    A task re-delivered after the snapshot committed makes another version, never a changed one.
    """
    target = date.fromisoformat(day) if day else selectors.previous_period_day(kind, timezone.localdate())
    snapshot = services.report_snapshot_create(kind=kind, day=target, trigger=Trigger.SCHEDULE)
    email_snapshot.delay(snapshot.pk)
    return snapshot.pk


@shared_task(
    name="reports.email_snapshot",
    acks_late=True,
    autoretry_for=RETRYABLE,
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=6,
    time_limit=300,
    soft_time_limit=240,
)
def email_snapshot(snapshot_id: int) -> None:
    """Fan out one e-mail task per address, so that a retry never re-sends to those already served."""
    for address in services.report_addresses(snapshot_id=snapshot_id):
        email_snapshot_to.delay(snapshot_id, address)


@shared_task(
    name="reports.email_snapshot_to",
    acks_late=True,
    autoretry_for=RETRYABLE,
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=6,
    time_limit=120,
    soft_time_limit=100,
)
def email_snapshot_to(snapshot_id: int, address: str) -> str:
    """One address; a refused address is a final answer ("refused: …"), a server that is down is retried."""
    return services.report_email(snapshot_id=snapshot_id, address=address)
