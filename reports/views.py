"""Report pages: the live table for any day, archived versions, .xlsx and printable HTML (R-2, R-3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from csc.api import DomainError
from csc.exports import attachment
from csc.permissions import may
from reports import exports, selectors, services
from reports.forms import ReportDateForm
from reports.models import ReportKind, ReportSnapshot, Trigger

VIEW = "reports.view_report"
BUILD = "reports.build_report"


def _xlsx(request, data: dict, filename: str, footer: str = "") -> HttpResponse:
    content = exports.report_workbook(data, footer=footer, exported_by=str(request.user))
    return attachment(content, filename=filename, content_type=exports.XLSX_TYPE)


@login_required
def report_page(request, kind: str = ReportKind.DAILY):
    if kind not in ReportKind.values:
        raise Http404
    if not may(request.user, VIEW):
        raise PermissionDenied
    raw = request.POST.get("date") if request.method == "POST" else request.GET.get("date")
    form = ReportDateForm({"date": raw or selectors.previous_period_day(kind, timezone.localdate()).isoformat()})
    context = {
        "kind": kind,
        "kind_label": ReportKind(kind).label,
        "kinds": ReportKind.choices,
        "form": form,
        "may_build": may(request.user, BUILD),
    }
    if not form.is_valid():
        return render(request, "reports/report.html", context, status=400)
    day = form.cleaned_data["date"]
    if request.method == "POST":
        if not may(request.user, BUILD):
            raise PermissionDenied
        try:
            snapshot = services.report_snapshot_create(
                kind=kind, day=day, actor=request.user, trigger=Trigger.ON_DEMAND
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(f"{request.path}?date={day.isoformat()}")
        messages.success(request, _("Archived as version %(version)d.") % {"version": snapshot.version})
        return redirect("reports:snapshot", pk=snapshot.pk)
    data = selectors.BUILDERS[kind](day=day)
    if request.GET.get("format") == "xlsx":
        return _xlsx(
            request, data, f"{kind}-{data['period']['start']}-live.xlsx", footer=_("Live figures, not archived")
        )
    start, end = selectors.PERIOD_OF[kind](day)
    context.update(services.report_context(data))
    context.update(
        {
            "day": day,
            "in_progress": end >= timezone.localdate(),  # the day, week or month is still running
            "snapshots": ReportSnapshot.objects.filter(kind=kind, period_start=start).order_by("-version"),
        }
    )
    template = "reports/print.html" if request.GET.get("print") else "reports/report.html"
    return render(request, template, context)


@login_required
def snapshot_page(request, pk: int):
    if not may(request.user, VIEW):
        raise PermissionDenied
    snapshot = get_object_or_404(ReportSnapshot, pk=pk)
    if request.GET.get("format") == "xlsx":
        content = exports.xlsx_bytes(snapshot, exported_by=str(request.user))
        return attachment(content, filename=exports.xlsx_filename(snapshot), content_type=exports.XLSX_TYPE)
    context = {
        "snapshot": snapshot,
        "kind": snapshot.kind,
        "kinds": ReportKind.choices,
        "versions": ReportSnapshot.objects.filter(kind=snapshot.kind, period_start=snapshot.period_start).order_by(
            "-version"
        ),
        **services.report_context(snapshot.data),
    }
    template = "reports/print.html" if request.GET.get("print") else "reports/snapshot.html"
    return render(request, template, context)
