"""Incidents 突发事件 (K-9, seed 000): recorded at once by whoever is on duty; who was told, how and when; the fault
report and the post-incident report (losses, cause, responsibility) without which a lead or the supervisor cannot
close it. The list is the one the dashboard's incident figures count (same queryset, same FilterSet)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from csc import exports, text
from csc.api import DomainError
from csc.filters import for_page
from csc.pagination import page_of
from csc.permissions import access_or_404, may, scope
from duty import services
from duty.choices import IncidentKind, IncidentState
from duty.filters import IncidentFilter
from duty.forms import IncidentForm, IncidentReportForm, NoticeForm, label, put_errors
from duty.models import Incident
from duty.views.common import MANAGE_INCIDENT, REPORT_INCIDENT, VIEW_INCIDENTS, list_context, refused, require
from tickets.models import Outage

LINKED_SHOWN = 100  # a mass complaint may link many tickets: the page shows the first ones and says how many


@login_required
def incident_list(request):
    """Every incident, open ones first by the dashboard's figures (its links carry the same filters)."""
    require(request, VIEW_INCIDENTS)
    user = request.user
    base = scope(user, Incident.objects.all(), VIEW_INCIDENTS)  # the dashboard panel counts this queryset
    filterset = for_page(IncidentFilter, request, base.select_related("reported_by"))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)
    context = list_context(
        request,
        filterset,
        page,
        kinds=IncidentKind.choices,
        states=IncidentState.choices,
        reports=may(user, REPORT_INCIDENT),
    )
    return render(request, "duty/incident_list.html", context)


def _export(request, queryset, fmt: str):
    kind, state = exports.labels(Incident, "kind"), exports.labels(Incident, "state")
    names = (
        "kind",
        "title",
        "state",
        "started_at",
        "ended_at",
        "description",
        "actions",
        "fault_report",
        "losses",
        "cause",
        "responsibility",
        "reported_by",
        "closed_by",
        "closed_at",
    )

    def row(incident: Incident) -> list:
        return [
            kind(incident.kind),
            incident.title,
            state(incident.state),
            text.detail_time(incident.started_at),
            text.detail_time(incident.ended_at),
            incident.description,
            incident.actions,
            incident.fault_report,
            incident.losses,
            incident.cause,
            incident.responsibility,
            str(incident.reported_by),
            str(incident.closed_by) if incident.closed_by_id else "",
            text.detail_time(incident.closed_at),
        ]

    return exports.export_response(
        request,
        list_code="incidents",
        title=_("Incidents"),
        header=[label(Incident, name) for name in names],
        queryset=queryset.select_related("closed_by"),
        row=row,
        fmt=fmt,
    )


def _outages():
    """The area outages a mass complaint may be about: those not yet closed (a handful at a time)."""
    return Outage.objects.filter(state__in=[Outage.State.OPEN, Outage.State.PROPOSED]).order_by("-opened_at")


@login_required
def incident_new(request):
    """Record an incident at once: its kind, when it started, what happened and what was done."""
    require(request, REPORT_INCIDENT)
    form = IncidentForm(
        request.POST or None,
        outages=_outages(),
        initial={"started_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                incident = services.incident_report(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                put_errors(form, exc)
            except PermissionDenied as exc:
                return refused(request, exc, reverse("duty:incident_list"))
            else:
                messages.success(request, _("Incident recorded: say who was told, and write the report when over."))
                return redirect("duty:incident_detail", pk=incident.pk)
    return render(request, "duty/incident_new.html", {"form": form}, status=status)


def _incident(request, pk: int) -> Incident:
    return access_or_404(
        request.user,
        VIEW_INCIDENTS,
        Incident.objects.select_related("reported_by", "closed_by", "outage"),
        pk=pk,
    )


def _report_initial(incident: Incident) -> dict:
    return {
        name: getattr(incident, name)
        for name in ("ended_at", "actions", "fault_report", "losses", "cause", "responsibility")
    }


def _report_data(incident: Incident) -> dict:
    """The report as saved, as the form posts it (so that the close's messages stand next to their fields)."""
    data = {name: value or "" for name, value in _report_initial(incident).items()}
    if incident.ended_at is not None:
        data["ended_at"] = f"{timezone.localtime(incident.ended_at):%Y-%m-%dT%H:%M}"
    return data


def _page(request, incident: Incident, *, forms: dict | None = None, status: int = 200):
    user = request.user
    forms = forms or {}
    closed = incident.state == IncidentState.CLOSED
    manages = may(user, MANAGE_INCIDENT, incident)
    context = {
        "incident": incident,
        "notices": list(incident.notices.select_related("recorded_by")),
        "tickets": list(incident.tickets.order_by("created_at")[:LINKED_SHOWN]),
        "ticket_count": incident.tickets.count(),
        "complaints": list(incident.complaints.order_by("registered_at")[:LINKED_SHOWN]),
        "complaint_count": incident.complaints.count(),
        "may_edit": not closed and (manages or incident.reported_by_id == user.pk),
        "may_close": not closed and manages,
        "report_form": forms.get("report") or IncidentReportForm(initial=_report_initial(incident)),
        "notice_form": forms.get("notice")
        or NoticeForm(initial={"at": timezone.localtime().replace(second=0, microsecond=0)}),
    }
    return render(request, "duty/incident_detail.html", context, status=status)


@login_required
def incident_detail(request, pk: int):
    """The incident; its reporter, a lead or the supervisor records notices and the report here (POST)."""
    incident = _incident(request, pk)
    if request.method != "POST":
        return _page(request, incident)
    action = request.POST.get("action")
    back = reverse("duty:incident_detail", args=[pk])
    if action == "notice":
        form = NoticeForm(request.POST)
        key = "notice"
    elif action == "report":
        form = IncidentReportForm(request.POST)
        key = "report"
    else:
        messages.error(request, _("Choose what to do."))
        return _page(request, incident, status=400)
    if not form.is_valid():
        return _page(request, incident, forms={key: form}, status=400)
    try:
        if key == "notice":
            services.incident_notice(incident=incident, actor=request.user, **form.cleaned_data)
            done = _("Notice recorded.")
        else:
            services.incident_update(incident=incident, actor=request.user, **form.cleaned_data)
            done = _("Report saved.")
    except PermissionDenied as exc:
        return refused(request, exc, back)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _page(request, incident, status=409)
    except ValidationError as exc:
        put_errors(form, exc)
        return _page(request, incident, forms={key: form}, status=400)
    messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def incident_close(request, pk: int):
    """Close with the post-incident report written: each missing part is said next to its field."""
    incident = _incident(request, pk)
    back = reverse("duty:incident_detail", args=[pk])
    try:
        services.incident_close(incident=incident, actor=request.user)
    except PermissionDenied as exc:
        return refused(request, exc, back)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _page(request, incident, status=409)
    except ValidationError as exc:
        form = IncidentReportForm(_report_data(incident))
        form.is_valid()
        put_errors(form, exc)
        messages.error(request, _("The incident is not closed: the report is not complete."))
        return _page(request, incident, forms={"report": form}, status=400)
    messages.success(request, _("Incident closed."))
    return redirect(back)
