"""The month's rota (K-7): the grid of days and shifts with who is on each, built for the whole month on one page by
a lead (services.rota_month_save: every clash said at once, nothing saved then), printed on A4 landscape, exported
one row per person and shift."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from csc import exports, text
from csc.api import DomainError
from csc.periods import month_of
from csc.permissions import may
from duty import selectors, services
from duty.forms import label
from duty.models import RotaEntry
from duty.views.common import MANAGE_ROTA, VIEW_ROTA, month_asked, on_rota, refused, require

CELL = "cell-{day:%Y-%m-%d}-{shift}"  # the name of a cell's checkboxes in the month's form


def _short(user) -> str:
    return user.display_name or user.username


def _posted(post, rows: list[dict], shifts: list) -> dict[tuple[date, int], set[int]]:
    """What the form asks for every cell of the month (an empty cell takes everyone off it). A value that is no id
    is passed on as 0, which the service refuses with its message (no one has that id)."""
    wanted: dict[tuple[date, int], set[int]] = {}
    for row in rows:
        for shift in shifts:
            ids = set()
            for value in post.getlist(CELL.format(day=row["day"], shift=shift.pk)):
                ids.add(int(value) if value.isdigit() and len(value) < 10 else 0)
            wanted[(row["day"], shift.pk)] = ids
    return wanted


def _grid(grid: dict, *, user, chosen: dict[tuple[date, int], set[int]] | None, people: list) -> list[dict]:
    """The rows of the page: each day, and per shift the names on it (and, when editing, each person ticked or not)."""
    today = timezone.localdate()
    rows = []
    for row in grid["rows"]:
        day = row["day"]
        cells = []
        for shift, entries in zip(grid["shifts"], row["cells"], strict=True):
            cell = {
                "names": [
                    {"name": _short(e.agent), "title": str(e.agent), "mine": e.agent_id == user.pk} for e in entries
                ],
                "field": CELL.format(day=day, shift=shift.pk),
            }
            if chosen is not None:
                ticked = chosen.get((day, shift.pk), set())
                cell["options"] = [
                    {"pk": p.pk, "name": _short(p), "title": str(p), "on": p.pk in ticked} for p in people
                ]
            cells.append(cell)
        rows.append(
            {
                "day": day,
                "weekday": date_format(day, "D"),
                "weekend": day.weekday() >= 5,
                "today": day == today,
                "cells": cells,
            }
        )
    return rows


@login_required
def rota(request):
    """The month's grid for everyone on the rota; a lead builds the month here and saves it at once."""
    require(request, VIEW_ROTA)
    user = request.user
    manages = may(user, MANAGE_ROTA)
    source = request.POST if request.method == "POST" else request.GET
    month = month_asked(request, source)
    fmt = exports.requested_format(request)
    if fmt and request.method == "GET":
        return _export(request, month, fmt)
    grid = selectors.rota_month(month=month)
    errors: list[str] = []
    status = 200
    chosen = None
    if request.method == "POST":
        if not manages:
            return refused(request, PermissionDenied(_("You may not build the rota.")), reverse("duty:rota"))
        chosen = _posted(request.POST, grid["rows"], grid["shifts"])
        try:
            result = services.rota_month_save(month=month, wanted=chosen, actor=user)
        except ValidationError as exc:
            errors, status = exc.messages, 400
        except DomainError as exc:
            errors, status = [exc.message], 409
        except PermissionDenied as exc:
            return refused(request, exc, reverse("duty:rota"))
        else:
            messages.success(
                request,
                _("The rota of %(month)s is saved: %(added)d added, %(removed)d taken off.")
                % {"month": text.report_month(month), **result},
            )
            return redirect(f"{reverse('duty:rota')}?month={month:%Y-%m}")
    editing = manages and (request.method == "POST" or source.get("edit") == "1")
    people = list(on_rota()) if editing else []
    if editing and chosen is None:
        chosen = {
            (row["day"], shift.pk): {entry.agent_id for entry in entries}
            for row in grid["rows"]
            for shift, entries in zip(grid["shifts"], row["cells"], strict=True)
        }
    previous_month = month_of(month - timedelta(days=1))[0]
    next_month = month_of(month_of(month)[1] + timedelta(days=1))[0]
    context = {
        "month": month,
        "shifts": grid["shifts"],
        "rows": _grid(grid, user=user, chosen=chosen if editing else None, people=people),
        "manages": manages,
        "editing": editing,
        "people": people,
        "errors": errors,
        "previous_month": previous_month,
        "next_month": next_month,
        "query": f"month={month:%Y-%m}",
    }
    return render(request, "duty/rota.html", context, status=status)


def _export(request, month: date, fmt: str):
    """The month's rota, one row per person and shift (sorted like the grid), as .xlsx or .csv."""
    first, last = month_of(month)
    rows = (
        RotaEntry.objects.filter(day__gte=first, day__lte=last, cancelled_at__isnull=True, shift__is_active=True)
        .select_related("shift", "agent")
        .order_by("day", "shift__order", "shift__starts_at", "agent__agent_number", "pk")
    )
    header = [
        label(RotaEntry, "day"),
        pgettext("duty", "Weekday"),
        label(RotaEntry, "shift"),
        label(RotaEntry, "starts_at"),
        label(RotaEntry, "ends_at"),
        label(User, "agent_number"),
        label(RotaEntry, "agent"),
    ]

    def row(entry: RotaEntry) -> list:
        return [
            text.detail_time(entry.day),
            date_format(entry.day, "l"),
            entry.shift.name,
            text.detail_time(entry.starts_at),
            text.detail_time(entry.ends_at),
            entry.agent.agent_number or "",
            _short(entry.agent),
        ]

    return exports.export_response(
        request,
        list_code="rota",
        title=f"{_('Rota')} {text.report_month(month)}",
        header=header,
        queryset=rows,
        row=row,
        fmt=fmt,
        filters=f"month={month:%Y-%m}",
    )
