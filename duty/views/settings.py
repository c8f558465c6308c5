"""The shifts and the rota settings (X-6: the supervisor edits them): each shift's name, times, order and whether it
is in use; a new shift; the swap notice and the share of duty logs to check. The rules are services.shift_save's
and services.duty_settings_save's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from duty import services
from duty.forms import DutySettingsForm, ShiftForm, put_errors
from duty.models import Shift
from duty.views.common import SETTINGS, refused, require

NEW = "new"


def _shift_form(shift: Shift) -> ShiftForm:
    return ShiftForm(
        initial={
            "name": shift.name,
            "starts_at": shift.starts_at,
            "ends_at": shift.ends_at,
            "order": shift.order,
            "is_active": shift.is_active,
        },
        prefix=f"shift{shift.pk}",
    )


@login_required
def settings_page(request):
    require(request, SETTINGS)
    shifts = list(Shift.objects.order_by("order", "starts_at", "id"))
    row = services.duty_settings()
    forms = {shift.pk: _shift_form(shift) for shift in shifts}
    new_form = ShiftForm(prefix=NEW, initial={"is_active": True, "order": len(shifts) + 1})
    settings_form = DutySettingsForm(
        initial={"swap_notice_days": row.swap_notice_days, "log_check_share": row.log_check_share}
    )
    status = 200
    if request.method == "POST":
        status = 400
        section = request.POST.get("section", "")
        try:
            if section == "settings":
                settings_form = DutySettingsForm(request.POST)
                if settings_form.is_valid():
                    try:
                        services.duty_settings_save(actor=request.user, **settings_form.cleaned_data)
                    except ValidationError as exc:
                        put_errors(settings_form, exc)
                    else:
                        messages.success(request, _("Rota settings saved."))
                        return redirect("duty:settings")
            elif section == "shift":
                target = request.POST.get("shift", "")
                shift = next((s for s in shifts if str(s.pk) == target), None)
                if shift is None and target != NEW:
                    messages.error(request, _("Choose a shift."))
                else:
                    form = ShiftForm(request.POST, prefix=f"shift{shift.pk}" if shift else NEW)
                    if shift is None:
                        new_form = form
                    else:
                        forms[shift.pk] = form
                    if form.is_valid():
                        try:
                            saved = services.shift_save(actor=request.user, shift=shift, **form.cleaned_data)
                        except ValidationError as exc:
                            put_errors(form, exc)
                        else:
                            messages.success(request, _("Shift %(name)s saved.") % {"name": saved.name})
                            return redirect("duty:settings")
            else:
                messages.error(request, _("Choose what to save."))
        except PermissionDenied as exc:
            return refused(request, exc, reverse("duty:settings"))
    context = {
        "rows": [{"shift": shift, "form": forms[shift.pk]} for shift in shifts],
        "new_form": new_form,
        "settings_form": settings_form,
    }
    return render(request, "duty/settings.html", context, status=status)
