"""/healthz both ways (real refused connections, not mocks), and the beat schedule in the admin's tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from csc.models import Heartbeat
from csc.schedule import BEAT_SCHEDULE
from csc.tasks import heartbeat, ping

ROOT = Path(__file__).resolve().parents[2]


def healthz_in_subprocess(**env) -> tuple[int, dict]:
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client(HTTP_HOST='127.0.0.1').get('/healthz'); print(r.status_code); print(r.content.decode())"
    )
    full = {
        "PATH": os.environ["PATH"],
        "CSC_ENV_FILE": "",
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "csc.settings",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-2:]
    return int(status), json.loads(body)


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_is_503_naming_the_broker_when_it_does_not_answer():
    status, body = healthz_in_subprocess(
        DATABASE_URL=os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
    )

    assert status == 503
    assert body["database"] == "ok"
    assert body["broker"].startswith("error")


def test_healthz_is_503_naming_the_database_when_it_does_not_answer():
    status, body = healthz_in_subprocess(
        DATABASE_URL="postgres://postgres@127.0.0.1:1/csc", CELERY_BROKER_URL=os.environ.get("REDIS_URL", "")
    )

    assert status == 503
    assert body["database"].startswith("error")
    assert body["broker"] == "ok"


@pytest.mark.django_db
def test_sync_schedule_writes_every_entry_once_and_keeps_admin_edits():
    call_command("sync_schedule", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= set(BEAT_SCHEDULE)
    task = PeriodicTask.objects.get(name="heartbeat")
    assert task.expire_seconds == BEAT_SCHEDULE["heartbeat"].expires_seconds
    task.enabled = False
    task.save()

    call_command("sync_schedule", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert PeriodicTask.objects.get(name="heartbeat").enabled is False

    call_command("sync_schedule", "--reset", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert PeriodicTask.objects.get(name="heartbeat").enabled is True
    assert PeriodicTask.objects.filter(name="heartbeat").count() == 1


def test_every_beat_entry_expires_and_names_a_registered_task():
    from csc.celery import app

    app.loader.import_default_modules()
    for name, entry in BEAT_SCHEDULE.items():
        assert entry.expires_seconds > 0, name
        assert entry.task in app.tasks, name


@pytest.mark.django_db
def test_heartbeat_task_called_directly_counts_runs():
    assert heartbeat() == 1
    assert heartbeat() == 2
    assert Heartbeat.objects.get(name="beat").runs == 2


def test_ping_task_called_directly():
    assert ping(21) == 42
