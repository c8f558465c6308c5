"""Counted errors and praise, typing tests, and the calls missing their recording (K-4, K-8, seed 004)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from callcenter.models import Call
from csc import exports, text
from csc.api import DomainError
from csc.filters import for_page, list_context
from csc.pagination import page_of
from csc.permissions import access_or_404, may
from customers.masking import mask_phone
from quality import selectors, services
from quality.choices import MarkKind, MarkSource, MarkState
from quality.filters import MarkFilter, RecordingGapFilter, TypingTestFilter
from quality.forms import (
    DecideForm,
    MarkForm,
    TypingTestForm,
    put_errors,
)
from quality.models import ErrorType, Mark
from quality.views.common import (
    ADD_TYPING,
    GAP_DAYS,
    GAP_MAX_DAYS,
    MANAGE_MARKS,
    VIEW_ALL,
    VIEW_GAPS,
    VIEW_MARKS,
    VIEW_TYPING,
    agents_for,
    back_to,
    refused,
    require,
    teams_for,
    user_name,
)


@login_required
def mark_list(request):
    """Counted errors and praise (K-4, K-8): own, the team's, or all; a lead confirms a proposed one or waives one."""
    require(request, VIEW_MARKS)
    filterset = for_page(MarkFilter, request, selectors.marks_for_list(user=request.user))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _mark_export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)
    user = request.user
    manages = may(user, MANAGE_MARKS)
    context = list_context(
        request,
        filterset,
        page,
        agents=agents_for(user) if manages or may(user, VIEW_ALL) else [],
        teams=teams_for(user),
        kinds=MarkKind.choices,
        sources=MarkSource.choices,
        states=MarkState.choices,
        types=list(ErrorType.objects.order_by("kind", "order", "id").only("code", "name")),
        manages=manages,
        me=user.pk,
        check_prefix=reverse("quality:check_list"),
        here=request.get_full_path(),
    )
    return render(request, "quality/mark_list.html", context)


def _mark_export(request, queryset, fmt: str):
    kind_label = exports.labels(Mark, "kind")
    source_label = exports.labels(Mark, "source")
    state_label = exports.labels(Mark, "state")
    header = [
        pgettext("quality", "Day"),
        _("Agent number"),
        _("Agent"),
        pgettext("quality", "Type"),
        pgettext("quality", "Kind"),
        _("Amount (yuan)"),
        pgettext("quality", "Source"),
        _("Repair ticket"),
        pgettext("quality", "Reason"),
        _("State"),
        _("Recorded by"),
        _("Recorded at"),
        _("Decided by"),
        _("Decided at"),
        _("Reason for the decision"),
    ]

    def row(mark: Mark) -> list:
        return [
            text.detail_time(mark.occurred_on),
            mark.agent.agent_number or "",
            mark.agent.display_name or mark.agent.username,
            mark.error_type.name,
            kind_label(mark.kind),
            mark.amount,
            source_label(mark.source),
            mark.ticket.number if mark.ticket_id else "",
            mark.reason,
            state_label(mark.state),
            user_name(mark.recorded_by),
            text.detail_time(mark.recorded_at),
            user_name(mark.decided_by),
            text.detail_time(mark.decided_at),
            mark.decision_reason,
        ]

    return exports.export_response(
        request,
        list_code="quality_marks",
        title=_("Counted errors and praise"),
        header=header,
        queryset=queryset,
        row=row,
        fmt=fmt,
    )


