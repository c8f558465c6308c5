"""Quality settings: the score sheets (each edit saves the next version), the errors' amounts and the reward
levels."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from csc.permissions import access_or_404
from quality import services
from quality.choices import SheetKind
from quality.forms import (
    ItemFormSet,
    NewItemFormSet,
    SheetForm,
    band_rows,
    put_errors,
)
from quality.models import ErrorType, RewardBand, ScoreItem, ScoreSheet
from quality.views.common import (
    SETTINGS,
    refused,
    require,
)


class _Refused(Exception):
    """Raised inside the settings' transaction to roll every row back when one of them was refused."""


def _save_error_types(request, types: list[ErrorType]) -> dict[int, str]:
    """Every changed amount and flag through services.error_type_save, all or nothing."""
    errors: dict[int, str] = {}
    post = request.POST
    try:
        with transaction.atomic():
            for kind in types:
                amount = (post.get(f"amount_{kind.pk}") or "").strip()
                zeroes = post.get(f"zeroes_{kind.pk}") == "on"
                active = post.get(f"active_{kind.pk}") == "on"
                try:
                    same_amount = Decimal(amount) == kind.amount
                except ArithmeticError:
                    same_amount = False
                if same_amount and zeroes == kind.zeroes_check and active == kind.is_active:
                    continue
                try:
                    services.error_type_save(
                        error_type=kind, actor=request.user, amount=amount, zeroes_check=zeroes, is_active=active
                    )
                except ValidationError as exc:
                    errors[kind.pk] = " ".join(exc.messages)
            if errors:
                raise _Refused
    except _Refused:
        pass
    return errors


@login_required
def settings_page(request):
    """The score sheets with their current items, the amounts of the errors and whether one zeroes a check, and the
    reward levels of the monthly bonus."""
    require(request, SETTINGS)
    types = list(ErrorType.objects.order_by("kind", "order", "id"))
    bands = list(RewardBand.objects.order_by("level"))
    levels = [band.level for band in bands]
    levels.append((max(levels) if levels else 0) + 1)
    type_errors: dict[int, str] = {}
    band_errors: dict[int, str] = {}
    band_error = ""
    status = 200
    section = request.POST.get("section") if request.method == "POST" else ""
    if section == "types":
        type_errors = _save_error_types(request, types)
        if not type_errors:
            messages.success(request, _("Amounts saved; marks recorded from now on carry them."))
            return redirect("quality:settings")
        for kind in types:
            kind.refresh_from_db()
        status = 400
    elif section == "bands":
        rows, band_errors = band_rows(request.POST, levels)
        if not band_errors:
            try:
                services.reward_bands_save(actor=request.user, bands=rows)
            except ValidationError as exc:
                band_error = " ".join(exc.messages)
            else:
                messages.success(request, _("Reward levels saved."))
                return redirect("quality:settings")
        status = 400
    sheets = list(ScoreSheet.objects.order_by("order", "id"))
    versions = {}
    for sheet in sheets:
        version = sheet.current_version()
        versions[sheet.pk] = version
    items: dict[int, list[ScoreItem]] = {}
    if versions:
        for item in ScoreItem.objects.filter(version__in=[v for v in versions.values() if v]).select_related(
            "error_type"
        ):
            items.setdefault(item.version_id, []).append(item)
    sheet_rows = [
        {
            "sheet": sheet,
            "version": versions[sheet.pk],
            "items": items.get(versions[sheet.pk].pk, []) if versions[sheet.pk] else [],
        }
        for sheet in sheets
    ]
    posted = request.POST if request.method == "POST" else {}
    type_rows = [
        {
            "type": kind,
            "amount": posted.get(f"amount_{kind.pk}", kind.amount) if section == "types" else kind.amount,
            "error": type_errors.get(kind.pk, ""),
        }
        for kind in types
    ]
    by_level = {band.level: band for band in bands}
    band_lines = [
        {
            "level": level,
            "min_score": posted.get(f"min_score_{level}", "")
            if section == "bands"
            else (by_level[level].min_score if level in by_level else ""),
            "amount": posted.get(f"amount_{level}", "")
            if section == "bands"
            else (by_level[level].amount if level in by_level else ""),
            "error": band_errors.get(level, ""),
        }
        for level in levels
    ]
    context = {
        "sheet_rows": sheet_rows,
        "type_rows": type_rows,
        "band_lines": band_lines,
        "band_error": band_error,
    }
    return render(request, "quality/settings.html", context, status=status)


def _item_inputs(formset) -> list[services.ItemInput]:
    rows = []
    for position, form in enumerate(formset.forms):
        data = getattr(form, "cleaned_data", {})
        if not data or data.get("DELETE") or not (data.get("label") or "").strip():
            continue
        rows.append((data.get("order") or 1000 + position, position, data))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [
        services.ItemInput(
            label=data["label"],
            points=data.get("points") or 0,
            fatal=bool(data.get("fatal")),
            error_type=data.get("error_type"),
        )
        for _order, _position, data in rows
    ]


@login_required
def sheet_edit(request, pk: int | None = None):
    """A sheet's items, points, order, fatal items and what missing one counts: saved as the sheet's next version;
    checks scored on an earlier version keep theirs."""
    require(request, SETTINGS)
    sheet = access_or_404(request.user, SETTINGS, ScoreSheet.objects.all(), pk=pk) if pk is not None else None
    version = sheet.current_version() if sheet is not None else None
    if request.method == "POST":
        form = SheetForm(request.POST)
        formset = (ItemFormSet if sheet is not None else NewItemFormSet)(request.POST, prefix="items")
    else:
        initial = {"name": "", "kind": SheetKind.INTAKE, "total_points": None, "is_active": True}
        rows = []
        if sheet is not None:
            initial = {"name": sheet.name, "kind": sheet.kind, "is_active": sheet.is_active}
            if version is not None:
                initial["total_points"] = version.total_points
                rows = [
                    {
                        "order": item.order,
                        "label": item.label,
                        "points": item.points,
                        "fatal": item.fatal,
                        "error_type": item.error_type_id,
                    }
                    for item in version.items.order_by("order")
                ]
        form = SheetForm(initial=initial)
        formset = (ItemFormSet if sheet is not None else NewItemFormSet)(initial=rows, prefix="items")
    items_error: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = services.sheet_save(
                actor=request.user,
                sheet=sheet,
                items=_item_inputs(formset),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            found = dict(exc.message_dict) if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            items_error = found.pop("items", [])
            if found:
                put_errors(form, ValidationError(found))
        except PermissionDenied as exc:
            refused(request, exc, _("You may not edit score sheets."))
        else:
            messages.success(
                request,
                _("%(sheet)s saved as version %(number)s.") % {"sheet": saved.sheet.name, "number": saved.number},
            )
            return redirect("quality:settings")
    if request.method == "POST" and (form.errors or formset.errors or formset.non_form_errors() or items_error):
        status = 400
    elif request.method == "POST":
        status = 403
    else:
        status = 200
    context = {
        "sheet": sheet,
        "version": version,
        "form": form,
        "formset": formset,
        "items_error": items_error,
    }
    return render(request, "quality/sheet_edit.html", context, status=status)
