"""The floor plan holds (README, "Architecture"): the ground imports no app, apps import only each other's public
modules, no two apps import each other, no import hides in a function, no model is fetched by name.

The rules are in tests/foundation/layering.py; the checker is tested on made-up modules first, so a rule that
stopped catching its case fails here too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps as django_apps

from tests.foundation import layering

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "accounts",
    "callbacks",
    "callcenter",
    "complaints",
    "compliance",
    "csc",
    "customers",
    "duty",
    "notifications",
    "quality",
    "reports",
    "tickets",
]


def _public() -> dict[str, frozenset[str]]:
    return {
        config.label: layering.DEFAULT_PUBLIC | frozenset(getattr(config, "public_modules", ()))
        for config in django_apps.get_app_configs()
    }


def _check(*modules: tuple[str, str, str]) -> list[str]:
    return [str(v) for v in layering.check(modules, apps=APPS, public=_public())]


def test_the_project_keeps_its_floor_plan():
    apps = layering.project_apps(ROOT)
    assert set(apps) == set(APPS)
    sources = [
        (path.relative_to(ROOT).as_posix(), path.relative_to(ROOT).parts[0], path.read_text())
        for path in layering.python_files(ROOT, apps)
    ]
    assert len(sources) > 150  # every module was read, not an empty directory

    violations = layering.check(sources, apps=apps, public=_public())

    assert not violations, "the floor plan is broken:\n" + "\n".join(str(v) for v in violations)


@pytest.mark.parametrize(
    ("path", "app", "code", "expected"),
    [
        (
            "csc/x.py",
            "csc",
            "from tickets.models import Ticket\n",
            "csc/x.py:1: the ground (csc) imports tickets.models",
        ),
        ("accounts/x.py", "accounts", "\n\nimport compliance.models\n", "accounts/x.py:3: the ground (accounts)"),
        ("tickets/x.py", "tickets", "from complaints.views import detail\n", "tickets/x.py:1: complaints.views.detail"),
        ("tickets/x.py", "tickets", "from complaints import tasks\n", "another app's tasks is never imported"),
        ("tickets/x.py", "tickets", "from compliance.letters import x\n", "compliance.letters.x is not public"),
        (
            "tickets/x.py",
            "tickets",
            "def f():\n    from complaints.models import C\n",
            "tickets/x.py:2: complaints.models.C is imported inside a function",
        ),
        (
            "reports/x.py",
            "reports",
            "from django.apps import apps\nM = apps.get_model('tickets', 'Ticket')\n",
            "reports/x.py:2: apps.get_model",
        ),
        (
            "tickets/x.py",
            "tickets",
            "from csc.views import healthz\n",
            "csc.views.healthz: another app's views is never imported",
        ),
    ],
)
def test_the_checker_names_each_forbidden_import_with_its_file_and_line(path, app, code, expected):
    violations = _check((path, app, code))

    assert any(expected in v for v in violations), violations


def test_two_apps_importing_each_other_are_a_circle_even_through_a_third():
    violations = _check(
        ("tickets/a.py", "tickets", "from complaints.services import x\n"),
        ("complaints/b.py", "complaints", "from callcenter.selectors import y\n"),
        ("callcenter/c.py", "callcenter", "from tickets.models import z\n"),
    )

    assert "tickets/a.py:1: complaints and tickets import each other" not in violations  # named from a's side
    assert any("tickets and complaints import each other, directly or round a circle" in v for v in violations)
    assert any("callcenter and tickets import each other" in v for v in violations)


def test_what_the_rules_allow_passes():
    assert (
        _check(
            ("tickets/a.py", "tickets", "from accounts.models import User\nfrom csc.permissions import may\n"),
            (
                "callcenter/b.py",
                "callcenter",
                "from tickets.services import ticket_create\nfrom tickets import selectors\n",
            ),
            ("csc/c.py", "csc", "from django.urls import include\nX = include('tickets.urls')\n"),
            ("tickets/apps.py", "tickets", "class C:\n    def ready(self):\n        from csc import navigation\n"),
            ("tickets/migrations/0009_x.py", "tickets", "def f(apps, s):\n    M = apps.get_model('complaints', 'C')\n"),
        )
        == []
    )
