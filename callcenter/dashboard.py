"""The calls' panel of the dashboard (D-1): the contact-centre figures of the period (K-10, callcenter/metrics.py)
and the service level by hour (one day) or by day, with the calls offered. Four queries."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from callcenter import metrics
from csc import text
from csc.dashboard import Chart, DashboardPanel, Scope, Section, Series, list_url, register
from csc.home import Figure

FIGURES_PAGE = "callcenter:call_figures"


def definitions() -> str:
    """The K-10 definitions, as the page's help and the dashboard's tooltip say them."""
    return _(
        "Service level: calls answered within %(within)d s of waiting, of the calls answered or abandoned. "
        "Abandonment: calls hung up unanswered after %(short)d s or more, of the same calls; quicker hang-ups are "
        "short abandons, counted apart. Speed of answer: the mean wait of the answered calls. Handling time: talk "
        "plus wrap-up. First-contact resolution: typed calls after which the same number did not call about the "
        "same kind of matter within %(days)d days."
    ) % {
        "within": settings.CALLCENTER_ANSWER_WITHIN_SECONDS,
        "short": settings.CALLCENTER_SHORT_ABANDON_SECONDS,
        "days": settings.CALLCENTER_REPEAT_CONTACT_DAYS,
    }


def _share(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def build(user, scope: Scope) -> Section | None:
    start, end = scope.bounds
    by = "hour" if scope.one_day else "day"
    rows = metrics.figures(start=start, end=end, by=by, team=scope.team)
    total = metrics.Figures()
    for row in rows.values():
        total.add({name: getattr(row, name) for name in metrics.SUM_NAMES})
    period = {**scope.dates(), "team": scope.team}
    page = list_url(FIGURES_PAGE, {**period, "by": by})
    figures = [
        Figure(total.offered, pgettext_lazy("dashboard", "calls offered"), page),
        Figure(text.percent(total.service_level), pgettext_lazy("dashboard", "service level"), page),
        Figure(text.seconds(total.average_answer_seconds), pgettext_lazy("dashboard", "average speed of answer"), page),
        Figure(text.percent(total.abandon_rate), pgettext_lazy("dashboard", "abandonment rate"), page),
        Figure(
            total.abandoned + total.short_abandoned,
            pgettext_lazy("dashboard", "calls not answered"),
            list_url("callcenter:call_list", {**period, "outcome": "abandoned", "direction": "inbound"}),
        ),
        Figure(text.seconds(total.average_handle_seconds), pgettext_lazy("dashboard", "average handling time"), page),
        Figure(
            text.percent(total.first_contact_resolution), pgettext_lazy("dashboard", "first-contact resolution"), page
        ),
    ]
    if scope.one_day:
        start_hour = metrics.hour_of(start)
        keys = [start_hour + timedelta(hours=n) for n in range(24) if start_hour + timedelta(hours=n) < end]
        labels = [f"{key:%H}:00" for key in keys]
    else:
        keys = scope.days
        labels = [text.list_time(day) for day in keys]
    empty = metrics.Figures()
    chart = Chart(
        "service-level",
        _("Service level and calls by hour") if scope.one_day else _("Service level and calls by day"),
        labels if total.offered else [],
        [
            Series(pgettext_lazy("dashboard", "calls offered"), [rows.get(key, empty).offered for key in keys]),
            Series(
                pgettext_lazy("dashboard", "service level"),
                [_share(rows.get(key, empty).service_level) for key in keys],
                kind="line",
                unit="%",
            ),
        ],
        note=definitions(),
    )
    return Section(
        pgettext_lazy("dashboard", "Calls"),
        figures=figures,
        charts=[chart],
        note=definitions(),
        link=page,
        link_label=_("Contact-centre figures"),
    )


def register_panels() -> None:
    register(
        DashboardPanel(
            "callcenter",
            frozenset({Role.SUPERVISOR, Role.GM_OFFICE, Role.TEAM_LEAD}),
            10,
            build,
            perm="callcenter.view_call_figures",
        )
    )
