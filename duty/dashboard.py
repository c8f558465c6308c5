"""The incidents' panel of the dashboard (D-1): incidents still open, and those over but waiting for their report;
each a link to the incident list it counts (IncidentFilter over the list's own queryset)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from csc.dashboard import DashboardPanel, Scope, Section, list_figure, register
from csc.permissions import may, scope
from duty.choices import IncidentState
from duty.filters import IncidentFilter
from duty.models import Incident

LIST = "duty:incident_list"


def build(user, period: Scope) -> Section | None:
    if not may(user, "duty.view_incident"):
        return None
    base = scope(user, Incident.objects.all(), "duty.view_incident")

    def figure(label, params):
        return list_figure(
            label, url_name=LIST, filterset_class=IncidentFilter, queryset=base, params=params, user=user
        )

    return Section(
        _("Incidents"),
        figures=[
            figure(pgettext_lazy("dashboard", "incidents open"), {"state": IncidentState.OPEN}),
            figure(pgettext_lazy("dashboard", "over, report pending"), {"state": IncidentState.ENDED}),
            figure(
                pgettext_lazy("dashboard", "incidents in the period"), period.dates(first="date_from", last="date_to")
            ),
        ],
        note=_("An incident closes only with its post-incident report: losses, cause and responsibility."),
    )


def register_panels() -> None:
    register(DashboardPanel("duty", frozenset({Role.SUPERVISOR, Role.GM_OFFICE, Role.TEAM_LEAD}), 5, build))
