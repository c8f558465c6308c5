"""End to end: a real Celery worker on Redis and PostgreSQL escalates and builds a daily report."""

from __future__ import annotations

import os
import subprocess
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from csc.models import Escalation
from csc.tasks import escalation_sweep
from notifications.models import Notification
from reports.models import ReportSnapshot
from reports.tasks import build_scheduled
from tests.factories import UserFactory
from tests.foundation.test_processes import CELERY, ROOT, stop

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_escalates_once_and_archives_a_daily_report():
    from django.apps import apps

    from accounts.roles import sync_roles

    sync_roles(apps)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    late = UserFactory(role=Role.AGENT)
    User.objects.exclude(pk=late.pk).update(password_changed_at=timezone.now())
    User.objects.filter(pk=late.pk).update(password_changed_at=timezone.now() - timedelta(days=120))
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    worker = subprocess.Popen(
        [CELERY, "-A", "csc", "worker", "--pool=solo", "-Q", queue, "--loglevel=WARNING", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        first = escalation_sweep.apply_async(queue=queue).get(timeout=90)
        second = escalation_sweep.apply_async(queue=queue).get(timeout=60)
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        snapshot_id = build_scheduled.apply_async(kwargs={"kind": "daily", "day": yesterday}, queue=queue).get(
            timeout=60
        )
    finally:
        stop(worker)

    assert first["escalated"] == {"password.expiry": {"1": 1, "2": 1}}
    assert second["escalated"] == {}
    assert Escalation.objects.count() == 2
    assert Notification.objects.filter(recipient=late).count() == 1
    assert Notification.objects.filter(recipient=supervisor).count() == 1
    snapshot = ReportSnapshot.objects.get(pk=snapshot_id)
    assert (snapshot.kind, snapshot.period_start.isoformat(), snapshot.version) == ("daily", yesterday, 1)
    assert snapshot.trigger == "schedule"
    from django_celery_results.models import TaskResult

    assert TaskResult.objects.filter(task_name="reports.build_scheduled", status="SUCCESS").count() == 1
