"""The escalation sweep (R-1): levels in order, each notified once — rerun, two threads at once, new cycles."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from csc import escalation
from csc.escalation import GM_OFFICE, OWNER, SUPERVISOR, ItemType, Level, SweepFailed, digest_title
from csc.models import Escalation
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def staff_with_password_age(days: int, **kwargs) -> User:
    user = UserFactory(role=Role.AGENT, **kwargs)
    User.objects.filter(pk=user.pk).update(password_changed_at=NOW - timedelta(days=days))
    return user


@pytest.fixture
def only_passwords(monkeypatch):
    monkeypatch.setattr(escalation, "REGISTRY", {"password.expiry": escalation.REGISTRY["password.expiry"]})


def test_r1_a_password_near_expiry_tells_its_owner_once(only_passwords, supervisor, settings):
    settings.PASSWORD_MAX_AGE_DAYS, settings.PASSWORD_REMIND_DAYS = 90, 7
    User.objects.update(password_changed_at=NOW)  # the fixed actors are fresh
    late = staff_with_password_age(85)
    staff_with_password_age(80)  # not yet within the reminder window

    result = escalation.sweep(now=NOW)

    assert result.escalated == {"password.expiry": {OWNER: 1}}
    assert list(Notification.objects.values_list("recipient", "kind")) == [(late.pk, "escalation.password.expiry")]
    expires = timezone.localtime(NOW + timedelta(days=5)).strftime("%Y-%m-%d")
    assert expires in Notification.objects.get().title


def test_r1_an_expired_password_reaches_owner_then_supervisor_in_one_run(only_passwords, supervisor, settings):
    settings.PASSWORD_MAX_AGE_DAYS, settings.PASSWORD_REMIND_DAYS = 90, 7
    User.objects.update(password_changed_at=NOW)
    late = staff_with_password_age(95)

    result = escalation.sweep(now=NOW)

    assert result.escalated == {"password.expiry": {OWNER: 1, SUPERVISOR: 1}}
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted([late.pk, supervisor.pk])
    assert list(Escalation.objects.order_by("level").values_list("item_id", "level")) == [
        (late.pk, OWNER),
        (late.pk, SUPERVISOR),
    ]


def test_r1_running_the_sweep_twice_notifies_each_level_once(only_passwords, supervisor, gm, settings):
    User.objects.update(password_changed_at=NOW)
    staff_with_password_age(95)
    staff_with_password_age(120)

    first = escalation.sweep(now=NOW)
    second = escalation.sweep(now=NOW + timedelta(minutes=5))

    assert first.notifications == 4  # two owners, the supervisor told of both
    assert second.escalated == {}
    assert second.notifications == 0
    assert Notification.objects.count() == 4
    assert Escalation.objects.count() == 4


def test_r1_a_changed_password_is_a_new_cycle_and_is_reminded_again(only_passwords, supervisor, settings):
    User.objects.update(password_changed_at=NOW)
    user = staff_with_password_age(95)
    escalation.sweep(now=NOW)
    User.objects.filter(pk=user.pk).update(password_changed_at=NOW + timedelta(days=1))

    escalation.sweep(now=NOW + timedelta(days=86))

    assert Notification.objects.filter(recipient=user).count() == 2
    assert Escalation.objects.filter(item_id=user.pk, level=OWNER).count() == 2


@pytest.mark.parametrize("late_users", [3, 30])
def test_r1_the_sweep_runs_a_bounded_number_of_statements(
    late_users, only_passwords, supervisor, django_assert_num_queries, django_capture_on_commit_callbacks
):
    User.objects.update(password_changed_at=NOW)
    for _ in range(late_users):
        staff_with_password_age(95)

    with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(20):
        escalation.sweep(now=NOW)

    assert Escalation.objects.count() == late_users * 2


def test_r1_many_items_at_once_send_the_supervisor_one_summary(only_passwords, supervisor, settings):
    settings.ESCALATION_DIGEST_ABOVE = 2
    User.objects.update(password_changed_at=NOW)
    for _ in range(3):
        staff_with_password_age(95)

    escalation.sweep(now=NOW)

    to_supervisor = list(Notification.objects.filter(recipient=supervisor).values_list("title", flat=True))
    assert len(to_supervisor) == 1
    assert to_supervisor == [digest_title(count=3, label=str(escalation.REGISTRY["password.expiry"].label))]
    assert Escalation.objects.filter(level=SUPERVISOR).count() == 3


def _raise():
    raise RuntimeError("broken selector")


def test_a_failing_item_type_does_not_stop_the_others(monkeypatch, supervisor):
    broken = ItemType(
        code="broken",
        label="broken",
        open_items=_raise,
        levels=(Level(OWNER, lambda now: Q()),),
        fields=(),
        title=lambda row, level: "",
    )
    monkeypatch.setattr(escalation, "REGISTRY", {"broken": broken, **escalation.REGISTRY})
    User.objects.update(password_changed_at=NOW)
    staff_with_password_age(95)

    with pytest.raises(SweepFailed) as failure:
        escalation.sweep(now=NOW)

    assert failure.value.codes == ["broken"]
    assert Escalation.objects.filter(item_type="password.expiry").count() == 2


def test_levels_must_be_registered_in_order():
    with pytest.raises(ValueError, match="owner → supervisor → GM office"):
        escalation.register(
            ItemType(
                code="out.of.order",
                label="x",
                open_items=lambda: User.objects.all(),
                levels=(Level(GM_OFFICE, lambda now: Q()), Level(OWNER, lambda now: Q())),
                fields=(),
                title=lambda row, level: "",
            )
        )


def test_escalation_rows_are_append_only(only_passwords, supervisor):
    User.objects.update(password_changed_at=NOW)
    staff_with_password_age(95)
    escalation.sweep(now=NOW)
    row = Escalation.objects.first()

    with pytest.raises(RuntimeError):
        row.save()
    with pytest.raises(RuntimeError):
        row.delete()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("with_lock", [True, False], ids=["advisory-lock", "unique-constraint-alone"])
def test_r1_two_workers_sweeping_at_once_notify_each_level_once(with_lock, monkeypatch):
    """Two threads, two connections, started together: the lock makes one skip; without it ON CONFLICT still holds."""
    from django.apps import apps

    from accounts.roles import sync_roles

    sync_roles(apps)  # a transactional test starts from a flushed database
    monkeypatch.setattr(escalation, "REGISTRY", {"password.expiry": escalation.REGISTRY["password.expiry"]})
    if not with_lock:
        monkeypatch.setattr(escalation, "_try_lock", lambda code: True)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    User.objects.update(password_changed_at=NOW)
    late = [staff_with_password_age(95) for _ in range(5)]
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(escalation.sweep(now=NOW))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sum(result.total for result in results) == 10
    assert Escalation.objects.count() == 10
    assert Notification.objects.filter(recipient__in=late).count() == 5
    assert Notification.objects.filter(recipient=supervisor).count() == 5
