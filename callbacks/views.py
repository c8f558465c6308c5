"""Callback pages: the queue and one callback (the survey). Thin: writes through the services, reads through the
selectors."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext
from django.views.decorators.http import require_POST

from accounts.models import Team, User
from callbacks import satisfaction, selectors, services, workflow
from callbacks.choices import Attitude, Kind, Status
from callbacks.filters import ALL, MINE, OPEN, CallbackFilter
from callbacks.forms import LINE_FIELDS, RULE_FIELDS, TEXT_LIMIT, CallbackSettingsForm, local_datetime, survey_answers
from callbacks.models import Callback, CallbackSettings
from callbacks.selectors import callbacks_for_list
from compliance.models import AccessChannel
from compliance.services import access_log_record, may_unmask
from csc import exports, periods, text
from csc.api import DomainError
from csc.filters import filter_values, for_page
from csc.http import client_ip
from csc.pagination import capped_count, page_of, query_without_page
from csc.permissions import access_or_404, may
from csc.text import record_text, report_date
from customers.models import Customer
from tickets.models import Station

QUEUE_PAGE_SIZE = 25

VIEW = selectors.VIEW
SETTINGS_PERM = "callbacks.change_callbacksettings"
PERMISSIONS_BACKEND = "accounts.auth_cache.CachedPermissionsBackend"  # who holds a right, in one query


@login_required
def detail(request, pk: int):
    """The callback an agent works on: what it is about, the resident to dial, the script and the answers (K-5)."""
    callback = access_or_404(request.user, VIEW, Callback.objects.all(), pk=pk)
    return render(request, "callbacks/detail.html", _page(request, callback))


# --- the callback page's actions and the settings (below the placeholder views, so each part merges alone) --------

ACTIONS = ("record", "not_reached", "appoint", "assign", "give_up")
GENERAL = "general"
# joined: the matter and its station; fetched by id: the people and follow-ups (more joins cost PostgreSQL more to plan
# than to run, see selectors.callbacks_for_list)
DETAIL_JOINED = ("ticket", "complaint", "station")
DETAIL_FETCHED = ("assignee", "team", "agent", "done_by", "follow_up_ticket", "follow_up_complaint")


def _disclose(request, callback: Callback) -> None:
    """The resident's name and phone shown unmasked: written to the access log like a complaint's (P-1, X-3)."""
    if callback.customer_id is None:
        return
    access_log_record(
        user=request.user,
        customers=[Customer(pk=callback.customer_id)],
        channel=AccessChannel.PAGE,
        fields=["name", "phone"],
        unmasked=True,
        purpose=record_text(gettext_noop("Callback %(number)s"), number=callback.number),
        ip_address=client_ip(request),
    )


def _team_agents(callback: Callback) -> list:
    """Whom a lead may give the callback to: the active agents of its team (the service checks again)."""
    if callback.team_id is None:
        return []
    users = User.objects.with_perm(workflow.RECORD, backend=PERMISSIONS_BACKEND).filter(
        team_id=callback.team_id, agent_number__isnull=False
    )
    return list(users.order_by("agent_number")[:100])


def _page(request, callback: Callback, *, action: str = "", errors=None, data=None) -> dict:
    callback = Callback.objects.select_related(*DETAIL_JOINED).prefetch_related(*DETAIL_FETCHED).get(pk=callback.pk)
    config = services.callback_settings()
    actions = [t.name for t in workflow.MACHINE.available(callback, request.user)]
    may_call = "record" in actions  # who dials sees the number: whoever may record it now
    if may_call:
        _disclose(request, callback)
    return {
        "callback": callback,
        "script": services.script(callback, config),
        "config": config,
        "attempts": list(callback.attempt_log.select_related("by")),
        "actions": actions,
        "may_call": may_call,
        "last_attempt": callback.attempts + 1 >= config.max_attempts,
        "agents": _team_agents(callback) if "assign" in actions else [],
        "attitudes": Attitude.choices,
        "action": action,
        "errors": errors or {},
        "data": data or {},
        "now": timezone.now(),
    }


def _errors_of(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages_] for field, messages_ in exc.message_dict.items()}
    return {GENERAL: [str(m) for m in exc.messages]}


def _next_ready(user, after: Callback) -> Callback | None:
    """The next callback in the user's queue that is ready now and theirs to make (not the one just done)."""
    now = timezone.now()
    rows = selectors.queue(user=user).filter(queue_at__lte=now).exclude(pk=after.pk)[:20]
    return next((c for c in rows if workflow.may_work_on(user, c)), None)


