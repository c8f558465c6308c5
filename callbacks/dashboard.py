"""The callbacks' panel of the dashboard (D-1): callbacks done and still open, the response rate and the
satisfaction index of the period, and the satisfaction trend by day with its n. Counts are the rows of the
callback list they open (CallbackFilter over the list's own queryset, with the link's parameters)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from callbacks.choices import Status
from callbacks.filters import CallbackFilter
from callbacks.satisfaction import DEFINITION
from callbacks.selectors import callbacks_visible_to
from csc import text
from csc.dashboard import Chart, DashboardPanel, Scope, Section, Series, list_figure, list_url, register
from csc.home import Figure
from csc.permissions import may

LIST = "callbacks:queue"


def build(user, scope: Scope) -> Section | None:
    if not may(user, "callbacks.view_callback"):
        return None
    start, end = scope.bounds
    base = callbacks_visible_to(user=user)
    where = {"station": scope.station, "team": scope.team}

    def figure(label, params):
        return list_figure(
            label,
            url_name=LIST,
            filterset_class=CallbackFilter,
            queryset=base,
            params={**params, **where},
            now=scope.now,
            user=user,
        )

    done = figure(
        pgettext_lazy("dashboard", "callbacks done in the period"),
        {"status": Status.DONE, **scope.dates(first="done_from", last="done_to")},
    )
    figures = [
        done,
        figure(pgettext_lazy("dashboard", "callbacks open"), {"status": "open"}),
        figure(pgettext_lazy("dashboard", "callbacks late"), {"status": "open", "late": 1}),
    ]
    rows = base.filter(done_at__gte=start, done_at__lt=end, status=Status.DONE)
    if scope.station:
        rows = rows.filter(station_id=scope.station)
    if scope.team:
        rows = rows.filter(team_id=scope.team)
    due = base.filter(due_at__gte=start, due_at__lt=min(end, scope.now))
    if scope.station:
        due = due.filter(station_id=scope.station)
    if scope.team:
        due = due.filter(team_id=scope.team)
    rate = due.aggregate(due=Count("pk"), done=Count("pk", filter=Q(status=Status.DONE)))
    by_day = {
        row["day"]: row
        for row in rows.order_by()
        .annotate(day=TruncDate("done_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk", filter=Q(score__isnull=False)), score_sum=Sum("score"))
    }
    n = sum(row["n"] for row in by_day.values())
    score_sum = sum(row["score_sum"] or 0 for row in by_day.values())
    report = (
        list_url("callbacks:satisfaction", {"start": scope.first.isoformat(), "end": scope.last.isoformat()})
        if may(user, "callbacks.view_satisfaction")
        else ""
    )
    figures += [
        Figure(text.percent(rate["done"], rate["due"]), pgettext_lazy("dashboard", "response rate"), report),
        Figure(
            f"{10 * score_sum / n:.1f}" if n else "—",
            _("satisfaction index (n = %(n)d)") % {"n": n},
            report,
        ),
    ]
    days = scope.days
    empty = {"n": 0, "score_sum": 0}
    chart = Chart(
        "satisfaction",
        _("Satisfaction by day, with n"),
        [text.list_time(day) for day in days] if n else [],
        [
            Series(
                pgettext_lazy("dashboard", "callbacks scored (n)"),
                [by_day.get(day, empty)["n"] for day in days],
                links=[
                    list_url(
                        LIST, {"status": Status.DONE, "done_from": day.isoformat(), "done_to": day.isoformat(), **where}
                    )
                    for day in days
                ],
            ),
            Series(
                pgettext_lazy("dashboard", "satisfaction index"),
                [
                    round(10 * (by_day[day]["score_sum"] or 0) / by_day[day]["n"], 1)
                    if by_day.get(day, empty)["n"]
                    else None
                    for day in days
                ],
                kind="line",
            ),
        ],
        note=DEFINITION,
    )
    return Section(
        _("Callbacks"), figures=figures, charts=[chart], note=DEFINITION, link=report, link_label=_("Satisfaction")
    )


def register_panels() -> None:
    register(DashboardPanel("callbacks", frozenset({Role.SUPERVISOR, Role.GM_OFFICE, Role.TEAM_LEAD}), 40, build))
