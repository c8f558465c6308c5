"""The complaints' panel of the dashboard (D-1): open, overdue and due-today complaints, those registered in the
period, and the open ones by step. Each figure and bar counts the rows of the list it opens (ComplaintFilter over
the list's own queryset, with the link's parameters)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from complaints.choices import OPEN_STATUSES, Status
from complaints.filters import ComplaintFilter
from complaints.selectors import complaints_for_list
from csc.dashboard import Chart, DashboardPanel, Scope, Section, Series, list_figure, list_url, register
from csc.permissions import may

LIST = "complaints:list"


def build(user, scope: Scope) -> Section | None:
    if not may(user, "complaints.view_complaint"):
        return None
    base = complaints_for_list(user=user, mine=False)

    def figure(label, params):
        return list_figure(
            label, url_name=LIST, filterset_class=ComplaintFilter, queryset=base, params=params, now=scope.now
        )

    figures = [
        figure(pgettext_lazy("dashboard", "open complaints"), {"open": 1}),
        figure(pgettext_lazy("dashboard", "complaints overdue"), {"overdue": 1}),
        figure(pgettext_lazy("dashboard", "complaints due today"), {"due_today": 1}),
        figure(
            pgettext_lazy("dashboard", "complaints registered in the period"),
            scope.dates(first="registered_from", last="registered_to"),
        ),
    ]
    by_status = dict(
        ComplaintFilter({"open": "1"}, queryset=base, now=scope.now)
        .qs.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    steps = [Status(value) for value in OPEN_STATUSES if by_status.get(value)]
    chart = Chart(
        "complaint-steps",
        _("Open complaints by step"),
        [step.label for step in steps],
        [
            Series(
                pgettext_lazy("dashboard", "complaints"),
                [by_status[step.value] for step in steps],
                links=[list_url(LIST, {"status": step.value}) for step in steps],
            )
        ],
    )
    return Section(_("Complaints"), figures=figures, charts=[chart])


def register_panels() -> None:
    register(DashboardPanel("complaints", frozenset({Role.SUPERVISOR, Role.GM_OFFICE}), 30, build))
