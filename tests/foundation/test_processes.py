"""Real processes: a Celery worker on Redis + PostgreSQL, and the embedded default (SQLite + filesystem broker)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

from csc.models import Heartbeat
from csc.tasks import heartbeat, ping

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_runs_tasks_through_redis_and_stores_results():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    worker = subprocess.Popen(
        [CELERY, "-A", "csc", "worker", "--pool=solo", "-Q", queue, "--loglevel=WARNING", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert ping.apply_async(args=[21], queue=queue).get(timeout=60) == 42
        assert heartbeat.apply_async(kwargs={"name": "worker-test"}, queue=queue).get(timeout=30) == 1
    finally:
        stop(worker)
    assert Heartbeat.objects.get(name="worker-test").runs == 1
    from django_celery_results.models import TaskResult

    assert TaskResult.objects.filter(task_name="csc.ping", status="SUCCESS").exists()


def test_the_embedded_default_serves_pages_and_runs_tasks(tmp_path):
    env = {
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "CSC_ENV_FILE": "",
        "DEBUG": "true",
        "CSC_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "csc.settings",
    }
    run = dict(cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    save_a_user = "from accounts.models import User; User.objects.create_user('first', password='Nuan-Qi-2026!')"
    # No createcachetable: the migrations make the database cache's table, which saving a user already writes to.
    for command in (["migrate", "--noinput", "-v0"], ["shell", "-c", save_a_user], ["demo_data"]):
        result = subprocess.run([sys.executable, "manage.py", *command], **run)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "csc.sqlite3").exists()

    port = free_port()
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [CELERY, "-A", "csc", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = ""
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:  # noqa: S310
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "登录" in body

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
            assert b'"broker": "ok"' in response.read()

        code = "import django; django.setup(); from csc.tasks import ping; print(ping.delay(5).get(timeout=60))"
        result = subprocess.run([sys.executable, "-c", code], **run)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "10"
    finally:
        stop(web)
        stop(worker)
