"""The lead's day and the head's week, the spot-check list, one check and its acknowledgement 签字确认, scoring a
recording, calibration (K-4)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts.models import User
from callcenter.models import Call, CallDirection
from csc import exports, text
from csc.api import DomainError
from csc.filters import for_page, list_context
from csc.pagination import page_of
from csc.permissions import access_or_404, may
from customers.masking import mask_phone
from quality import selectors, services
from quality.choices import Purpose, SheetKind
from quality.filters import SpotCheckFilter
from quality.forms import (
    ITEM_PREFIX,
    AcknowledgeForm,
    ScoreForm,
    deductions_posted,
    put_errors,
)
from quality.models import ScoreSheet, SpotCheck
from quality.views.common import (
    ACKNOWLEDGE,
    SCORE,
    VIEW_ALL,
    VIEW_CHECKS,
    agents_for,
    refused,
    require,
    teams_for,
    user_name,
)

# --- the lead's day, the head's week (seed 004: leads daily, the department head weekly) ---------------------------


@login_required
def today(request):
    """The lead's day: each agent of the team, whether checked today, and a few of today's recorded calls of each
    agent not yet checked, picked at random, to score."""
    require(request, SCORE)
    rows = selectors.to_check_today(user=request.user)
    waiting = [row for row in rows if not row["checked"]]
    done = [row for row in rows if row["checked"]]
    day = timezone.localdate()
    context = {
        "day": day,
        "waiting": waiting,
        "done": done,
        "sees_week": may(request.user, VIEW_ALL),
        "today_checks": reverse("quality:check_list") + f"?checker={request.user.pk}&date_from={day}&date_to={day}",
    }
    return render(request, "quality/today.html", context)


def _day_param(request, name: str) -> date | None:
    value = (request.GET.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        messages.warning(
            request, _("“%(value)s” is not a date (YYYY-MM-DD): showing this week.") % {"value": value[:20]}
        )
        return None


@login_required
def week(request):
    """The department head's week: per lead and day, how many of the team's agents the lead checked; the head's own
    checks of the week."""
    require(request, VIEW_ALL)
    day = _day_param(request, "day") or timezone.localdate()
    data = selectors.week_of_checks(day=day)
    list_url = reverse("quality:check_list")
    for lead in data["leads"]:
        for cell in lead["cells"]:
            cell["url"] = f"{list_url}?checker={lead['lead'].pk}&date_from={cell['day']}&date_to={cell['day']}"
            cell["short"] = not cell["future"] and cell["checked"] < cell["agents"]
    context = {
        **data,
        "previous": data["monday"] - timedelta(days=7),
        "next": data["monday"] + timedelta(days=7),
        "is_current": data["monday"] <= timezone.localdate() <= data["sunday"],
        "head_checks": reverse("quality:check_list")
        + f"?date_from={data['monday']}&date_to={data['sunday']}&purpose={Purpose.CHECK}",
    }
    return render(request, "quality/week.html", context)


# --- spot checks: the list, one check, scoring, acknowledging, calibration -------------------------------------------


@login_required
def check_list(request):
    """The spot checks the user sees (own, the team's, or all), filtered, sorted, counted and exported (D-2)."""
    require(request, VIEW_CHECKS)
    filterset = for_page(SpotCheckFilter, request, selectors.spot_checks_for_list(user=request.user))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _check_export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)
    user = request.user
    oversees = may(user, SCORE) or may(user, VIEW_ALL)
    context = list_context(
        request,
        filterset,
        page,
        agents=agents_for(user) if oversees else [],
        checkers=list(
            User.objects.filter(pk__in=selectors.spot_checks_visible_to(user=user).values("checker_id")).order_by(
                "agent_number", "username"
            )
        )
        if oversees
        else [],
        teams=teams_for(user),
        sheets=list(ScoreSheet.objects.order_by("order", "id").only("pk", "name")),
        purposes=Purpose.choices,
        detail_prefix=reverse("quality:check_list"),
    )
    return render(request, "quality/check_list.html", context)


