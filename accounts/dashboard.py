"""The dashboard's filter bar (D-1): the period, the station and the team, checked, and fixed by the role — a team
lead sees their own team, station staff their own station."""

from __future__ import annotations

from datetime import timedelta
from typing import cast
from urllib.parse import quote

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from accounts.roles import Role
from csc.dashboard import MAX_DAYS, Scope, station_choices
from csc.forms import PeriodForm


class DashboardForm(PeriodForm):
    MAX_DAYS = MAX_DAYS

    station = forms.TypedChoiceField(label=_("Repair station"), required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, stations, teams, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["station"]).choices = [("", _("All stations")), *stations]
        cast(forms.ChoiceField, self.fields["team"]).choices = [("", _("All teams")), *teams]


class DashboardFilters:
    """The form as the page shows it, and the scope the panels are built for (bad values: a message, ignored)."""

    def __init__(self, user, role: str, params):
        today = timezone.localdate()
        own_team = user.led_teams.order_by("pk").first() if role == Role.TEAM_LEAD else None
        if role == Role.TEAM_LEAD and own_team is None:
            own_team = user.team
        self.fixed_team = own_team
        self.fixed_station = user.station if role == Role.STATION_STAFF else None
        stations = [] if self.fixed_station else station_choices(user)
        teams = (
            []
            if own_team or role == Role.STATION_STAFF
            else list(Team.objects.order_by("name").values_list("pk", "name"))
        )
        data = {name: params.get(name, "") for name in ("date_from", "date_to", "station", "team")}
        self.form = DashboardForm(data, stations=stations, teams=teams)
        self.messages: list[str] = []
        self.form.is_valid()
        cleaned = self.form.cleaned_data  # the good values; each bad one is a message and is ignored
        if self.form.errors:
            for name, errors in self.form.errors.items():
                label = self.form.fields[name].label if name in self.form.fields else ""
                self.messages.extend(f"{label}{'：' if label else ''}{error}" for error in errors)
        first = cleaned.get("date_from") or today
        last = cleaned.get("date_to") or (first if cleaned.get("date_from") else today)
        if last < first:
            first, last = last, first
        last = min(last, first + timedelta(days=MAX_DAYS - 1))
        station = self.fixed_station.pk if self.fixed_station else cleaned.get("station")
        team = own_team.pk if own_team else cleaned.get("team")
        self.scope = Scope(first=first, last=last, station=station, team=team)
        self.show_station = not self.fixed_station and bool(stations)
        self.show_team = bool(teams)
        self.query = "".join(
            f"{name}={quote(str(value))}&" for name, value in data.items() if value and name not in self.form.errors
        )
        self.today = today
        self.week_start = today - timedelta(days=6)
        self.month_start = today.replace(day=1)


def scope_for(user, role: str, params) -> DashboardFilters:
    return DashboardFilters(user, role, params)
