"""Callback pages: the queue and one callback (the survey). Thin: writes through the services, reads through the
selectors."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Team
from callbacks import selectors, services
from callbacks.choices import Kind, Status
from callbacks.filters import ALL, MINE, OPEN, CallbackFilter, callbacks_for_list
from callbacks.models import Callback
from csc import exports
from csc.filters import filter_values, for_page
from csc.pagination import page_of, query_without_page
from csc.permissions import access_or_404, may
from tickets.models import Station

logger = logging.getLogger(__name__)

VIEW = selectors.VIEW


@login_required
def queue(request):
    """The callback queue (K-5): the open callbacks the user sees, ready first, with tabs for mine, late, appointed,
    done and given up; the filtered rows export to .xlsx or .csv (masked, logged)."""
    return queue_list(request)


@login_required
def detail(request, pk: int):
    callback = access_or_404(request.user, VIEW, Callback.objects.select_related("ticket", "complaint"), pk=pk)
    return render(request, "callbacks/detail.html", {"callback": callback, "script": services.script(callback)})


# --- the queue: list and exports (K-5) ----------------------------------------------------------------------

EXPORT_LIMIT = 10_000


def _tabs(values: dict, counts: dict) -> list[dict]:
    """The queue's tabs: each a set of filters; the one whose filters are the current ones is selected."""
    tabs = [
        ("queue", pgettext("callback", "Queue"), "", counts.get("ready")),
        ("mine", pgettext("callback", "Mine"), f"assignee={MINE}", counts.get("mine")),
        ("late", pgettext("callback", "Late"), "late=1", counts.get("late")),
        ("appointed", pgettext("callback", "Appointed"), f"status={Status.APPOINTED}", counts.get("appointed")),
        ("done", pgettext("callback", "Done"), f"status={Status.DONE}", None),
        ("given_up", pgettext("callback", "Given up"), f"status={Status.GIVEN_UP}", None),
    ]
    status = values.get("status") or OPEN
    others = {k for k, v in values.items() if v not in (None, "", []) and k not in ("status", "sort")}
    current = {
        "queue": status == OPEN and not others,
        "mine": status == OPEN and others == {"assignee"} and values.get("assignee") == MINE,
        "late": status == OPEN and others == {"late"} and values.get("late") is True,
        "appointed": status == Status.APPOINTED and not others,
        "done": status == Status.DONE and not others,
        "given_up": status == Status.GIVEN_UP and not others,
    }
    return [
        {"key": key, "label": label, "query": query, "count": count, "selected": current[key]}
        for key, label, query, count in tabs
    ]


def queue_list(request):
    if not may(request.user, selectors.VIEW):
        raise PermissionDenied
    now = timezone.now()
    filterset = for_page(CallbackFilter, request, callbacks_for_list(user=request.user), now=now, user=request.user)
    rows = filterset.qs
    export = request.GET.get("export")
    if export in ("xlsx", "csv") and not filterset.messages:
        return _export(request, rows, kind=export, now=now)
    page = page_of(rows, request)
    values = filterset.values()
    sees_teams = may(request.user, "callbacks.view_all_callbacks") or may(request.user, "callbacks.manage_callback")
    context = {
        "page": page,
        "rows": page.object_list,
        "query": query_without_page(request.GET),
        "filters": filter_values(filterset),
        "status": values.get("status") or OPEN,
        "tabs": _tabs(values, selectors.open_counts(user=request.user, now=now)),
        "now": now,
        "detail_prefix": reverse("callbacks:queue"),  # rows link to prefix + id + "/": no reverse() per row
        "ticket_prefix": reverse("tickets:ticket_list"),
        "complaint_prefix": reverse("complaints:list"),
        "statuses": [(OPEN, pgettext("callback", "Open")), (ALL, pgettext("callback", "All")), *Status.choices],
        "kinds": Kind.choices,
        "stations": Station.objects.order_by("name").only("pk", "name", "code"),
        "teams": Team.objects.filter(is_active=True).order_by("name").only("pk", "name") if sees_teams else [],
    }
    return render(request, "callbacks/queue.html", context)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _yes_no(value) -> str:
    return "" if value is None else _("Yes") if value else _("No")


def export_rows(queryset, *, now) -> tuple[list[str], object]:
    """The header and the rows of a callback export: personal data masked as in the list (X-3)."""
    header = [
        pgettext("callback", "Reference"),
        pgettext("callback", "Kind"),
        pgettext("callback", "Matter"),
        pgettext("callback", "Status"),
        pgettext("callback", "Resident"),
        pgettext("callback", "Phone"),
        pgettext("callback", "Station"),
        pgettext("callback", "Team"),
        pgettext("callback", "Assigned to"),
        pgettext("callback", "Due"),
        pgettext("callback", "Late"),
        _("Appointment"),
        _("Failed attempts"),
        pgettext("callback", "Done at"),
        _("Problem solved"),
        pgettext("callback", "Score"),
    ]
    rows = (
        [
            c.number,
            c.get_kind_display(),
            c.matter_number,
            c.get_status_display(),
            c.name_masked,
            c.phone_masked,
            c.station.name if c.station_id else "",
            c.team.name if c.team_id else "",
            str(c.assignee) if c.assignee_id else "",
            _local(c.due_at),
            _("Yes") if c.is_open and c.deadline_at < now else "",
            _local(c.appointment_at),
            c.attempts,
            _local(c.done_at),
            _yes_no(c.solved),
            c.score if c.score is not None else "",
        ]
        for c in queryset[:EXPORT_LIMIT]
    )
    return header, rows


def _export(request, queryset, *, kind: str, now) -> HttpResponse:
    """The filtered rows as .xlsx or .csv (D-2), at most EXPORT_LIMIT; who exported what is logged."""
    header, rows = export_rows(queryset, now=now)
    stamp = f"{timezone.localtime(now):%Y%m%d-%H%M}"
    logger.info(
        "callbacks exported",
        extra={"user": request.user.pk, "format": kind, "filters": query_without_page(request.GET)[:500]},
    )
    if kind == "csv":
        return exports.csv_response(filename=f"callbacks-{stamp}.csv", header=header, rows=rows)
    return exports.xlsx_response(
        filename=f"callbacks-{stamp}.xlsx",
        title=_("Callbacks"),
        header=header,
        rows=rows,
        exported_by=str(request.user),
    )
