"""Thin Celery tasks of the call centre: the roll-up behind the contact-centre figures (K-10)."""

from __future__ import annotations

from celery import shared_task

from callcenter import metrics


@shared_task(name="callcenter.calls_rollup", acks_late=True, time_limit=600, soft_time_limit=540)
def calls_rollup() -> dict:
    """Beat: roll up the calls' hours and rebuild the hours whose calls changed (callcenter/metrics.py)."""
    done = metrics.rollup()
    return {"until": done["until"].isoformat() if done["until"] else None, "hours": done["hours"]}
