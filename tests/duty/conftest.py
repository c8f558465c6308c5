"""Fixtures of the duty tests (K-7, K-9, P-5): the three default shifts, people put on the rota through the service,
a second team with its lead, a role not cleared for secret records, a handover started, an incident reported; the
repair and complaint fixtures for the follow-ups a handover carries over."""

from __future__ import annotations

import importlib
from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.roles import Role
from duty import services
from duty.choices import IncidentKind
from duty.models import Handover, Incident, RotaEntry, Shift
from tests.complaints.conftest import category, register  # noqa: F401  shared fixtures
from tests.factories import TeamFactory, UserFactory
from tests.tickets.conftest import demo_areas, hongcheng_user, ticket_input  # noqa: F401  shared fixtures

DAY, EVENING, NIGHT = "白班", "中班", "夜班"  # 08:00–16:00, 16:00–00:00, 00:00–08:00


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local (Asia/Shanghai) moment of a day."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def shift_now(shifts: dict[str, Shift], now: datetime | None = None) -> tuple[date, Shift]:
    """The (day, shift) of the default rota that is running at `now` (default: now)."""
    local = timezone.localtime(now or timezone.now())
    name = NIGHT if local.hour < 8 else DAY if local.hour < 16 else EVENING
    return local.date(), shifts[name]


@pytest.fixture
def shifts(db) -> dict[str, Shift]:
    """白班 08:00–16:00, 中班 16:00–00:00 (ends at midnight), 夜班 00:00–08:00, by name — as the migration loads them
    (a transactional test elsewhere may have flushed them from a reused test database)."""
    importlib.import_module("duty.migrations.0002_defaults").load(apps, None)
    return {shift.name: shift for shift in Shift.objects.filter(name__in=[DAY, EVENING, NIGHT])}


@pytest.fixture
def put_on(shifts, team_lead):
    """put_on(person, shift name, day) → the person on that shift of that day (through the service, by the lead)."""

    def make(person, name: str, day: date) -> RotaEntry:
        return services.rota_assign(day=day, shift=shifts[name], agent=person, actor=team_lead)

    return make


@pytest.fixture
def agent_on_rota(put_on, agent) -> RotaEntry:
    """`agent` on the day shift three days from now (far enough ahead to be swapped)."""
    return put_on(agent, DAY, in_days(3))


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
def uncleared(db, team):
    """Someone whose role holds the duty desk's permissions but not compliance.clearance_secret (P-5)."""
    group, _created = Group.objects.get_or_create(name="duty_uncleared_t")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="duty",
            codename__in=["view_handover", "add_handover", "view_dutylog", "add_dutylogentry", "view_rotaentry"],
        )
    )
    user = UserFactory(username="uncleared_a", team=team)
    user.groups.add(group)
    return user


@pytest.fixture
def handover(shifts, agent, other_agent) -> Handover:
    """`agent` hands the shift running now over to `other_agent` (started now, nothing signed)."""
    day, shift = shift_now(shifts)
    return services.handover_start(actor=agent, incoming=other_agent, day=day, shift=shift)


@pytest.fixture
def incident(agent) -> Incident:
    """A system failure reported by `agent` an hour ago, open."""
    return services.incident_report(
        actor=agent,
        kind=IncidentKind.SYSTEM_FAILURE,
        title="坐席系统无法登录",
        started_at=timezone.now() - timedelta(hours=1),
        description="三个坐席无法登录客服系统。",
        actions="纸质登记来电。",
    )


REPORT = {"losses": "12通来电改为纸质登记。", "cause": "证书过期。", "responsibility": "信息中心运维。"}
