"""One shape for every state machine: which states an action leaves from, where it goes, who may take it and
what it needs. Services call `machine.check(obj, action, actor)` before they change anything; pages and the API
call `machine.available(obj, actor)` to offer only what the actor may do now.

Each app declares its machines in its own workflow.py with its own messages (format strings from its catalogue),
so a refusal reads the same wherever it is raised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from csc.api import DomainError
from csc.permissions import may


@dataclass(frozen=True)
class Transition:
    """One action of a machine. `perm` is a Django permission checked with the object's rules (`may`); `who` is
    a further rule on the object (the owner or a supervisor); `applies` says whether the action makes sense for
    this object at all (an internal complaint is appealed, not reopened)."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None = None  # None: the status stays
    perm: str | None = None
    who: Callable[[Any, Any], bool] | None = None
    who_text: str = ""
    needs: str = ""
    applies: Callable[[Any], bool] | None = None
    applies_text: str = ""
    stamp: str | None = None  # the field that records when the step happened

    def fits(self, obj) -> bool:
        return self.applies is None or self.applies(obj)

    def permits(self, actor, obj) -> bool:
        if self.perm is not None and not may(actor, self.perm, obj):
            return False
        return self.who is None or self.who(actor, obj)


class StateMachine:
    """The transitions of one model's status, and the one answer to "may this actor do this to it now".

    Messages are format strings; `state_message` gets `action` (the label), `status` (the display of the
    current status) and `number` (the object's, when it has one); `unknown_message` gets `action` and `name`
    (both the unknown name); `denied_message` gets `action` and `who` (the transition's `who_text`). Without
    `denied_message` a refusal is a bare PermissionDenied.
    """

    def __init__(
        self,
        transitions: Iterable[Transition],
        *,
        state_message: str,
        unknown_message: str,
        denied_message: str | None = None,
        status_field: str = "status",
    ):
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self._by_name = {t.name: t for t in self.transitions}
        if len(self._by_name) != len(self.transitions):
            raise ValueError("Two transitions share a name.")
        self.state_message = state_message
        self.unknown_message = unknown_message
        self.denied_message = denied_message
        self.status_field = status_field

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.transitions)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def status_of(self, obj) -> str:
        return getattr(obj, self.status_field)

    def check(self, obj, action: str, actor) -> Transition:
        """The transition when `actor` may take `action` on `obj` now.

        Refusals, in this order: DomainError (409) `unknown_action`, `illegal_transition` (the state),
        `not_applicable` (not for this object); then PermissionDenied (403) for the wrong person.
        """
        transition = self._by_name.get(action)
        if transition is None:
            raise DomainError(str(self.unknown_message % {"action": action, "name": action}), code="unknown_action")
        if self.status_of(obj) not in transition.sources:
            status = getattr(obj, f"get_{self.status_field}_display")()
            params = {"action": transition.label, "status": status, "number": getattr(obj, "number", "")}
            raise DomainError(str(self.state_message % params), code="illegal_transition")
        if not transition.fits(obj):
            raise DomainError(str(transition.applies_text), code="not_applicable")
        if not transition.permits(actor, obj):
            if self.denied_message is None:
                raise PermissionDenied
            raise PermissionDenied(str(self.denied_message % {"action": transition.label, "who": transition.who_text}))
        return transition

    def available(self, obj, actor) -> list[Transition]:
        """What `actor` may do to `obj` now, in the machine's order (for buttons and the API's `actions`)."""
        status = self.status_of(obj)
        return [t for t in self.transitions if status in t.sources and t.fits(obj) and t.permits(actor, obj)]
