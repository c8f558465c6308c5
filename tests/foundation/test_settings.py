"""Settings come from the environment; a missing or malformed variable stops the start with its name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from csc import config

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x" * 40


def start(env: dict[str, str], code: str = "import django; django.setup(); print('started')"):
    """Start Django in a fresh interpreter with exactly this environment (plus PATH)."""
    full = {"PATH": os.environ["PATH"], "CSC_ENV_FILE": "", "DJANGO_SETTINGS_MODULE": "csc.settings", **env}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "maybe", "SECRET_KEY": GOOD_SECRET}, "DEBUG"),
        ({"DEBUG": "true", "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://root@localhost/csc"}, "DATABASE_URL"),
        ({"DEBUG": "true", "CELERY_BROKER_URL": "kafka://localhost"}, "CELERY_BROKER_URL"),
        ({"DEBUG": "true", "REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"DEBUG": "true", "SESSION_IDLE_SECONDS": "ten"}, "SESSION_IDLE_SECONDS"),
        ({"DEBUG": "true", "EMAIL_URL": "carrier-pigeon://x"}, "EMAIL_URL"),
    ],
)
def test_a_bad_setting_fails_at_start_naming_the_variable(env, named):
    result = start(env)

    assert result.returncode != 0
    assert named in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_manage_py_reports_a_bad_setting_without_a_traceback():
    full = {"PATH": os.environ["PATH"], "CSC_ENV_FILE": "", "DEBUG": "perhaps"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert result.stderr.startswith("Configuration error: Environment variable DEBUG")
    assert "Traceback" not in result.stderr


def test_defaults_are_the_embedded_sqlite_and_filesystem_broker(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.TIME_ZONE, s.LANGUAGE_CODE, s.USE_TZ)"
    )
    result = start({"DEBUG": "true", "CSC_VAR_DIR": str(tmp_path)}, code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://", "Asia/Shanghai", "zh-hans", "True"]
    assert (tmp_path / "broker" / "processed").is_dir()


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])"
    )
    result = start(
        {
            "DEBUG": "true",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/csc",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        code,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://127.0.0.1:6379/0",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "CSC_ENV_FILE": "",
        "CSC_VAR_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": "a-production-secret-that-is-long-and-random-7f3k2l9q8w",
        "ALLOWED_HOSTS": "csc.example.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_env_helpers_parse_and_refuse(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "-3")
    monkeypatch.setenv("X_LIST", " a, b ,,c ")

    assert config.env_bool("X_BOOL", False) is True
    assert config.env_list("X_LIST", []) == ["a", "b", "c"]
    with pytest.raises(ImproperlyConfigured, match="X_INT must be at least 0"):
        config.env_int("X_INT", 1, minimum=0)
    with pytest.raises(ImproperlyConfigured, match="X_MISSING is required"):
        config.env_str("X_MISSING")
