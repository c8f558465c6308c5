"""The call filters the supervisor dashboard links to: agent, team, outcome, answered late, local days."""

from __future__ import annotations

import pytest
from django.utils import timezone

from callcenter.choices import CallStatus
from callcenter.filters import CallFilter
from callcenter.models import Call, CallDirection
from tests.callcenter.factories import CallFactory
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def ids(params) -> set[int]:
    filterset = CallFilter(params, Call.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


def test_outcome_answered_and_abandoned(agent):
    answered = CallFactory(agent=agent)
    abandoned = CallFactory(answered_at=None, ring_seconds=None, ended_at=timezone.now())
    CallFactory(answered_at=None, ring_seconds=None, ended_at=None, status=CallStatus.QUEUED)  # still waiting
    CallFactory(direction=CallDirection.OUTBOUND, answered_at=None, ring_seconds=None, ended_at=timezone.now())

    assert ids({"outcome": "answered"}) == {answered.pk}
    assert ids({"outcome": "abandoned"}) == {abandoned.pk}
    assert not CallFilter({"outcome": "lost"}, Call.objects.all()).is_valid()


def test_agent_team_and_answered_late(agent, other_agent):
    stranger = UserFactory(team=TeamFactory(name="乙班"))
    late = CallFactory(agent=agent, ring_seconds=30)
    quick = CallFactory(agent=other_agent, ring_seconds=3)
    CallFactory(agent=stranger)

    assert ids({"team": str(agent.team_id)}) == {late.pk, quick.pk}
    assert ids({"agent": str(agent.pk)}) == {late.pk}
    assert ids({"team": str(agent.team_id), "answered_late": "1"}) == {late.pk}
    today = timezone.localdate().isoformat()
    assert len(ids({"date_from": today, "date_to": today})) == 3