def _check_export(request, queryset, fmt: str):
    purpose_label = exports.labels(SpotCheck, "purpose")
    level_label = exports.labels(SpotCheck, "checker_level")
    header = [
        _("Checked at"),
        _("Agent number"),
        _("Agent"),
        _("Checked by"),
        _("Checked as"),
        _("Purpose"),
        _("Score sheet"),
        _("Points deducted"),
        pgettext("quality", "Score"),
        _("Total points"),
        _("Scored zero"),
        _("Acknowledged at"),
        _("Agent's remark"),
        _("Problems found"),
        _("Good points"),
    ]

    def row(check: SpotCheck) -> list:
        return [
            text.detail_time(check.checked_at),
            check.agent.agent_number or "",
            check.agent.display_name or check.agent.username,
            user_name(check.checker),
            level_label(check.checker_level),
            purpose_label(check.purpose),
            f"{check.sheet_version.sheet.name} v{check.sheet_version.number}",
            check.deducted,
            check.score,
            check.total_points,
            _("Yes") if check.zeroed else "",
            text.detail_time(check.acknowledged_at),
            check.agent_remark,
            check.problems,
            check.good_points,
        ]

    return exports.export_response(
        request,
        list_code="spot_checks",
        title=_("Spot checks"),
        header=header,
        queryset=queryset,
        row=row,
        fmt=fmt,
    )


def _check_page(request, check: SpotCheck, *, form: AcknowledgeForm | None = None) -> dict:
    user = request.user
    recording = check.recording if check.recording_id and not check.recording.deleted_at else None
    scorings = SpotCheck.objects.filter(call_id=check.call_id).count()
    own = check.agent_id == user.pk
    return {
        "check": check,
        "recording": recording,
        "may_play": recording is not None and may(user, "callcenter.view_recording", recording),
        "scores": list(check.scores.select_related("item__error_type").order_by("item__order")),
        "marks": list(check.marks.select_related("error_type", "decided_by").order_by("kind", "error_type__order")),
        "scorings": scorings,
        "may_acknowledge": own
        and check.purpose == Purpose.CHECK
        and check.acknowledged_at is None
        and may(user, ACKNOWLEDGE),
        "form": form or AcknowledgeForm(),
        "may_calibrate": may(user, SCORE) and user.pk not in (check.checker_id, check.agent_id),
        "sees_calibration": scorings > 1 and (may(user, SCORE) or may(user, VIEW_ALL)),
        "call_masked": mask_phone(check.call.caller_number),
    }


DETAIL_JOINED = ("agent", "checker", "sheet_version__sheet", "call", "recording")


@login_required
def check_detail(request, pk: int):
    """One check as scored: the recording, each item's deduction, the total deducted and the score, the errors and
    praise it counted, and the agent's acknowledgement (or the form for it, on the agent's own)."""
    check = access_or_404(request.user, VIEW_CHECKS, SpotCheck.objects.select_related(*DETAIL_JOINED), pk=pk)
    return render(request, "quality/check_detail.html", _check_page(request, check))


@login_required
@require_POST
def check_acknowledge(request, pk: int):
    """The agent's 签字确认: the time and an optional remark; the score is not theirs to change."""
    check = access_or_404(request.user, VIEW_CHECKS, SpotCheck.objects.select_related(*DETAIL_JOINED), pk=pk)
    form = AcknowledgeForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.spot_check_acknowledge(check=check, actor=request.user, remark=form.cleaned_data["remark"])
        except ValidationError as exc:
            put_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 409
        except PermissionDenied as exc:
            refused(request, exc, _("Only the agent whose call was checked acknowledges the check."))
            status = 403
        else:
            messages.success(request, _("Check acknowledged."))
            return redirect("quality:check_detail", pk=check.pk)
    check.refresh_from_db()
    return render(request, "quality/check_detail.html", _check_page(request, check, form=form), status=status)


def _default_sheet(call: Call, sheets: list[ScoreSheet]) -> ScoreSheet | None:
    """The callback sheet for an outbound call, the intake sheet for the others; else the first sheet in use."""
    wanted = SheetKind.CALLBACK if call.direction == CallDirection.OUTBOUND else SheetKind.INTAKE
    return next((sheet for sheet in sheets if sheet.kind == wanted), sheets[0] if sheets else None)


