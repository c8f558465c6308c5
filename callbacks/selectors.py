"""Reads of callbacks: who sees which (the object and scope rules), the queue, and the home figures."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from callbacks.choices import OPEN_STATUSES, Status
from callbacks.models import Callback
from callbacks.workflow import VIEW_ALL
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
    return user.led_teams.filter(pk=callback.team_id).exists()


def callbacks_visible_to(*, user) -> QuerySet[Callback]:
    return scope(user, Callback.objects.all(), VIEW)


def queue(*, user, mine: bool = False) -> QuerySet[Callback]:
    """The open callbacks the user sees, in calling order (ready first: the earliest queue time), with what the rows
    show joined in (one query per page)."""
    rows = callbacks_visible_to(user=user).filter(status__in=OPEN_STATUSES)
    if mine:
        rows = rows.filter(assignee_id=user.pk)
    return rows.select_related("ticket", "complaint", "station", "assignee", "team").order_by("queue_at", "id")


def open_counts(*, user, now: datetime | None = None) -> dict[str, int]:
    """Ready now / late / appointed of what the user sees — one query (home panel, desk badge)."""
    now = now or timezone.now()
    rows = callbacks_visible_to(user=user).filter(status__in=OPEN_STATUSES)
    return rows.aggregate(
        ready=Count("pk", filter=Q(queue_at__lte=now)),
        late=Count("pk", filter=Q(deadline_at__lt=now)),
        appointed=Count("pk", filter=Q(status=Status.APPOINTED)),
        mine=Count("pk", filter=Q(assignee_id=user.pk)),
    )


def overdue(*, moment: datetime) -> QuerySet[Callback]:
    """Open callbacks whose escalation moment passed (the sweep reads this through its item type)."""
    return Callback.objects.filter(status__in=OPEN_STATUSES, deadline_at__lt=moment)


QUEUE_COUNT_CAP = 1000


def queue_count(*, user, mine: bool = False, cap: int = QUEUE_COUNT_CAP) -> tuple[int, bool]:
    """How many open callbacks the queue holds, counted up to `cap` (the page says "1000+" beyond): a full count of
    an agent's 40,000 visible rows among 200,000 open ones costs ~150 ms, the capped one ~15 ms
    (bench/callbacks_queue.py). Returns (count, more_than_cap)."""
    found = queue(user=user, mine=mine).order_by()[: cap + 1].count()
    return min(found, cap), found > cap
