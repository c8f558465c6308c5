"""Call-centre pages: the agent desk (K-2) with its screen-pop, the call list and page (K-1, K-3), scripts, FAQ (K-6).

The screen-pop is htmx polling, not server-sent events: see callcenter/README.md for why.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Team, User
from accounts.roles import Role
from callbacks import selectors as callback_selectors
from callcenter import integrations, metrics, selectors, services
from callcenter.choices import PendingQuestionStatus, ScriptKind
from callcenter.defaults import SCRIPT_DEFAULTS
from callcenter.filters import CallFilter, ConsultationFilter, FaqFilter, PendingQuestionFilter
from callcenter.forms import (
    CallFiguresForm,
    ConsultationForm,
    FaqEntryForm,
    HolidayGreetingForm,
    LookupForm,
    PendingAnswerForm,
    PendingQuestionForm,
    RecordingDeleteForm,
    ScriptForm,
    StartCallForm,
    WrapUpForm,
)
from callcenter.models import (
    Call,
    Consultation,
    FaqEntry,
    FaqSynonym,
    FaqVersion,
    HolidayGreeting,
    PendingQuestion,
    Recording,
    Script,
)
from compliance.services import may_unmask
from csc import exports, text
from csc.api import DomainError
from csc.dashboard import Chart, Series
from csc.filters import filter_values, for_page
from csc.http import client_ip
from csc.pagination import capped_count, page_of, query_without_page
from csc.periods import days_bounds
from csc.permissions import access_or_404, may
from customers import masking
from customers.models import Customer


def _require(request, perm: str) -> None:
    if not may(request.user, perm):
        raise PermissionDenied


# --- contact-centre figures (K-10) -------------------------------------------------------------------------


@login_required
def call_figures(request):
    """The contact-centre figures (K-10) of a period by hour, day, agent or team, with their definitions; a team
    lead sees their own team. Exports to .xlsx and .csv."""
    _require(request, "callcenter.view_call_figures")
    user = request.user
    own_team = _own_team(user) if _lead_only(user) else None
    teams = [] if own_team else list(Team.objects.order_by("name").values_list("pk", "name"))
    form = CallFiguresForm(request.GET or None, teams=teams)
    data = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data  # the good values; each bad one is a message and is ignored
        for errors in form.errors.values():
            for error in errors:
                messages.warning(request, error)
    today = timezone.localdate()
    first = data.get("date_from") or today
    last = data.get("date_to") or (max(first, today) if data.get("date_from") else today)
    first, last = min(first, last), max(first, last)
    last = min(last, first + timedelta(days=CallFiguresForm.MAX_DAYS - 1))
    by = data.get("by") or ("hour" if first == last else "day")
    team = own_team.pk if own_team else data.get("team")
    start, end = days_bounds(first, last)
    result = metrics.figures(start=start, end=min(end, timezone.now()), by=by, team=team)
    rows = figure_rows(result, by=by)
    total = metrics.Figures()
    for figures in result.values():
        total.add({name: getattr(figures, name) for name in metrics.SUM_NAMES})
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        return _figures_export(request, rows, total, by=by, first=first, last=last, kind=export)
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        "form": form,
        "rows": rows,
        "total": total,
        "by": by,
        "first": first,
        "last": last,
        "own_team": own_team,
        "team": team,
        "teams": teams,
        "by_choices": CallFiguresForm.BY,
        "header": list(zip(figure_header(), figure_help(), strict=True)),
        "chart": _figures_chart(rows, by=by) if by in ("hour", "day") and rows else None,
        "query": query.urlencode(),
        "settings": {
            "within": settings.CALLCENTER_ANSWER_WITHIN_SECONDS,
            "short": settings.CALLCENTER_SHORT_ABANDON_SECONDS,
            "days": settings.CALLCENTER_REPEAT_CONTACT_DAYS,
        },
    }
    return render(request, "callcenter/call_figures.html", context)


def _lead_only(user) -> bool:
    """A team lead who is not also a supervisor or in the GM office: their own team's figures only."""
    codes = user.role_codes
    return Role.TEAM_LEAD.value in codes and not codes & {Role.SUPERVISOR.value, Role.GM_OFFICE.value}


def _own_team(user):
    return user.led_teams.order_by("pk").first() or user.team