def _run(action: str, callback: Callback, user, post) -> Callback:
    if action == "record":
        return services.callback_record(
            callback=callback,
            actor=user,
            note=post.get("note", "")[:TEXT_LIMIT],
            **survey_answers(post, kind=callback.kind),
        )
    if action == "not_reached":
        return services.callback_not_reached(
            callback=callback,
            actor=user,
            note=post.get("note", "")[:TEXT_LIMIT],
            reason=post.get("reason", "")[:TEXT_LIMIT],
        )
    if action == "appoint":
        return services.callback_appoint(
            callback=callback,
            actor=user,
            appointment_at=local_datetime(post.get("appointment_at", ""), field="appointment_at"),
            note=post.get("note", "")[:TEXT_LIMIT],
        )
    if action == "give_up":
        return services.callback_give_up(callback=callback, actor=user, reason=post.get("reason", "")[:TEXT_LIMIT])
    assignee = None
    chosen = (post.get("assignee") or "").strip()
    if chosen:
        assignee = User.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        if assignee is None:
            raise ValidationError({"assignee": [_("Choose an agent of the team.")]})
    return services.callback_assign(callback=callback, actor=user, assignee=assignee)


DONE_MESSAGES = {
    "record": gettext_noop("Callback %(number)s recorded."),
    "not_reached": gettext_noop("Callback %(number)s: not reached, back in the queue later."),
    "appoint": gettext_noop("Callback %(number)s: appointment booked."),
    "give_up": gettext_noop("Callback %(number)s given up."),
    "assign": gettext_noop("Callback %(number)s assigned."),
}


@login_required
@require_POST
def act(request, pk: int, action: str):
    """One outcome from the callback page, through its service; errors come back next to their question, the
    answers kept, nothing saved. Done: on to the next ready callback of the user's queue, or back to the queue."""
    callback = access_or_404(request.user, VIEW, Callback.objects.all(), pk=pk)
    if action not in ACTIONS:
        raise Http404
    post = request.POST
    try:
        result = _run(action, callback, request.user, post)
    except ValidationError as exc:
        context = _page(request, callback, action=action, errors=_errors_of(exc), data=post)
        return render(request, "callbacks/detail.html", context, status=400)
    except DomainError as exc:
        context = _page(request, callback, action=action, errors={GENERAL: [exc.message]}, data=post)
        return render(request, "callbacks/detail.html", context, status=409)
    except PermissionDenied as exc:
        message = str(exc) or _("This callback is in someone else's queue: only a lead of its team may act on it.")
        context = _page(request, callback, action=action, errors={GENERAL: [message]}, data=post)
        return render(request, "callbacks/detail.html", context, status=403)
    text = _(DONE_MESSAGES[action]) % {"number": result.number}
    if result.follow_up_ticket_id:
        text += " " + _("Return visit %(ticket)s sent to the station; the supervisor is told.") % {
            "ticket": result.follow_up_ticket.number
        }
    elif result.follow_up_complaint_id:
        text += " " + _("Follow-up complaint %(complaint)s opened; the supervisor is told.") % {
            "complaint": result.follow_up_complaint.number
        }
    messages.success(request, text)
    if action == "assign":
        return redirect("callbacks:detail", pk=result.pk)
    following = _next_ready(request.user, result)
    if following is not None:
        return redirect("callbacks:detail", pk=following.pk)
    return redirect("callbacks:queue")


@login_required
def settings_page(request):
    """The supervisor's callback rules and script (X-6); every change is in the row's history, with who made it."""
    if not may(request.user, SETTINGS_PERM):
        raise PermissionDenied
    instance = services.callback_settings()
    form = CallbackSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        row._history_user = request.user
        row.save()
        messages.success(request, _("Callback settings saved."))
        return redirect("callbacks:settings")
    history = _changes(instance) if instance.pk else []
    return render(
        request,
        "callbacks/settings.html",
        {
            "form": form,
            "rules": [form[name] for name in RULE_FIELDS],
            "lines": [form[name] for name in LINE_FIELDS],
            "history": history,
        },
        status=400 if request.method == "POST" else 200,
    )


def _changes(instance: CallbackSettings) -> list[dict]:
    """The settings' last changes, newest first: when, who, and which settings changed."""
    rows = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[:21])
    changes = []
    for newer, older in zip(rows, [*rows[1:], None], strict=False):
        if older is None:
            if len(rows) > 20:
                break  # the 21st row only told what the 20th changed
            fields = [_("First saved")]
        else:
            fields = [
                str(CallbackSettings._meta.get_field(c.field).verbose_name) for c in newer.diff_against(older).changes
            ]
        changes.append({"at": newer.history_date, "by": newer.history_user, "fields": fields})
    return changes


# --- the queue: list and exports (K-5) ----------------------------------------------------------------------


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


