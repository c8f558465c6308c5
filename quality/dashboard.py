"""The quality panel of the dashboard (D-1): spot checks of the period, those not yet acknowledged and those scored
zero, and the average score per agent with each agent's n. Counts are the rows of the spot-check list they open
(SpotCheckFilter over the list's own queryset, with the link's parameters)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from csc.dashboard import Chart, DashboardPanel, Scope, Section, Series, list_figure, list_url, register
from csc.permissions import may
from quality.choices import Purpose
from quality.filters import SpotCheckFilter
from quality.selectors import qa_by_agent, spot_checks_visible_to

LIST = "quality:check_list"
DEFINITION = _(
    "A check's score is its points after the deductions, as a share of the sheet's total (a fatal item missed scores "
    "zero); an agent's score is the average of the period's checks, calibrations not counted."
)


def build(user, scope: Scope) -> Section | None:
    if not may(user, "quality.view_spotcheck"):
        return None
    start, end = scope.bounds
    where = {"team": scope.team, "purpose": Purpose.CHECK, **scope.dates()}

    def figure(label, params):
        return list_figure(
            label,
            url_name=LIST,
            filterset_class=SpotCheckFilter,
            queryset=spot_checks_visible_to(user=user),
            params={**where, **params},
            user=user,
        )

    figures = [
        figure(pgettext_lazy("dashboard", "spot checks in the period"), {}),
        figure(pgettext_lazy("dashboard", "not acknowledged by the agent"), {"acknowledged": 0}),
        figure(pgettext_lazy("dashboard", "scored zero"), {"zeroed": 1}),
    ]
    rows = [row for row in qa_by_agent(start=start, end=end, team=scope.team) if row["n"]]
    if not may(user, "quality.view_all_spotchecks"):
        visible = set(spot_checks_visible_to(user=user).values_list("agent_id", flat=True).distinct())
        rows = [row for row in rows if row["agent_id"] in visible]
    chart = Chart(
        "qa_by_agent",
        _("Average spot-check score by agent, with n"),
        [f"{row['agent__display_name'] or row['agent__username']} {row['agent__agent_number']}" for row in rows],
        [
            Series(
                pgettext_lazy("dashboard", "average score"),
                [round(row["average"], 1) for row in rows],
                unit="%",
            ),
            Series(
                pgettext_lazy("dashboard", "checks (n)"),
                [row["n"] for row in rows],
                kind="line",
                links=[list_url(LIST, {**where, "agent": row["agent_id"]}) for row in rows],  # a count opens its rows
            ),
        ],
        note=DEFINITION,
    )
    report = list_url("quality:appraisal", {}) if may(user, "quality.view_appraisal") else ""
    return Section(
        _("Spot checks"),
        figures=figures,
        charts=[chart],
        note=DEFINITION,
        link=report,
        link_label=_("Monthly appraisal"),
    )


def register_panels() -> None:
    register(DashboardPanel("quality", frozenset({Role.SUPERVISOR, Role.GM_OFFICE, Role.TEAM_LEAD}), 50, build))