def figure_rows(result: dict, *, by: str) -> list[dict]:
    """The table's rows in order, each with its label: hours and days in time order, agents and teams by name."""
    keys = list(result)
    if by == "agent":
        people = {u.pk: u for u in User.objects.filter(pk__in=[k for k in keys if k])}
        labels = {
            k: (f"{people[k].agent_number} {people[k].display_name}".strip() if k in people else "—") for k in keys
        }
        labels[None] = _("No agent (not answered)")
    elif by == "team":
        names = dict(Team.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
        labels = {k: names.get(k, "—") for k in keys}
        labels[None] = _("No team")
    elif by == "hour":
        labels = {k: timezone.localtime(k).strftime("%m-%d %H:00") for k in keys}
    else:
        labels = {k: text.list_time(k) for k in keys}
    ordered = sorted(keys, key=lambda k: (k is None, labels[k] if by in ("agent", "team") else k))
    return [{"key": k, "label": labels[k], "figures": result[k]} for k in ordered]


def _figure_cells(f) -> list:
    return [
        f.offered,
        f.answered,
        text.percent(f.service_level),
        text.seconds(f.average_answer_seconds),
        f.abandoned,
        f.short_abandoned,
        text.percent(f.abandon_rate),
        text.seconds(f.average_handle_seconds),
        text.percent(f.first_contact_resolution),
    ]


def figure_header() -> list[str]:
    return [
        pgettext("call figures", "Offered"),
        pgettext("call figures", "Answered"),
        pgettext("call figures", "Service level"),
        pgettext("call figures", "Average speed of answer"),
        pgettext("call figures", "Abandoned"),
        pgettext("call figures", "Short abandons"),
        pgettext("call figures", "Abandonment rate"),
        pgettext("call figures", "Average handling time"),
        pgettext("call figures", "First-contact resolution"),
    ]


def figure_help() -> list[str]:
    """What each column counts (the column's tooltip and the definitions under the table; callcenter/metrics.py)."""
    within, short = settings.CALLCENTER_ANSWER_WITHIN_SECONDS, settings.CALLCENTER_SHORT_ABANDON_SECONDS
    return [
        _("Inbound calls that reached the centre (the telephony's first event) in the period."),
        _("Calls an agent answered."),
        _(
            "Calls answered within %(s)d s of waiting (from entering the queue, or from ringing without a queue), of the "
            "calls answered or abandoned; short abandons are left out."
        )
        % {"s": within},
        _("The mean wait of the answered calls, from entering the queue to the answer."),
        _("Calls that ended unanswered after %(s)d s or more of waiting.") % {"s": short},
        _(
            "Calls hung up unanswered within %(s)d s (a wrong number, a caller who changed their mind): counted apart, "
            "in neither share."
        )
        % {"s": short},
        _("Abandoned calls, of the calls answered or abandoned."),
        _("Talk (answer to hang-up) plus wrap-up (hang-up to the saved summary), over the answered calls that ended."),
        _(
            "Of the answered calls given a type, the share after which the same number did not call again about the "
            "same type within %(d)d days."
        )
        % {"d": settings.CALLCENTER_REPEAT_CONTACT_DAYS},
    ]


def _figures_chart(rows, *, by: str):
    return Chart(
        "call-figures",
        _("Service level and calls by hour") if by == "hour" else _("Service level and calls by day"),
        [row["label"] for row in rows],
        [
            Series(pgettext("dashboard", "calls offered"), [row["figures"].offered for row in rows]),
            Series(
                pgettext("dashboard", "service level"),
                [
                    None if row["figures"].service_level is None else round(100 * row["figures"].service_level, 1)
                    for row in rows
                ],
                kind="line",
                unit="%",
            ),
        ],
    )


def _figures_export(request, rows, total, *, by, first, last, kind):
    header = [dict(CallFiguresForm.BY)[by], *figure_header()]
    lines = [[row["label"], *_figure_cells(row["figures"])] for row in rows]
    lines.append([pgettext("call figures", "Total"), *_figure_cells(total)])
    name = f"call-figures-{first.isoformat()}-{last.isoformat()}"
    if kind == "csv":
        return exports.csv_response(filename=f"{name}.csv", header=header, rows=lines)
    content = exports.xlsx_table(
        title=str(_("Contact-centre figures")), header=header, rows=lines, exported_by=str(request.user)
    )
    return exports.attachment(content, filename=f"{name}.xlsx", content_type=exports.XLSX_TYPE)


# --- the desk ------------------------------------------------------------------------------------------


def _call_key(call: Call | None) -> str:
    return f"{call.pk}:{call.status}" if call else "none"


def _work_context(request, *, call: Call | None, phone: str = "", customer_id: int | None = None) -> dict:
    """The right-hand side of the desk: who is calling (masked, logged) and the tabs to act on the call."""
    number = call.customer_number if call else phone
    lookup = (
        services.caller_screen_pop(number=number, actor=request.user, ip_address=client_ip(request)) if number else None
    )
    chosen = None
    if lookup is not None:
        wanted = customer_id or (call.customer_id if call else None)
        if wanted is None and len(lookup.matches) == 1:
            wanted = lookup.matches[0].customer.pk
        chosen = next((m for m in lookup.matches if m.customer.pk == wanted), None)
    return {
        "call": call,
        "phone": number,
        "phone_masked": masking.mask_phone(number) if number else "",
        "lookup": lookup,
        "chosen": chosen,
        "wrap_up_form": WrapUpForm(initial={"call_type": call.call_type or "", "summary": call.summary})
        if call
        else None,
        "consultation_form": ConsultationForm(),
        "pending_form": PendingQuestionForm(),
        "closing_script": selectors.closing_script(agent=request.user),
        "ticket_tab": integrations.ticket_tab_context(
            request=request, call=call, customer=chosen.customer if chosen else None
        ),
        "complaint_tab": integrations.complaint_tab_context(
            request=request, call=call, customer=chosen.customer if chosen else None
        ),
    }


def _current_context(request, call: Call | None) -> dict:
    return {
        "call": call,
        "call_key": _call_key(call),
        "phone_masked": masking.mask_phone(call.customer_number) if call else "",
        "opening": selectors.opening_script(agent=request.user),
        "poll_seconds": settings.CALLCENTER_DESK_POLL_SECONDS,
    }


@login_required
def desk(request):
    """The agent's whole shift on one page: current call left, caller and actions right, keyboard first."""
    _require(request, "callcenter.use_desk")
    call = selectors.desk_current_call(user=request.user)
    context = {
        **_current_context(request, call),
        **_work_context(request, call=call),
        "start_form": StartCallForm(),
        # the callbacks waiting for this agent, between calls (K-5)
        "callbacks": callback_selectors.open_counts(user=request.user)
        if may(request.user, callback_selectors.VIEW)
        else None,
    }
    return render(request, "callcenter/desk.html", context)


@login_required
@require_GET
def desk_current(request):
    """The desk's poll (every CALLCENTER_DESK_POLL_SECONDS): 204 while nothing changed, else the new call panel;
    a different call also replaces the work area (hx-swap-oob), so a form being typed survives status changes."""
    _require(request, "callcenter.use_desk")
    call = selectors.desk_current_call(user=request.user)
    shown = request.GET.get("shown", "")
    key = _call_key(call)
    if shown == key:
        return HttpResponse(status=204)
    same_call = shown.split(":", 1)[0] == (str(call.pk) if call else "none")
    context = _current_context(request, call)
    if not same_call:
        context.update(_work_context(request, call=call))
        context["with_work"] = True
    return render(request, "callcenter/_current_call.html", context)


@login_required
@require_GET
def desk_work(request):
    """The work area for a number typed by hand, or for another of several 'maybe' customers."""
    _require(request, "callcenter.use_desk")
    call = None
    if request.GET.get("call"):
        call = access_or_404(request.user, "callcenter.change_call", Call.objects.all(), pk=request.GET["call"])
    customer_id = request.GET.get("customer")
    customer_id = int(customer_id) if customer_id and customer_id.isdigit() else None
    phone = ""
    form = LookupForm(request.GET or None)
    if call is None and request.GET.get("phone"):
        if not form.is_valid():
            return render(request, "callcenter/_work.html", {"lookup_form": form, "call": None})
        phone = form.cleaned_data["phone"]
    if call is not None and customer_id:
        customer = Customer.objects.filter(pk=customer_id, is_active=True).first()
        if customer is not None:
            services.call_attach_customer(call=call, customer=customer, actor=request.user)
    return render(
        request, "callcenter/_work.html", _work_context(request, call=call, phone=phone, customer_id=customer_id)
    )


@login_required
@require_POST
def desk_start(request):
    """Start a call by hand: the phone rang outside the telephony, or an outbound callback."""
    _require(request, "callcenter.add_call")
    form = StartCallForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return redirect("callcenter:desk")
    services.call_start_manual(
        caller_number=form.cleaned_data["phone"], direction=form.cleaned_data["direction"], actor=request.user
    )
    return redirect("callcenter:desk")


@login_required
@require_POST
def call_wrap_up(request, pk: int):
    call = access_or_404(request.user, "callcenter.change_call", Call.objects.all(), pk=pk)
    form = WrapUpForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.call_wrap_up(call=call, actor=request.user, **form.cleaned_data)
            saved = True
        except DomainError as error:
            form.add_error(None, error.message)
    if request.htmx:
        return render(
            request,
            "callcenter/_wrap_up.html",
            {
                "call": call,
                "wrap_up_form": form,
                "saved": saved,
                "closing_script": selectors.closing_script(agent=request.user),
            },
            status=200 if saved or form.is_valid() else 422,
        )
    if saved:
        messages.success(request, _("Call saved."))
    return redirect("callcenter:desk")


def _call_for_form(request) -> Call | None:
    call_id = request.POST.get("call")
    if not call_id:
        return None
    return access_or_404(request.user, "callcenter.change_call", Call.objects.all(), pk=call_id)


@login_required
@require_POST
def consultation_create(request):
    _require(request, "callcenter.add_consultation")
    call = _call_for_form(request)
    form = ConsultationForm(request.POST)
    saved = None
    if form.is_valid():
        customer = None
        if request.POST.get("customer", "").isdigit():
            customer = Customer.objects.filter(pk=request.POST["customer"], is_active=True).first()
        saved = services.consultation_record(actor=request.user, call=call, customer=customer, **form.cleaned_data)
        form = ConsultationForm()
    context = {"call": call, "consultation_form": form, "saved": saved, "pending_form": PendingQuestionForm()}
    return render(
        request, "callcenter/_tab_consultation.html", context, status=200 if saved or not form.errors else 422
    )


@login_required
@require_POST
def pending_question_create(request):
    _require(request, "callcenter.add_pendingquestion")
    call = _call_for_form(request)
    form = PendingQuestionForm(request.POST)
    pending = None
    if form.is_valid():
        pending = services.pending_question_log(actor=request.user, call=call, **form.cleaned_data)
        form = PendingQuestionForm()
    context = {"call": call, "consultation_form": ConsultationForm(), "pending_form": form, "pending": pending}
    return render(
        request, "callcenter/_tab_consultation.html", context, status=200 if pending or not form.errors else 422
    )


# --- calls ---------------------------------------------------------------------------------------------


def _call_export(request, calls, fmt: str):
    """The filtered calls as .xlsx or .csv (D-2): the numbers masked unless the user may see personal data in full."""
    full = may_unmask(request.user)
    header = [
        _("Time"),
        _("Direction"),
        pgettext("call centre", "Number"),
        _("Called number"),
        pgettext("call centre", "Agent"),
        _("Agent number"),
        _("Status"),
        _("Hang-up cause"),
        _("Ringing seconds"),
        _("Answered late"),
        _("Type"),
        pgettext("call centre", "Summary"),
        _("Recording"),
    ]

    call_type_label = exports.labels(Call, "call_type")
    direction_label = exports.labels(Call, "direction")
    hangup_cause_label = exports.labels(Call, "hangup_cause")
    status_label = exports.labels(Call, "status")

    def row(c: Call) -> list:
        return [
            text.exact_time(c.created_at),
            direction_label(c.direction),
            c.caller_number if full else c.caller_masked,
            c.called_number if full else masking.mask_phone(c.called_number),
            c.agent.display_name if c.agent_id else "",
            c.agent_number,
            status_label(c.status),
            hangup_cause_label(c.hangup_cause),
            c.ring_seconds if c.ring_seconds is not None else "",
            _("Yes") if c.answered_late() else "",
            call_type_label(c.call_type),
            c.summary,
            _("Yes") if c.has_recording else "",
        ]

    return exports.export_response(
        request,
        list_code="calls",
        title=_("Calls"),
        header=header,
        queryset=calls,
        row=row,
        fmt=fmt,
        personal_data_in_full=full,
    )


@login_required
def call_list(request):
    """Agents see the calls they took; leads and supervisors all, filtered by agent, team, type, outcome, date, late,
    recording; sorted by a column, counted (capped) and exported."""
    _require(request, "callcenter.view_call")
    filterset = for_page(CallFilter, request, selectors.calls_for_list(user=request.user))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _call_export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)  # millions of calls: no COUNT(*), a capped count
    sees_all = may(request.user, "callcenter.view_all_calls")
    context = {
        "form": filterset.form,
        "page": page,
        "count": capped_count(filterset.qs),
        "sort_key": filterset.sort_key,
        "query": query_without_page(request.GET),
        "sees_all": sees_all,
        "teams": Team.objects.filter(is_active=True).only("pk", "name") if sees_all else [],
        "team": filter_values(filterset)["team"],
        "late_seconds": settings.CALLCENTER_ANSWER_WITHIN_SECONDS,
    }
    template = "callcenter/_call_rows.html" if request.htmx else "callcenter/call_list.html"
    return render(request, template, context)


