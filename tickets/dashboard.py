"""The repair tickets' panel of the dashboard (D-1): open, late and due-today tickets with the backlog per station,
and the exception events of the period by type. Every figure and bar counts the rows of the list it opens
(tickets.filters.TicketFilter / ExceptionFilter over the list's own queryset, with the link's parameters)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from csc.dashboard import (
    Chart,
    DashboardPanel,
    Scope,
    Section,
    Series,
    list_figure,
    list_url,
    provide_station_choices,
    register,
)
from csc.permissions import may
from csc.permissions import scope as visible
from tickets.choices import ExceptionType, Status
from tickets.filters import ExceptionFilter, TicketFilter
from tickets.models import Station
from tickets.selectors import exceptions_visible_to, tickets_for_list

TICKET_LIST = "tickets:ticket_list"
EXCEPTION_LIST = "tickets:exception_list"


def _station(scope: Scope) -> dict:
    return {"station": scope.station} if scope.station else {}


def _counts_by_station(filterset) -> dict[int, int]:
    return dict(filterset.qs.order_by().values("station_id").annotate(n=Count("pk")).values_list("station_id", "n"))


def build(user, scope: Scope) -> Section | None:
    if not may(user, "tickets.view_ticket"):
        return None
    base = tickets_for_list(user=user)
    station = _station(scope)
    figures = [
        list_figure(
            label,
            url_name=TICKET_LIST,
            filterset_class=TicketFilter,
            queryset=base,
            params={**params, **station},
            now=scope.now,
        )
        for label, params in (
            (pgettext_lazy("dashboard", "open tickets"), {"open": 1}),
            (pgettext_lazy("dashboard", "tickets late now"), {"late": 1}),
            (pgettext_lazy("dashboard", "tickets due today"), {"due_today": 1}),
            (pgettext_lazy("dashboard", "tickets taken in the period"), scope.dates()),
        )
    ]
    charts = []
    if scope.station:
        by_status = dict(
            TicketFilter({"open": "1", "station": str(scope.station)}, queryset=base, now=scope.now)
            .qs.order_by()
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        steps = [step for step in Status if by_status.get(step.value)]
        charts.append(
            Chart(
                "station-steps",
                _("Open tickets by step"),
                [step.label for step in steps],
                [
                    Series(
                        pgettext_lazy("dashboard", "open"),
                        [by_status[step.value] for step in steps],
                        links=[
                            list_url(TICKET_LIST, {"status": step.value, "station": scope.station}) for step in steps
                        ],
                    )
                ],
            )
        )
    else:
        open_by = _counts_by_station(TicketFilter({"open": "1"}, queryset=base, now=scope.now))
        late_by = _counts_by_station(TicketFilter({"late": "1"}, queryset=base, now=scope.now))
        stations = [
            s
            for s in visible(user, Station.objects.filter(is_active=True)).order_by("sort_order", "name")
            if open_by.get(s.pk) or late_by.get(s.pk)
        ]
        charts.append(
            Chart(
                "station-backlog",
                _("Backlog per repair station"),
                [s.name for s in stations],
                [
                    Series(
                        pgettext_lazy("dashboard", "open"),
                        [open_by.get(s.pk, 0) for s in stations],
                        links=[list_url(TICKET_LIST, {"open": 1, "station": s.pk}) for s in stations],
                    ),
                    Series(
                        pgettext_lazy("dashboard", "late now"),
                        [late_by.get(s.pk, 0) for s in stations],
                        links=[list_url(TICKET_LIST, {"late": 1, "station": s.pk}) for s in stations],
                    ),
                ],
            )
        )
    if may(user, "tickets.view_exceptionevent"):
        events = ExceptionFilter(
            {**scope.dates(), **{k: str(v) for k, v in station.items()}}, queryset=exceptions_visible_to(user=user)
        )
        by_type = dict(events.qs.order_by().values("type").annotate(n=Count("pk")).values_list("type", "n"))
        kinds = [kind for kind in ExceptionType if by_type.get(kind.value)]
        charts.append(
            Chart(
                "exceptions",
                _("Exception events by type"),
                [kind.label for kind in kinds],
                [
                    Series(
                        pgettext_lazy("dashboard", "events"),
                        [by_type[kind.value] for kind in kinds],
                        links=[
                            list_url(EXCEPTION_LIST, {"type": kind.value, **scope.dates(), **station}) for kind in kinds
                        ],
                    )
                ],
            )
        )
    return Section(_("Repair tickets"), figures=figures, charts=charts)


def station_choices(user) -> list[tuple[int, str]]:
    return list(
        visible(user, Station.objects.filter(is_active=True)).order_by("sort_order", "name").values_list("pk", "name")
    )


def register_panels() -> None:
    provide_station_choices(station_choices)
    register(
        DashboardPanel(
            "tickets",
            frozenset({Role.SUPERVISOR, Role.GM_OFFICE, Role.STATION_STAFF}),
            20,
            build,
        )
    )
