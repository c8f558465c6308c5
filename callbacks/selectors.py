"""Reads of callbacks: who sees which (the object and scope rules), the queue, and the home figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from callbacks.choices import OPEN_STATUSES, Status
from callbacks.models import Callback
from callbacks.workflow import VIEW_ALL, led_team_ids
from csc.permissions import may, scope

VIEW = "callbacks.view_callback"


def _visible(user) -> Q:
    """Own callbacks, the own team's queue, the teams one leads, and the centre's queue (no team)."""
    return Q(assignee_id=user.pk) | Q(team_id=user.team_id) | Q(team__lead_id=user.pk) | Q(team__isnull=True)


def callback_scope(user, queryset: QuerySet) -> QuerySet:
    if may(user, VIEW_ALL):
        return queryset
    return queryset.filter(_visible(user))


def callback_object_rule(user, callback) -> bool:
    if may(user, VIEW_ALL):
        return True
    if callback.assignee_id == user.pk or callback.team_id is None or callback.team_id == user.team_id:
        return True
    return callback.team_id in led_team_ids(user)


def callbacks_visible_to(*, user) -> QuerySet[Callback]:
    return scope(user, Callback.objects.all(), VIEW)


def callbacks_for_list(*, user) -> QuerySet[Callback]:
    """Every callback the user sees, with what a row shows joined in (one query per page, whatever its size)."""
    return callbacks_visible_to(user=user).select_related(
        "ticket", "complaint", "station", "team", "assignee", "done_by", "follow_up_ticket", "follow_up_complaint"
    )


def queue(*, user, mine: bool = False) -> QuerySet[Callback]:
    """The open callbacks the user sees, in calling order (ready first: the earliest queue time), with what the rows
    show joined in (one query per page)."""
    rows = callbacks_visible_to(user=user).filter(status__in=OPEN_STATUSES)
    if mine:
        rows = rows.filter(assignee_id=user.pk)
    return rows.select_related("ticket", "complaint", "station", "assignee", "team").order_by("queue_at", "id")


@dataclass(frozen=True)
class Capped:
    """A count read up to a cap: shown as "999+" beyond it, so a backlog of 200,000 costs what 1,000 does."""

    n: int
    more: bool = False

    def __str__(self) -> str:
        return f"{self.n}+" if self.more else str(self.n)

    def __bool__(self) -> bool:
        return self.n > 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int):
            return not self.more and self.n == other
        return isinstance(other, Capped) and (self.n, self.more) == (other.n, other.more)

    def __hash__(self) -> int:
        return hash((self.n, self.more))


COUNT_CAP = 999


def _capped(rows: QuerySet) -> Capped:
    found = rows.order_by()[: COUNT_CAP + 1].count()
    return Capped(min(found, COUNT_CAP), found > COUNT_CAP)


def open_counts(*, user, now: datetime | None = None) -> dict[str, Capped]:
    """Ready now / late / appointed / mine of what the user sees (home panel, desk card, the queue's tabs): four
    small queries, each reading at most COUNT_CAP + 1 rows of its partial index (bench/callbacks_queue.py)."""
    now = now or timezone.now()
    rows = callbacks_visible_to(user=user).filter(status__in=OPEN_STATUSES)
    return {
        "ready": _capped(rows.filter(queue_at__lte=now)),
        "late": _capped(rows.filter(deadline_at__lt=now)),
        "appointed": _capped(rows.filter(status=Status.APPOINTED)),
        "mine": _capped(rows.filter(assignee_id=user.pk)),
    }


def overdue(*, moment: datetime) -> QuerySet[Callback]:
    """Open callbacks whose escalation moment passed (the sweep reads this through its item type)."""
    return Callback.objects.filter(status__in=OPEN_STATUSES, deadline_at__lt=moment)