def _consultation_export(request, consultations, fmt: str):
    """The filtered consultations as .xlsx or .csv: the customer masked unless the user may see it in full."""
    full = may_unmask(request.user)
    header = [
        _("Time"),
        pgettext("call centre", "Agent"),
        _("Customer"),
        _("Question"),
        _("Answer given"),
        _("Standard answer used"),
        pgettext("call centre", "Call"),
    ]

    def row(c: Consultation) -> list:
        customer = ""
        if c.customer_id:
            customer = c.customer.name if full else c.customer.name_masked
        return [
            text.exact_time(c.created_at),
            str(c.agent),
            customer,
            c.question,
            c.answer,
            c.faq_entry.title if c.faq_entry_id else "",
            text.exact_time(c.call.created_at) if c.call_id else "",
        ]

    return exports.export_response(
        request,
        list_code="consultations",
        title=_("Consultations"),
        header=header,
        queryset=consultations,
        row=row,
        fmt=fmt,
        personal_data_in_full=full,
    )


@login_required
def consultation_list(request):
    """The consultations 咨询 answered on calls (K-6): an agent's own, every one for leads and supervisors; filtered,
    sorted, counted and exported like every list (D-2)."""
    _require(request, "callcenter.view_consultation")
    filterset = for_page(ConsultationFilter, request, selectors.consultations_for_list(user=request.user))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _consultation_export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)
    context = {
        "form": filterset.form,
        "page": page,
        "count": capped_count(filterset.qs),
        "sort_key": filterset.sort_key,
        "query": query_without_page(request.GET),
        "sees_all": may(request.user, "callcenter.view_all_calls"),
    }
    template = "callcenter/_consultation_rows.html" if request.htmx else "callcenter/consultation_list.html"
    return render(request, template, context)


