"""The one state-machine shape (csc/workflow.py): check refuses in a fixed order, available offers only what the
actor may do now. A made-up machine on a made-up record, so the ground is tested without any app's rules."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from csc.api import DomainError
from csc.workflow import StateMachine, Transition

WORK = "tickets.work_ticket"  # held by station staff, not by agents


class Record:
    """A record with a status and a number, under no object rule (its model label is registered by nobody)."""

    _meta = SimpleNamespace(label_lower="tests.record")

    def __init__(self, status: str, *, owner=None, special: bool = True):
        self.status, self.number, self.owner, self.special = status, "R1", owner, special

    def get_status_display(self) -> str:
        return status_labels[self.status]


status_labels = {"new": "New", "open": "Open", "done": "Done"}

MACHINE = StateMachine(
    [
        Transition("open", "Open it", ("new",), "open", perm=WORK, who_text="station staff"),
        Transition(
            "finish", "Finish", ("open",), "done", who=lambda actor, record: record.owner == actor, who_text="owner"
        ),
        Transition(
            "polish",
            "Polish",
            ("open",),
            applies=lambda record: record.special,
            applies_text="Only a special record is polished.",
        ),
        Transition("note", "Note", ("new", "open", "done")),
    ],
    state_message="%(number)s is %(status)s: no “%(action)s” now.",
    unknown_message="No such action: %(action)s.",
    denied_message="Only %(who)s may “%(action)s”.",
)


def test_an_unknown_action_is_a_409_unknown_action(station_user):
    with pytest.raises(DomainError) as error:
        MACHINE.check(Record("new"), "explode", station_user)

    assert (error.value.code, error.value.message) == ("unknown_action", "No such action: explode.")


def test_the_wrong_state_is_a_409_illegal_transition_before_the_person_is_asked(agent):
    with pytest.raises(DomainError) as error:
        MACHINE.check(Record("done"), "open", agent)  # agent lacks the permission too: the state is said first

    assert (error.value.code, error.value.message) == ("illegal_transition", "R1 is Done: no “Open it” now.")


def test_an_action_that_does_not_apply_to_the_record_is_a_409_not_applicable(station_user):
    with pytest.raises(DomainError) as error:
        MACHINE.check(Record("open", special=False), "polish", station_user)

    assert (error.value.code, error.value.message) == ("not_applicable", "Only a special record is polished.")


def test_the_wrong_person_is_a_403_with_the_machines_message(agent, station_user):
    with pytest.raises(PermissionDenied) as missing_permission:
        MACHINE.check(Record("new"), "open", agent)
    with pytest.raises(PermissionDenied) as not_the_owner:
        MACHINE.check(Record("open", owner=agent), "finish", station_user)

    assert str(missing_permission.value) == "Only station staff may “Open it”."
    assert str(not_the_owner.value) == "Only owner may “Finish”."


def test_without_a_denied_message_the_refusal_is_a_bare_403(agent):
    bare = StateMachine(MACHINE, state_message="%(status)s", unknown_message="?")

    with pytest.raises(PermissionDenied) as error:
        bare.check(Record("new"), "open", agent)

    assert str(error.value) == ""


def test_check_returns_the_transition_when_everything_allows_it(station_user):
    assert MACHINE.check(Record("new"), "open", station_user) is MACHINE["open"]
    assert MACHINE.check(Record("open", owner=station_user), "finish", station_user).target == "done"


def test_available_lists_only_what_the_actor_may_do_now_in_the_machines_order(agent, station_user):
    def names(record, actor):
        return [t.name for t in MACHINE.available(record, actor)]

    assert names(Record("new"), station_user) == ["open", "note"]
    assert names(Record("new"), agent) == ["note"]
    assert names(Record("open", owner=agent), agent) == ["finish", "polish", "note"]
    assert names(Record("open", owner=agent, special=False), station_user) == ["note"]


def test_the_machine_lists_its_actions_by_name():
    assert MACHINE.names == ("open", "finish", "polish", "note")
    assert "finish" in MACHINE and "explode" not in MACHINE
    assert MACHINE["polish"].target is None  # the status stays
    with pytest.raises(ValueError, match="share a name"):
        StateMachine([MACHINE["note"], MACHINE["note"]], state_message="", unknown_message="")