@login_required
def mark_new(request):
    """A lead counts an error or a praise by hand, with the reason (a closed month refuses it)."""
    require(request, MANAGE_MARKS)
    agents = selectors.appraised_agents(user=request.user).exclude(pk=request.user.pk)
    form = MarkForm(request.POST or None, agents=agents)
    if request.method == "POST" and form.is_valid():
        try:
            mark = services.mark_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, exc, _("You may not record counted errors or praise."))
            return render(request, "quality/mark_new.html", {"form": form}, status=403)
        else:
            messages.success(
                request,
                _("%(type)s recorded for %(agent)s on %(day)s.")
                % {"type": mark.error_type.name, "agent": mark.agent, "day": text.detail_time(mark.occurred_on)},
            )
            return redirect(reverse("quality:mark_list") + f"?agent={mark.agent_id}")
    return render(request, "quality/mark_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def mark_decide(request, pk: int):
    """Confirm a proposed mark (a station's rejection was the agent's wrong station) or waive one with the reason."""
    require(request, MANAGE_MARKS)
    mark = access_or_404(request.user, MANAGE_MARKS, Mark.objects.select_related("agent", "error_type"), pk=pk)
    back = back_to(request, reverse("quality:mark_list"))
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to confirm or to waive, and keep the reason short."))
        return HttpResponseRedirect(back)
    decide = services.mark_confirm if form.cleaned_data["action"] == "confirm" else services.mark_waive
    try:
        mark = decide(mark=mark, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        refused(request, exc, _("You may not decide on this mark."))
        return HttpResponseRedirect(back)
    else:
        done = (
            _("Confirmed: %(type)s, %(agent)s.")
            if mark.state == MarkState.COUNTED
            else _("Waived: %(type)s, %(agent)s.")
        )
        messages.success(request, done % {"type": mark.error_type.name, "agent": mark.agent})
    return HttpResponseRedirect(back)


# --- typing tests -------------------------------------------------------------------------------------------------


@login_required
def typing_list(request):
    """Typing tests (seed 004 打字速度测试): own, the team's, or all; filtered, sorted, counted and exported."""
    require(request, VIEW_TYPING)
    filterset = for_page(TypingTestFilter, request, selectors.typing_tests_for_list(user=request.user))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _typing_export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)
    user = request.user
    context = list_context(
        request,
        filterset,
        page,
        agents=agents_for(user) if may(user, ADD_TYPING) or may(user, VIEW_ALL) else [],
        teams=teams_for(user),
        may_add=may(user, ADD_TYPING),
    )
    return render(request, "quality/typing_list.html", context)


def _typing_export(request, queryset, fmt: str):
    header = [
        _("Test day"),
        _("Agent number"),
        _("Agent"),
        _("English per minute"),
        _("English accuracy (%)"),
        _("Chinese per minute"),
        _("Chinese accuracy (%)"),
        _("Recorded by"),
        _("Recorded at"),
    ]

    def row(test) -> list:
        return [
            text.detail_time(test.tested_on),
            test.agent.agent_number or "",
            test.agent.display_name or test.agent.username,
            test.english_per_minute,
            test.english_accuracy,
            test.chinese_per_minute,
            test.chinese_accuracy,
            user_name(test.recorded_by),
            text.detail_time(test.recorded_at),
        ]

    return exports.export_response(
        request, list_code="typing_tests", title=_("Typing tests"), header=header, queryset=queryset, row=row, fmt=fmt
    )


@login_required
def typing_new(request):
    require(request, ADD_TYPING)
    agents = selectors.appraised_agents(user=request.user)
    form = TypingTestForm(request.POST or None, agents=agents)
    if request.method == "POST" and form.is_valid():
        try:
            test = services.typing_test_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, exc, _("You may not record typing tests."))
            return render(request, "quality/typing_new.html", {"form": form}, status=403)
        else:
            messages.success(request, _("Typing test of %(agent)s recorded.") % {"agent": test.agent})
            return redirect("quality:typing_list")
    return render(request, "quality/typing_new.html", {"form": form}, status=400 if form.errors else 200)


# --- calls missing their recording (seed 004: every work call is recorded) ----------------------------------------


def _gap_days(request) -> tuple[date, date]:
    today_ = timezone.localdate()
    first, last = today_ - timedelta(days=GAP_DAYS - 1), today_
    raw_first, raw_last = (request.GET.get("first") or "").strip(), (request.GET.get("last") or "").strip()
    if not raw_first and not raw_last:
        return first, last
    try:
        chosen_first = date.fromisoformat(raw_first) if raw_first else first
        chosen_last = date.fromisoformat(raw_last) if raw_last else last
    except ValueError:
        messages.warning(request, _("Not a date (YYYY-MM-DD): the last seven days are shown."))
        return first, last
    if chosen_first > chosen_last:
        messages.warning(request, _("The period ends before it starts: the last seven days are shown."))
        return first, last
    if (chosen_last - chosen_first).days >= GAP_MAX_DAYS:
        messages.warning(request, _("Choose a period of at most a year: the last seven days are shown."))
        return first, last
    return chosen_first, chosen_last


@login_required
def recording_gaps(request):
    """The answered calls of a period without a playable recording: each a recorder fault for the lead to follow."""
    require(request, VIEW_GAPS)
    first, last = _gap_days(request)
    filterset = for_page(RecordingGapFilter, request, selectors.recording_gaps(first=first, last=last))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _gap_export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)
    user = request.user
    context = list_context(
        request,
        filterset,
        page,
        first=first,
        last=last,
        agents=agents_for(user),
        teams=teams_for(user),
        call_prefix=reverse("callcenter:call_list"),
    )
    return render(request, "quality/recording_gaps.html", context)


def _gap_export(request, queryset, fmt: str):
    direction_label = exports.labels(Call, "direction")
    type_label = exports.labels(Call, "call_type")
    header = [
        _("Call at"),
        _("Agent number"),
        _("Agent"),
        _("Caller"),
        _("Direction"),
        _("Call type"),
        _("Answered at"),
        _("Ended at"),
        _("Recording"),
    ]

    def row(call: Call) -> list:
        return [
            text.detail_time(call.created_at),
            call.agent.agent_number or "" if call.agent_id else "",
            (call.agent.display_name or call.agent.username) if call.agent_id else "",
            mask_phone(call.caller_number),
            direction_label(call.direction),
            type_label(call.call_type),
            text.detail_time(call.answered_at),
            text.detail_time(call.ended_at),
            _("only an empty or deleted one") if call.recordings_count else pgettext("quality", "none"),
        ]

    return exports.export_response(
        request,
        list_code="recording_gaps",
        title=_("Calls without a recording"),
        header=header,
        queryset=queryset,
        row=row,
        fmt=fmt,
    )


# --- the monthly appraisal (K-8) -----------------------------------------------------------------------------------