@login_required
def call_detail(request, pk: int):
    call = access_or_404(request.user, "callcenter.view_call", Call.objects.select_related("agent", "customer"), pk=pk)
    context = {
        "call": call,
        "phone_masked": masking.mask_phone(call.caller_number),
        "called_masked": masking.mask_phone(call.called_number),
        "events": call.events.all(),
        "recordings": call.recordings.all(),
        "consultations": call.consultations.select_related("faq_entry"),
        "links": integrations.links_for_call(call),
        "may_delete_recordings": may(request.user, "callcenter.delete_empty_recording"),
        "delete_form": RecordingDeleteForm(),
        "late_seconds": settings.CALLCENTER_ANSWER_WITHIN_SECONDS,
    }
    return render(request, "callcenter/call_detail.html", context)


@login_required
def recording_file(request, pk: int):
    """The recording streamed through the storage API (disk or S3), for the page's audio player."""
    recording = access_or_404(
        request.user, "callcenter.view_recording", Recording.objects.select_related("call"), pk=pk
    )
    if recording.is_deleted:
        raise Http404
    if not recording.file:
        if recording.url:
            return HttpResponseRedirect(recording.url)
        raise Http404
    response = FileResponse(
        recording.file.open("rb"), content_type=recording.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = (
        f'inline; filename="call-{recording.call_id}-{recording.pk}.{recording.file.name.rsplit(".", 1)[-1]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def recording_delete(request, pk: int):
    """Only a team lead, only an empty recording, only with a reason (seed 004); everyone else 403."""
    if not may(request.user, "callcenter.delete_empty_recording"):
        raise PermissionDenied
    recording = access_or_404(
        request.user, "callcenter.delete_empty_recording", Recording.objects.select_related("call"), pk=pk
    )
    form = RecordingDeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason for deleting this recording."))
    else:
        try:
            services.recording_delete_empty(recording=recording, reason=form.cleaned_data["reason"], actor=request.user)
            messages.success(request, _("The empty recording was deleted; the deletion is logged."))
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("callcenter:call_detail", pk=recording.call_id)


# --- standard answers and pending questions (K-6) ------------------------------------------------------


@login_required
def faq_list(request):
    """The FAQ, searchable in Chinese; on the desk the same view returns the result rows (htmx)."""
    _require(request, "callcenter.view_faqentry")
    filterset = for_page(FaqFilter, request, FaqEntry.objects.filter(is_active=True))
    query = filter_values(filterset)["q"].strip()
    entries = filterset.qs[:20] if query else filterset.qs[:200]
    context = {"entries": entries, "q": query, "may_edit": may(request.user, "callcenter.change_faqentry")}
    template = "callcenter/_faq_results.html" if request.htmx else "callcenter/faq_list.html"
    return render(request, template, context)


@login_required
def faq_detail(request, pk: int, version: int | None = None):
    _require(request, "callcenter.view_faqentry")
    entry = FaqEntry.objects.filter(pk=pk).first()
    if entry is None:
        raise Http404
    versions = FaqVersion.objects.filter(entry=entry).select_related("changed_by")
    shown = None
    if version is not None:
        shown = next((v for v in versions if v.version == version), None)
        if shown is None:
            raise Http404
    context = {
        "entry": entry,
        "versions": versions,
        "shown": shown,
        "may_edit": may(request.user, "callcenter.change_faqentry"),
    }
    return render(request, "callcenter/faq_detail.html", context)


@login_required
def faq_edit(request, pk: int | None = None):
    entry = None
    if pk is not None:
        _require(request, "callcenter.change_faqentry")
        entry = FaqEntry.objects.filter(pk=pk).first()
        if entry is None:
            raise Http404
    else:
        _require(request, "callcenter.add_faqentry")
    initial = {}
    if entry is not None:
        initial = {f: getattr(entry, f) for f in ("title", "question", "answer", "keywords", "department")}
    form = FaqEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if entry is None:
            entry = services.faq_entry_create(actor=request.user, **data)
        else:
            if not data["reason"]:
                form.add_error("reason", _("Say why the standard answer changes."))
                return render(request, "callcenter/faq_edit.html", {"form": form, "entry": entry}, status=422)
            data.pop("department")
            entry = services.faq_entry_revise(entry=entry, actor=request.user, **data)
        messages.success(request, _("Standard answer saved as version %(v)d.") % {"v": entry.version})
        return redirect("callcenter:faq_detail", pk=entry.pk)
    return render(
        request, "callcenter/faq_edit.html", {"form": form, "entry": entry}, status=422 if form.errors else 200
    )


@login_required
def pending_list(request):
    _require(request, "callcenter.view_pendingquestion")
    data = request.GET.copy()
    data.setdefault("status", PendingQuestionStatus.OPEN)  # the page opens on what is still waiting
    filterset = for_page(
        PendingQuestionFilter,
        request,
        PendingQuestion.objects.select_related("asked_by", "answered_by", "faq_entry"),
        data=data,
    )
    status = filter_values(filterset)["status"]
    page = page_of(filterset.qs, request)
    context = {"page": page, "status": status, "may_answer": may(request.user, "callcenter.answer_pendingquestion")}
    return render(request, "callcenter/pending_list.html", context)


@login_required
def pending_answer(request, pk: int):
    _require(request, "callcenter.answer_pendingquestion")
    pending = PendingQuestion.objects.filter(pk=pk).first()
    if pending is None:
        raise Http404
    form = PendingAnswerForm(request.POST or None, initial={"title": pending.question[:200]})
    if request.method == "POST" and form.is_valid():
        try:
            pending = services.pending_question_answer(pending=pending, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Answer recorded; the standard answers are revised."))
            return redirect("callcenter:faq_detail", pk=pending.faq_entry_id)
        except DomainError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "callcenter/pending_answer.html",
        {"pending": pending, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def faq_synonyms(request):
    """Supervisors keep the synonym groups the FAQ search bridges wordings with (X-6)."""
    _require(request, "callcenter.change_faqsynonym")
    error = ""
    if request.method == "POST":
        terms = request.POST.get("terms", "")
        pk = request.POST.get("pk", "")
        try:
            services.faq_synonym_save(
                pk=int(pk) if pk.isdigit() else None,
                terms=terms,
                is_active=request.POST.get("is_active") == "on",
                actor=request.user,
            )
            messages.success(request, _("Synonym group saved."))
            return redirect("callcenter:faq_synonyms")
        except DomainError as failure:
            error = failure.message
    groups = FaqSynonym.objects.all()
    return render(
        request, "callcenter/faq_synonyms.html", {"groups": groups, "error": error}, status=422 if error else 200
    )


# --- scripts (K-2) --------------------------------------------------------------------------------------


@login_required
def scripts(request):
    """The supervisor sets the opening and closing lines and the holiday windows (X-6)."""
    _require(request, "callcenter.change_script")
    current = {s.kind: s.text for s in Script.objects.all()}
    error_form = None
    if request.method == "POST":
        form = ScriptForm(request.POST)
        if form.is_valid():
            services.script_update(kind=form.cleaned_data["kind"], text=form.cleaned_data["text"], actor=request.user)
            messages.success(request, _("Script line saved."))
            return redirect("callcenter:scripts")
        error_form = form
    forms_by_kind = []
    for kind in ScriptKind:
        if error_form is not None and error_form.data.get("kind") == kind.value:
            forms_by_kind.append((kind, error_form))
        else:
            forms_by_kind.append(
                (kind, ScriptForm(initial={"kind": kind.value, "text": current.get(kind.value, SCRIPT_DEFAULTS[kind])}))
            )
    context = {
        "forms_by_kind": forms_by_kind,
        "greetings": HolidayGreeting.objects.all()[:100],
        "preview": selectors.opening_script(agent=request.user),
    }
    return render(request, "callcenter/scripts.html", context, status=422 if error_form is not None else 200)


@login_required
def holiday_edit(request, pk: int | None = None):
    greeting = None
    if pk is not None:
        _require(request, "callcenter.change_holidaygreeting")
        greeting = HolidayGreeting.objects.filter(pk=pk).first()
        if greeting is None:
            raise Http404
    else:
        _require(request, "callcenter.add_holidaygreeting")
    form = HolidayGreetingForm(request.POST or None, instance=greeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.holiday_greeting_save(greeting=form.instance, actor=request.user)
            messages.success(request, _("Holiday greeting saved."))
            return redirect("callcenter:scripts")
        except DomainError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "callcenter/holiday_edit.html",
        {"form": form, "greeting": greeting},
        status=422 if form.errors else 200,
    )


# --- the desk's tabs into the tickets and complaints apps (their services, not a copy) --------------------


def _tab_post(request, handler):
    call = _call_for_form(request)
    customer = None
    if request.POST.get("customer", "").isdigit():
        customer = Customer.objects.filter(pk=request.POST["customer"], is_active=True).first()
    template, context, status = handler(request=request, call=call, customer=customer)
    return render(request, template, context, status=status)


@login_required
@require_POST
def desk_ticket(request):
    _require(request, "callcenter.use_desk")
    _require(request, "tickets.add_ticket")
    return _tab_post(request, integrations.ticket_tab_post)


@login_required
@require_POST
def desk_complaint(request):
    _require(request, "callcenter.use_desk")
    _require(request, "complaints.add_complaint")
    return _tab_post(request, integrations.complaint_tab_post)


@login_required
@require_POST
def desk_attach(request):
    _require(request, "callcenter.use_desk")
    return _tab_post(request, integrations.attach_tab_post)