@login_required
def queue(request):
    """The callback queue (K-5): the open callbacks the user sees, ready first, with tabs for mine, late, appointed,
    done and given up; the filtered rows export to .xlsx or .csv (masked, logged)."""
    if not may(request.user, selectors.VIEW):
        raise PermissionDenied
    now = timezone.now()
    filterset = for_page(CallbackFilter, request, callbacks_for_list(user=request.user), now=now, user=request.user)
    rows = filterset.qs
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _export(request, rows, fmt=fmt, now=now)
    # 200,000 open: no COUNT(*) (the tabs carry capped counts); 25 rows, the next calls to make, not a report
    page = page_of(rows, request, size=QUEUE_PAGE_SIZE, counted=False)
    values = filterset.values()
    sees_teams = may(request.user, "callbacks.view_all_callbacks") or may(request.user, "callbacks.manage_callback")
    context = {
        "page": page,
        "rows": page.object_list,
        "count": capped_count(rows),
        "sort_key": filterset.sort_key,
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


def _yes_no(value) -> str:
    return "" if value is None else _("Yes") if value else _("No")


def _export(request, queryset, *, fmt: str, now) -> HttpResponse:
    """The filtered callbacks as .xlsx or .csv (D-2): the resident masked unless the user may see personal data in
    full (compliance's rule, X-3), the export recorded (P-1)."""
    full = may_unmask(request.user)
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
        pgettext("callback", "Due at"),
        pgettext("callback", "Late"),
        _("Appointment"),
        _("Failed attempts"),
        pgettext("callback", "Done at"),
        _("Problem solved"),
        pgettext("callback", "Score"),
    ]

    kind_label = exports.labels(Callback, "kind")
    status_label = exports.labels(Callback, "status")

    def row(c: Callback) -> list:
        return [
            c.number,
            kind_label(c.kind),
            c.matter_number,
            status_label(c.status),
            c.name if full else c.name_masked,
            c.phone if full else c.phone_masked,
            c.station.name if c.station_id else "",
            c.team.name if c.team_id else "",
            str(c.assignee) if c.assignee_id else "",
            text.detail_time(c.due_at),
            _("Yes") if c.is_open and c.deadline_at < now else "",
            text.detail_time(c.appointment_at),
            c.attempts,
            text.detail_time(c.done_at),
            _yes_no(c.solved),
            c.score if c.score is not None else "",
        ]

    return exports.export_response(
        request,
        list_code="callbacks",
        title=_("Callbacks"),
        header=header,
        queryset=queryset,
        row=row,
        fmt=fmt,
        personal_data_in_full=full,
    )


# --- satisfaction (K-5, ISO 10004) ------------------------------------------------------------------------------


class SatisfactionFilter(forms.Form):
    """A month, or a range of days; neither: last month and this month to date."""

    month = forms.CharField(label=gettext_lazy("Month"), required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            year, month = periods.parse_month(value)
        except ValueError:
            raise forms.ValidationError(gettext_lazy("Enter a month as YYYY-MM.")) from None
        return date(year, month, 1)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            raise forms.ValidationError(gettext_lazy("Enter both days of the range, or neither."))
        if start and end:
            if start > end:
                self.add_error("end", gettext_lazy("The range ends before it starts."))
            elif (end - start).days > 366:
                self.add_error("end", gettext_lazy("Choose a range of at most a year."))
        return data

    def periods(self, today: date) -> list[tuple[date, date]]:
        if self.is_valid():
            if self.cleaned_data.get("start"):
                return [(self.cleaned_data["start"], self.cleaned_data["end"])]
            if self.cleaned_data.get("month"):
                return [periods.month_of(self.cleaned_data["month"])]
        first = today.replace(day=1)
        return [periods.month_of(first - timedelta(days=1)), (first, today)]


def _satisfaction_sections(ranges: list[tuple[date, date]]) -> list[dict]:
    found = []
    for start, end in ranges:
        figures = satisfaction.satisfaction(start=start, end=end)
        found.append({"start": start, "end": end, "figures": figures, "blocks": satisfaction.blocks(figures)})
    return found


def _satisfaction_xlsx(sections: list[dict], *, exported_by: str) -> bytes:
    book = exports.new_workbook()
    sheet = book.active
    sheet.title = str(_("Satisfaction"))[:31]
    rows = [row for section in sections for block in section["blocks"] for row in [block["header"], *block["rows"]]]
    exports.sheet_setup(sheet, widths=exports.column_widths(rows), header_rows=1, exported_by=exported_by)
    exports.append(sheet, [str(_("Callback satisfaction"))], bold=True)
    exports.append(sheet, [str(satisfaction.DEFINITION)])
    for section in sections:
        exports.append(sheet, [])
        exports.append(sheet, [f"{report_date(section['start'])} – {report_date(section['end'])}"], bold=True)
        for block in section["blocks"]:
            exports.append(sheet, [])
            exports.append(sheet, [block["heading"]], bold=True)
            exports.append(sheet, block["header"], bold=True)
            for row in block["rows"]:
                exports.append(sheet, row)
    return exports.workbook_bytes(book)


@login_required
def satisfaction_report(request):
    if not may(request.user, "callbacks.view_satisfaction"):
        raise PermissionDenied
    today = timezone.localdate()
    form = SatisfactionFilter(request.GET or None)
    sections = _satisfaction_sections(form.periods(today))
    if request.GET.get("format") == "xlsx":
        first, last = sections[0]["start"], sections[-1]["end"]
        return exports.attachment(
            _satisfaction_xlsx(sections, exported_by=str(request.user)),
            filename=f"callback-satisfaction-{first.isoformat()}-{last.isoformat()}.xlsx",
            content_type=exports.XLSX_TYPE,
        )
    query = request.GET.copy()
    query["format"] = "xlsx"
    context = {
        "form": form,
        "sections": sections,
        "definition": satisfaction.DEFINITION,
        "xlsx_query": query.urlencode(),
    }
    return render(request, "callbacks/satisfaction.html", context)
