"""The duty log 值班日志 (K-7, seed 003): a day's lines by whoever is on duty, the lead's signature with a summary,
the supervisor's check with the findings; the list of days with the month's share checked against the target.
Secret 机密 (P-5)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compliance.confidentiality import cleared_for
from csc import exports, text
from csc.api import DomainError
from csc.filters import for_page
from csc.pagination import page_of
from csc.periods import month_of
from csc.permissions import may, scope
from duty import selectors, services
from duty.filters import DutyLogFilter
from duty.forms import LogCheckForm, LogLineForm, LogSignForm, label, put_errors
from duty.models import DutyLog
from duty.views.common import CHECK_LOG, SECRET, SIGN_LOG, VIEW_LOGS, WRITE_LOG, list_context, refused, require

ACTIONS = ("write", "sign", "check")


def _day_of(value: str) -> date:
    """The day in the address (YYYY-MM-DD); no such day, or one still to come: no page."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    if day > timezone.localdate() or day.year < 2000:
        raise Http404
    return day


def _visible_log(request, day: date) -> DutyLog | None:
    """The day's log if there is one; 403 without the right to read logs, 404 when not cleared for secret ones."""
    require(request, VIEW_LOGS)
    log = DutyLog.objects.select_related("signed_by").filter(day=day).first()
    if not may(request.user, VIEW_LOGS, log or DutyLog(day=day)):
        raise Http404
    return log


def _page(request, day: date, log: DutyLog | None, *, forms: dict | None = None, status: int = 200):
    user = request.user
    forms = forms or {}
    checks = list(selectors.checks_of(log=log)) if log is not None else []
    signed = log is not None and log.signed_at is not None
    today = timezone.localdate()
    context = {
        "day": day,
        "is_today": day == today,
        "log": log,
        "entries": list(log.entries.select_related("author")) if log is not None else [],
        "checks": checks,
        "signed": signed,
        "may_write": not signed and may(user, WRITE_LOG),
        "may_sign": not signed and may(user, SIGN_LOG),
        "may_check": log is not None and may(user, CHECK_LOG) and all(c.checked_by_id != user.pk for c in checks),
        "line_form": forms.get("write") or LogLineForm(),
        "sign_form": forms.get("sign") or LogSignForm(),
        "check_form": forms.get("check") or LogCheckForm(),
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1) if day < today else None,
        "action_url": reverse("duty:log_detail", args=[day.isoformat()]),
        "secret": SECRET,
    }
    return render(request, "duty/log_detail.html", context, status=status)


def _act(request, day: date, log: DutyLog | None):
    """One of the page's forms through its service: a line, the lead's signature, the supervisor's check."""
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, _("Choose what to do."))
        return _page(request, day, log, status=400)
    form_class = {"write": LogLineForm, "sign": LogSignForm, "check": LogCheckForm}[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return _page(request, day, log, forms={action: form}, status=400)
    user = request.user
    back = reverse("duty:log_detail", args=[day.isoformat()])
    try:
        if action == "write":
            services.duty_log_write(actor=user, text=form.cleaned_data["text"], day=day)
            done = _("Line added to the duty log.")
        elif action == "sign":
            services.duty_log_sign(day=day, actor=user, summary=form.cleaned_data["summary"])
            done = _("The duty log of the day is signed.")
        else:
            if log is None:
                messages.error(request, _("Nothing was written on this day: there is no log to check."))
                return _page(request, day, log, status=409)
            services.duty_log_check(log=log, actor=user, findings=form.cleaned_data["findings"])
            done = _("Your check is recorded.")
    except PermissionDenied as exc:
        return refused(request, exc, back)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _page(request, day, _visible_log(request, day), status=409)
    except ValidationError as exc:
        put_errors(form, exc)
        return _page(request, day, log, forms={action: form}, status=400)
    messages.success(request, done)
    return redirect(back)


@login_required
def log_today(request):
    day = timezone.localdate()
    log = _visible_log(request, day)
    if request.method == "POST":
        return _act(request, day, log)
    return _page(request, day, log)


@login_required
def log_detail(request, day: str):
    when = _day_of(day)
    log = _visible_log(request, when)
    if request.method == "POST":
        return _act(request, when, log)
    return _page(request, when, log)


def _logs(user):
    return scope(
        user,
        DutyLog.objects.select_related("signed_by").annotate(
            lines=Count("entries", distinct=True), checked=Count("checks", distinct=True)
        ),
        VIEW_LOGS,
    )


@login_required
def log_list(request):
    """The days' logs, newest first, with the share the supervisor checked this month and last."""
    require(request, VIEW_LOGS)
    user = request.user
    filterset = for_page(DutyLogFilter, request, _logs(user))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)
    this_month = timezone.localdate().replace(day=1)
    last_month = month_of(this_month - timedelta(days=1))[0]
    coverage = (
        [{"month": month, **selectors.log_coverage(month=month)} for month in (this_month, last_month)]
        if cleared_for(user, SECRET)
        else []
    )
    context = list_context(request, filterset, page, coverage=coverage, checks=may(user, CHECK_LOG))
    return render(request, "duty/log_list.html", context)


def _export(request, queryset, fmt: str):
    header = [
        label(DutyLog, "day"),
        pgettext("duty", "Lines"),
        label(DutyLog, "signed_by"),
        label(DutyLog, "signed_at"),
        label(DutyLog, "summary"),
        pgettext("duty", "Checks"),
    ]

    def row(log: DutyLog) -> list:
        return [
            text.detail_time(log.day),
            log.lines,
            str(log.signed_by) if log.signed_by_id else "",
            text.detail_time(log.signed_at),
            log.summary,
            log.checked,
        ]

    return exports.export_response(
        request, list_code="duty_logs", title=_("Duty logs"), header=header, queryset=queryset, row=row, fmt=fmt
    )
