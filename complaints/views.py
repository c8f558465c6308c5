"""Complaint pages: register, lists, the complaint with its timeline and actions, public status, statistics,
the SMS outbox and the settings supervisors edit. Thin: input through the same serializers as the API, writes
through the services, reads through the selectors.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError as DrfValidationError

from accounts.models import User
from complaints import selectors, services, workflow
from complaints import statistics_tables as statistics_layout
from complaints.actions import ACTION_SPECS, run_action
from complaints.api.serializers import ComplaintRegisterSerializer
from complaints.choices import CauseClass, Channel, Kind, RemedyType, Severity, Status, Validity
from complaints.filters import ComplaintFilter
from complaints.models import ApprovalLevel, Complaint, ComplaintCategory, Department
from complaints.services import complaint_register
from complaints.throttles import STATUS_THROTTLES
from compliance.services import may_unmask
from csc import exports, periods, text
from csc.api import DomainError
from csc.filters import filter_values
from csc.http import in_customers_language
from csc.pagination import Window, capped_count, query_without_page
from csc.permissions import access_or_404, may
from csc.throttling import throttled

VIEW = "complaints.view_complaint"
GENERAL = "general"  # errors not tied to one field (templates cannot read "__all__")


def _errors_of(exc) -> dict:
    """Per-field messages from a DRF or Django validation error, as plain lists of strings."""
    if isinstance(exc, DrfValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {GENERAL: exc.detail}
        errors = {field: _flatten(value) for field, value in detail.items()}
    elif hasattr(exc, "error_dict"):
        errors = {field: list(msgs) for field, msgs in exc.message_dict.items()}
    else:
        errors = {GENERAL: exc.messages}
    for key in ("__all__", "non_field_errors"):
        if key in errors:
            errors.setdefault(GENERAL, []).extend(errors.pop(key))
    return errors


def _flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [str(m) for v in value.values() for m in _flatten(v)]
    if isinstance(value, list):
        return [str(m) for v in value for m in _flatten(v)]
    return [str(value)]


def _post_or_too_big(request):
    """request.POST, or None when the body is over the upload limit (a 10 MB description)."""
    try:
        return request.POST
    except RequestDataTooBig:
        return None


# --- lists ---------------------------------------------------------------------------------------------


def _list(request, *, mine: bool, title: str):
    if not may(request.user, VIEW):
        raise PermissionDenied
    now = timezone.now()
    filterset = ComplaintFilter(
        request.GET, queryset=selectors.complaints_for_list(user=request.user, mine=mine), now=now
    )
    queryset = filterset.qs
    errors = {name: list(messages_) for name, messages_ in filterset.form.errors.items()}
    fmt = exports.requested_format(request)
    if fmt and not errors:
        return _export(request, queryset, fmt=fmt, now=now, mine=mine, title=title)
    page = Window(queryset, request.GET.get("page"))
    context = {
        "title": title,
        "mine": mine,
        "count": capped_count(queryset),
        "sort_key": filterset.sort_key,
        "detail_prefix": reverse("complaints:list"),  # rows link to prefix + number + "/": no reverse() per row
        "rows": page.object_list,
        "page": page,
        "query": query_without_page(request.GET),
        "filters": filter_values(filterset),
        "errors": errors,
        "now": now,
        "statuses": Status.choices,
        "channels": Channel.choices,
        "kinds": Kind.choices,
        "categories": ComplaintCategory.objects.all(),
        "owners": User.objects.filter(is_active=True, agent_number__isnull=False).order_by("agent_number")
        if not mine
        else [],
        "may_register": may(request.user, "complaints.add_complaint"),
    }
    template = "complaints/_rows.html" if request.htmx else "complaints/list.html"
    return render(request, template, context, status=400 if errors else 200)


def _export(request, queryset, *, fmt: str, now, mine: bool, title: str):
    """The filtered list as .xlsx or .csv (D-2): the complainant masked unless the user may see personal data in
    full (compliance's rule), the export recorded (P-1)."""
    full = may_unmask(request.user)

    header = [
        pgettext("complaint", "Number"),
        _("Subject"),
        pgettext("complaint", "Category"),
        _("Status"),
        pgettext("complaint", "Severity"),
        pgettext("complaint", "Channel"),
        _("Owner"),
        _("Complainant"),
        pgettext("complaint", "Phone"),
        pgettext("complaint", "Registered"),
        _("Due"),
        pgettext("complaint", "Overdue"),
        pgettext("complaint", "Closed"),
    ]

    channel_label = exports.labels(Complaint, "channel")
    severity_label = exports.labels(Complaint, "severity")
    status_label = exports.labels(Complaint, "status")

    def row(c: Complaint) -> list:
        return [
            c.number,
            c.subject,
            c.category.name,
            status_label(c.status),
            severity_label(c.severity),
            channel_label(c.channel),
            str(c.owner),
            c.complainant_name if full else c.name_masked,
            c.complainant_phone if full else c.phone_masked,
            text.detail_time(c.registered_at),
            text.detail_time(c.due_at),
            _("Yes") if c.is_overdue(now) else "",
            text.detail_time(c.closed_at),
        ]

    return exports.export_response(
        request,
        list_code="my_complaints" if mine else "complaints",
        title=title,
        header=header,
        queryset=queryset,
        row=row,
        fmt=fmt,
        personal_data_in_full=full,
    )


@login_required
def complaint_list(request):
    return _list(request, mine=False, title=_("Complaints"))


@login_required
def my_complaints(request):
    return _list(request, mine=True, title=_("My complaints"))


# --- register ------------------------------------------------------------------------------------------


def _register_context(request, data, errors):
    return {
        "data": data,
        "errors": errors,
        "categories": ComplaintCategory.objects.filter(is_active=True),
        "channels": Channel.choices,
        "severities": Severity.choices,
        "kinds": Kind.choices,
    }


@login_required
def register(request):
    """Register a complaint on its own or from the agent desk (`?call=<id>&phone=…&customer=<id>`)."""
    if not may(request.user, "complaints.add_complaint"):
        raise PermissionDenied
    if request.method != "POST":
        initial = {k: request.GET.get(k, "") for k in ("call", "customer", "complainant_phone", "complainant_name")}
        initial["complainant_phone"] = initial["complainant_phone"] or request.GET.get("phone", "")
        return render(request, "complaints/register.html", _register_context(request, initial, {}))
    post = _post_or_too_big(request)
    if post is None:
        errors = {GENERAL: [_("The text is far too long to be a complaint: shorten it and try again.")]}
        return render(request, "complaints/register.html", _register_context(request, {}, errors), status=400)
    serializer = ComplaintRegisterSerializer(
        data=post
    )  # a QueryDict: DRF reads empty inputs and checkboxes as forms send them
    try:
        serializer.is_valid(raise_exception=True)
        complaint = complaint_register(actor=request.user, **serializer.validated_data)
    except (DrfValidationError, DjangoValidationError) as exc:
        return render(
            request, "complaints/register.html", _register_context(request, post, _errors_of(exc)), status=400
        )
    messages.success(
        request,
        _("Complaint %(number)s registered; the number was sent to the customer by SMS.")
        % {"number": complaint.number},
    )
    return redirect("complaints:detail", number=complaint.number)


# --- one complaint -------------------------------------------------------------------------------------


def _detail_context(request, complaint: Complaint, *, form_action: str = "", errors=None, data=None) -> dict:
    complaint = selectors.complaint_detail(pk=complaint.pk)
    participant = services.complainant_disclose(user=request.user, complaint=complaint, channel="page")
    return {
        "complaint": complaint,
        "timeline": list(selectors.timeline(complaint)),
        "actions": workflow.MACHINE.available(complaint, request.user),
        "participant": participant,
        "now": timezone.now(),
        "form_action": form_action,
        "errors": errors or {},
        "data": data or {},
        "categories": ComplaintCategory.objects.filter(is_active=True),
        "departments": Department.objects.filter(is_active=True),
        "staff": User.objects.filter(is_active=True, agent_number__isnull=False).order_by("agent_number"),
        "cause_classes": CauseClass.choices,
        "severities": Severity.choices,
        "validities": Validity.choices,
        "remedy_types": RemedyType.choices,
    }


@login_required
def detail(request, number: str):
    complaint = access_or_404(request.user, VIEW, Complaint.objects.all(), number=number)
    return render(request, "complaints/detail.html", _detail_context(request, complaint))


def _action_data(name: str, post) -> dict:
    data = {k: v for k, v in post.items() if k != "csrfmiddlewaretoken" and v != ""}
    if name == "responsibility":
        departments, percents = post.getlist("department"), post.getlist("percent")
        data["shares"] = [
            {"department": d, "percent": p} for d, p in zip(departments, percents, strict=False) if d or p
        ]
    if name == "note":
        data["correction"] = post.get("correction") == "on"
    return data


@login_required
@require_POST
def action(request, number: str, name: str):
    """Run one workflow action from the complaint page; errors come back on the same page with the form kept."""
    complaint = access_or_404(request.user, VIEW, Complaint.objects.all(), number=number)
    if name not in ACTION_SPECS:
        raise Http404
    post = _post_or_too_big(request)
    if post is None:
        errors = {GENERAL: [_("The text is far too long: shorten it and try again.")]}
        return render(
            request,
            "complaints/detail.html",
            _detail_context(request, complaint, form_action=name, errors=errors),
            status=400,
        )
    data = _action_data(name, post)
    try:
        result = run_action(name, complaint=complaint, actor=request.user, data=data)
    except (DrfValidationError, DjangoValidationError) as exc:
        context = _detail_context(request, complaint, form_action=name, errors=_errors_of(exc), data=post)
        return render(request, "complaints/detail.html", context, status=400)
    except DomainError as exc:
        context = _detail_context(request, complaint, form_action=name, errors={GENERAL: [exc.message]}, data=post)
        return render(request, "complaints/detail.html", context, status=409)
    except PermissionDenied as exc:
        context = _detail_context(request, complaint, form_action=name, errors={GENERAL: [str(exc)]}, data=post)
        return render(request, "complaints/detail.html", context, status=403)
    label = workflow.MACHINE[name].label
    if ACTION_SPECS[name].creates:
        messages.success(request, _("Follow-up complaint %(number)s opened.") % {"number": result.number})
        return redirect("complaints:detail", number=result.number)
    messages.success(request, _("Done: %(action)s.") % {"action": label})
    return redirect("complaints:detail", number=complaint.number)


# --- public status (C-13) ------------------------------------------------------------------------------


@in_customers_language
def public_status(request):
    """The customer checks a complaint by number + phone: status and next promised reply time only."""
    context: dict = {"asked": False}
    number = request.GET.get("number", "").strip()[:16]
    phone = request.GET.get("phone", "").strip()[:30]
    if number or phone:
        if throttled(request, STATUS_THROTTLES):
            return render(request, "complaints/status.html", {"limited": True, "number": number}, status=429)
        context.update(asked=True, number=number, result=selectors.public_status(number=number, phone=phone))
    return render(request, "complaints/status.html", context)


# --- statistics (C-11) ---------------------------------------------------------------------------------


@login_required
def statistics(request):
    if not may(request.user, "complaints.view_complaint_statistics"):
        raise PermissionDenied
    try:
        year, month = periods.parse_month(request.GET.get("month", ""))
    except ValueError:
        year, month = periods.previous_month()
    stats = selectors.monthly_statistics(year=year, month=month)
    context = {
        "stats": stats,
        "blocks": statistics_layout.blocks(stats),
        "month": f"{year:04d}-{month:02d}",
        "first_day": date(year, month, 1),
        "may_report": may(request.user, "reports.view_report"),
    }
    return render(request, "complaints/statistics.html", context)


# --- settings supervisors edit (C-2, C-8, X-6) ---------------------------------------------------------


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ComplaintCategory
        fields = ["code", "name", "domestic_days", "foreign_days", "working_days", "is_active", "sort_order"]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "handles_internal", "is_active"]


class LevelForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members"),
        queryset=User.objects.filter(is_active=True, agent_number__isnull=False).order_by("agent_number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ApprovalLevel
        fields = ["rank", "name", "max_amount", "members"]


SETTINGS_FORMS = {"category": CategoryForm, "department": DepartmentForm, "level": LevelForm}


@login_required
def settings_overview(request):
    if not may(request.user, "complaints.manage_complaint_settings"):
        raise PermissionDenied
    context = {
        "categories": ComplaintCategory.objects.all(),
        "departments": Department.objects.all(),
        "levels": ApprovalLevel.objects.prefetch_related("members"),
    }
    return render(request, "complaints/settings.html", context)


@login_required
def settings_edit(request, kind: str, pk: int | None = None):
    """Edit one category (its deadline policy), department or approval level; the change is in its history.

    A changed policy applies to complaints accepted from now on: registered ones keep their due_at (C-2).
    """
    if not may(request.user, "complaints.manage_complaint_settings"):
        raise PermissionDenied
    form_class = SETTINGS_FORMS.get(kind)
    if form_class is None:
        raise Http404
    instance = None
    if pk is not None:
        instance = form_class._meta.model.objects.filter(pk=pk).first()
        if instance is None:
            raise Http404
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj._history_user = request.user
        obj.save()
        form.save_m2m()
        messages.success(request, _("Saved."))
        return redirect(reverse("complaints:settings"))
    return render(
        request,
        "complaints/settings_form.html",
        {"form": form, "kind": kind, "instance": instance},
        status=400 if request.method == "POST" else 200,
    )
