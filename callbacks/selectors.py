"""Reads of callbacks: who sees which (the object and scope rules), the queue, and the home figures."""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from callbacks.choices import OPEN_STATUSES, Status
from callbacks.models import Callback
from callbacks.workflow import VIEW_ALL, led_team_ids
from csc.pagination import Capped
from csc.permissions import may, scope

VIEW = "callbacks.view_callback"


def _visible(user) -> Q:
    """Own callbacks, the own team's queue, the teams one leads, and the centre's queue (no team)."""
    # the led teams as ids (read once per request), not a join on the team: an OR over a joined table multiplies the
    # planner's work with every select_related of the list (125 ms of planning at 8 joins, bench/callbacks_queue.py)
    return Q(assignee_id=user.pk) | Q(team_id__in=sorted(user.answered_team_ids)) | Q(team__isnull=True)


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
    """Every callback the user sees, with what a row shows: the matter and station joined, the people and follow-ups
    fetched by id in one query each (a constant count per page). More joins would cost PostgreSQL more to plan than to
    run: 8 joined tables took 100–130 ms of planning for 2 ms of execution (bench/callbacks_queue.py)."""
    return (
        callbacks_visible_to(user=user)
        .select_related("ticket", "complaint", "station")
        .prefetch_related("team", "assignee", "done_by", "follow_up_ticket", "follow_up_complaint")
    )


def queue(*, user, mine: bool = False) -> QuerySet[Callback]:
    """The open callbacks the user sees, in calling order (ready first: the earliest queue time), with what the rows
    show joined in (one query per page)."""
    rows = callbacks_visible_to(user=user).filter(status__in=OPEN_STATUSES)
    if mine:
        rows = rows.filter(assignee_id=user.pk)
    return rows.select_related("ticket", "complaint", "station", "assignee", "team").order_by("queue_at", "id")


COUNT_CAP = 999


def _capped_sql(rows: QuerySet) -> tuple[str, tuple]:
    sql, params = rows.order_by().values("pk")[: COUNT_CAP + 1].query.sql_with_params()
    return f"(SELECT count(*) FROM ({sql}) AS capped)", params  # noqa: S608  our own compiled SQL


def open_counts(*, user, now: datetime | None = None) -> dict[str, Capped]:
    """Ready now / late / appointed / mine of what the user sees (home panel, desk card, the queue's tabs): one
    statement of four capped counts, each reading at most COUNT_CAP + 1 rows of its partial index
    (bench/callbacks_queue.py)."""
    now = now or timezone.now()
    rows = callbacks_visible_to(user=user).filter(status__in=OPEN_STATUSES)
    parts = {
        "ready": rows.filter(queue_at__lte=now),
        "late": rows.filter(deadline_at__lt=now),
        "appointed": rows.filter(status=Status.APPOINTED),
        "mine": rows.filter(assignee_id=user.pk),
    }
    if not rows.query.is_empty():
        pieces = [_capped_sql(queryset) for queryset in parts.values()]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(sql for sql, _params in pieces),  # noqa: S608  our own compiled SQL
                [param for _sql, params in pieces for param in params],
            )
            found = cursor.fetchone()
    else:  # no right to see any: none, without a query
        found = (0, 0, 0, 0)
    return {key: Capped(min(n, COUNT_CAP), n > COUNT_CAP) for key, n in zip(parts, found, strict=True)}


def overdue(*, moment: datetime) -> QuerySet[Callback]:
    """Open callbacks whose escalation moment passed (the sweep reads this through its item type)."""
    return Callback.objects.filter(status__in=OPEN_STATUSES, deadline_at__lt=moment)
