"""Fixtures and helpers of the quality tests (K-4, K-8): the seed-004 defaults, calls with a recording, checks through
the service, a second team with its lead, days of last month; the repair fixtures for a station's rejection."""

from __future__ import annotations

import importlib
from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.roles import Role
from callcenter.models import Recording
from quality import services
from quality.models import ErrorType, ScoreItem, ScoreSheet
from tests.callcenter.factories import CallFactory
from tests.factories import TeamFactory, UserFactory
from tests.tickets.conftest import demo_areas, hongcheng_user, ticket_input  # noqa: F401  shared fixtures

WAV = b"RIFF" + b"\0" * 4 + b"WAVE" + b"\0" * 100


def last_month_day(day: int = 15) -> date:
    """A day of last month (the 15th: a month that has ended, whatever today is)."""
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=day)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())


def error_types(*codes: str) -> list[ErrorType]:
    found = {kind.code: kind for kind in ErrorType.objects.filter(code__in=codes)}
    return [found[code] for code in codes]


def items_of(sheet: ScoreSheet) -> dict[str, ScoreItem]:
    """The current version's items by label (the intake sheet's labels are unique)."""
    return {item.label: item for item in sheet.current_version().items.all()}


@pytest.fixture
def defaults(db):
    """The seed-004 sheets, error types and reward levels, as the migration loads them (a transactional test elsewhere
    may have flushed them from a reused test database)."""
    importlib.import_module("quality.migrations.0002_defaults").load(apps, None)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def intake(defaults) -> ScoreSheet:
    """报修接听抽查测评表: 18 items, 35 points; 选对维修站 (5) is fatal and counts a wrong station."""
    return ScoreSheet.objects.get(name="报修接听抽查测评表")


@pytest.fixture
def other_team_lead(db):
    team = TeamFactory(name="乙班")
    lead = UserFactory(username="lead_b", role=Role.TEAM_LEAD, team=team)
    team.lead = lead
    team.save()
    return lead


@pytest.fixture
def other_team_agent(db, other_team_lead):
    return UserFactory(username="agent_c", role=Role.AGENT, team=other_team_lead.team)


@pytest.fixture
def recorded_call(media):
    """recorded_call(agent, at=None, recording=True) → an answered call of the agent (at `at`), with a 5-second
    recording unless told otherwise."""

    def make(agent, *, at: datetime | None = None, recording: bool = True):
        fields = {}
        if at is not None:
            fields = {"ringing_at": at, "created_at": at}
        call = CallFactory(agent=agent, **fields)
        if recording:
            Recording.objects.create(
                call=call,
                file=ContentFile(WAV, name="r.wav"),
                size_bytes=len(WAV),
                duration_seconds=5,
                uploaded_by=agent,
            )
        return call

    return make


@pytest.fixture
def score(recorded_call, intake, team_lead):
    """score(agent, deduct={label: points}, errors=(codes), praise=(codes), by=team_lead, at=None) → a check of a new
    recorded call of the agent on the intake sheet."""

    def make(agent, *, deduct=None, errors=(), praise=(), by=None, at=None, call=None):
        call = call or recorded_call(agent, at=at)
        items = items_of(intake)
        return services.spot_check_create(
            call=call,
            actor=by or team_lead,
            sheet=intake,
            deductions={items[label].pk: points for label, points in (deduct or {}).items()},
            errors=error_types(*errors),
            praise=error_types(*praise),
            problems="开头语不规范",
            at=at,
        )

    return make