def _chosen_sheet(request, call: Call, sheets: list[ScoreSheet]) -> ScoreSheet | None:
    value = (request.GET.get("sheet") or "").strip()
    if value:
        chosen = next((sheet for sheet in sheets if str(sheet.pk) == value), None)
        if chosen is not None:
            return chosen
        messages.warning(request, _("That score sheet is not in use: the call's usual sheet is shown."))
    return _default_sheet(call, sheets)


@login_required
def check_new(request, pk: int):
    """Score one call's recording (K-4): play it, take off each item's deduction, tick the errors found and praise,
    note problems and good points. The service decides: the ranges, a fatal item, own calls, a second scoring."""
    require(request, SCORE)
    call = access_or_404(request.user, SCORE, Call.objects.select_related("agent"), pk=pk)
    sheets = list(ScoreSheet.objects.filter(is_active=True).order_by("order", "id"))
    sheet = _chosen_sheet(request, call, sheets)
    version = sheet.current_version() if sheet is not None else None
    items = list(version.items.select_related("error_type").order_by("order")) if version is not None else []
    form = ScoreForm(request.POST or None)
    posted = deductions_posted(request.POST) if request.method == "POST" else {}
    item_errors: dict[int, list[str]] = {}
    status = 200
    if request.method == "POST":
        status = 400
        if sheet is None:
            messages.error(request, _("No score sheet is in use: a supervisor sets one up in the quality settings."))
        elif form.is_valid():
            try:
                check = services.spot_check_create(
                    call=call,
                    actor=request.user,
                    sheet=sheet,
                    deductions=posted,  # as typed: the service reads the numbers and checks their ranges
                    errors=list(form.cleaned_data["counted"]),
                    praise=list(form.cleaned_data["praise"]),
                    problems=form.cleaned_data["problems"],
                    good_points=form.cleaned_data["good_points"],
                )
            except ValidationError as exc:
                found = dict(exc.message_dict) if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                for name in [name for name in found if name.startswith(ITEM_PREFIX)]:
                    if name[len(ITEM_PREFIX) :].isdigit():
                        item_errors[int(name[len(ITEM_PREFIX) :])] = found.pop(name)
                if item_errors:
                    form.add_error(None, _("Some deductions are not right: see the items marked below."))
                if found:
                    put_errors(form, ValidationError(found), fields={"errors": "counted"})
            except DomainError as exc:
                messages.error(request, exc.message)
                status = 409
            except PermissionDenied as exc:
                refused(request, exc, _("You may not score this call."))
                status = 403
            else:
                if check.purpose == Purpose.CALIBRATION:
                    note = _("Calibration saved: %(score)s of %(total)s points. It counts nothing against the agent.")
                else:
                    note = _("Spot check saved: %(score)s of %(total)s points.")
                messages.success(request, note % {"score": check.score, "total": check.total_points})
                return redirect("quality:check_detail", pk=check.pk)
    recording = selectors.playable_recording(call)
    rows = [
        {
            "item": item,
            "value": posted.get(item.pk, "0") if request.method == "POST" else "0",
            "errors": item_errors.get(item.pk, []),
        }
        for item in items
    ]
    context = {
        "call": call,
        "call_masked": mask_phone(call.caller_number),
        "recording": recording,
        "sheets": sheets,
        "sheet": sheet,
        "version": version,
        "rows": rows,
        "form": form,
        "earlier": list(SpotCheck.objects.filter(call=call).select_related("checker").order_by("checked_at")),
    }
    return render(request, "quality/check_new.html", context, status=status)


@login_required
def calibration(request, pk: int):
    """Every scoring of one call side by side, item by item, with each item's spread: where the leads disagree."""
    if not (may(request.user, SCORE) or may(request.user, VIEW_ALL)):
        raise PermissionDenied
    # one of the call's scorings the user may read opens the comparison of all of them; none: 404
    first = access_or_404(request.user, VIEW_CHECKS, SpotCheck.objects.select_related("call__agent"), call_id=pk)
    data = selectors.calibration(call=first.call)
    for line in data["lines"]:
        line["cells"] = list(zip(line["values"], data["checks"], strict=True))
    context = {**data, "call": first.call, "call_masked": mask_phone(first.call.caller_number)}
    return render(request, "quality/calibration.html", context)


# --- counted errors and praise ----------------------------------------------------------------------------------
