"""Customer-record pages: masked lists, logged detail, disclosures, the access log, law-enforcement requests,
archive loans, confidentiality levels and retention (P-1 … P-7, X-3). Permissions through csc.permissions only.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts.roles import Role
from compliance import workflow
from compliance.confidentiality import Level, clearance_matrix
from compliance.filters import AccessLogFilter, CustomerFilter, EnforcementFilter, ExportRecordFilter, LoanFilter
from compliance.forms import (
    ArchiveLoanForm,
    CloseCustomerForm,
    DisclosureForm,
    EnforcementActionForm,
    EnforcementRequestForm,
    LoanActionForm,
    PurposeForm,
)
from compliance.models import AccessChannel, AccessLogEntry, ArchiveLoan, Disclosure, EnforcementRequest, ExportRecord
from compliance.retention import record_type_label, retention_plan, retention_run
from compliance.selectors import (
    access_log_visible_to,
    customers_visible_to,
    destruction_log,
    disclosures_of,
    enforcement_requests_visible_to,
    events_of,
    export_records_visible_to,
    loans_visible_to,
    retention_runs,
    unusual_access,
)
from compliance.services import (
    access_log_record,
    archive_loan_act,
    archive_loan_register,
    customer_close,
    customer_disclose,
    customer_export_row,
    customers_export_log,
    disclosure_print,
    disclosure_record,
    enforcement_request_approve,
    enforcement_request_fulfil,
    enforcement_request_register,
    enforcement_request_reject,
    may_unmask,
)
from csc import exports, text
from csc.api import DomainError
from csc.filters import filter_values, for_page
from csc.http import client_ip
from csc.pagination import capped_count, page_of, query_without_page
from csc.permissions import access_or_404, may
from customers.models import Customer

CUSTOMER_EXPORT_LIMIT = 5000  # customers per export: each one is written to the access log as well


def _require(request, perm: str) -> None:
    if not may(request.user, perm):
        raise PermissionDenied


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has it, else on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- customers ----------------------------------------------------------------------------------------------


@login_required
def customer_list(request):
    _require(request, "customers.view_customer")
    filterset = for_page(CustomerFilter, request, customers_visible_to(user=request.user))
    page = page_of(filterset.qs, request, size=25, counted=False)
    access_log_record(
        user=request.user,
        customers=page.object_list,
        channel=AccessChannel.LIST,
        fields=["name", "phones", "addresses"],
        unmasked=False,
        ip_address=client_ip(request),
    )
    template = "compliance/_customer_rows.html" if request.htmx else "compliance/customer_list.html"
    context = {
        "page": page,
        "q": filter_values(filterset)["q"],
        "may_export": may(request.user, "customers.export_customer"),
    }
    return render(request, template, context)


@login_required
@require_POST
def customer_export(request):
    """The customer list as CSV (at most CUSTOMER_EXPORT_LIMIT), masked unless the exporter may see personal data in
    full; the purpose is asked for, every exported customer is written to the access log and the export recorded
    (P-1, P-5)."""
    _require(request, "customers.export_customer")
    form = PurposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the purpose of the export."))
        return redirect("compliance:customer_list")
    customers = CustomerFilter(request.POST, queryset=customers_visible_to(user=request.user)).qs
    customers = customers.prefetch_related("phones", "addresses")[:CUSTOMER_EXPORT_LIMIT]
    purpose = form.cleaned_data["purpose"]
    searched = request.POST.get("q", "").strip()  # the customer list's one filter, sent with the purpose
    customers_export_log(customers=customers, actor=request.user, purpose=purpose, ip_address=client_ip(request))
    header = [
        _("Id"),
        pgettext("records protection", "Name"),
        pgettext("records protection", "Phone"),
        pgettext("records protection", "Address"),
        _("Account number"),
        _("Company"),
    ]
    full = may_unmask(request.user)
    return exports.export_response(
        request,
        list_code="customers",
        title=_("Customers"),
        header=header,
        queryset=customers,
        row=partial(customer_export_row, full=full),
        fmt="csv",
        personal_data_in_full=full,
        purpose=purpose,
        filters=urlencode({"q": searched}) if searched else "",
        back=reverse("compliance:customer_list"),
    )


@login_required
def customer_detail(request, pk: int):
    customer = access_or_404(
        request.user,
        "customers.view_customer",
        Customer.objects.prefetch_related("phones", "addresses"),
        pk=pk,
        is_active=True,
    )
    want_full = request.method == "POST" and request.POST.get("reveal") == "1"
    purpose = request.POST.get("purpose", "").strip() if want_full else ""
    error = ""
    if want_full and not purpose:
        error = "purpose"
        want_full = False
    view = customer_disclose(
        customer=customer,
        actor=request.user,
        channel=AccessChannel.PAGE,
        purpose=purpose,
        want_full=want_full,
        ip_address=client_ip(request),
    )
    context = {
        "customer": customer,
        "view": view,
        "may_unmask": may_unmask(request.user),
        "may_disclose": may(request.user, "compliance.add_disclosure"),
        "may_close": may(request.user, "customers.close_customer"),
        "disclosures": disclosures_of(user=request.user, customer=customer)[:10]
        if may(request.user, "compliance.view_disclosure")
        else [],
        "close_form": CloseCustomerForm(),
        "error": error,
    }
    return render(request, "compliance/customer_detail.html", context)


@login_required
@require_POST
def customer_close_view(request, pk: int):
    customer = access_or_404(request.user, "customers.close_customer", Customer.objects.all(), pk=pk, is_active=True)
    form = CloseCustomerForm(request.POST)
    if form.is_valid():
        try:
            customer_close(customer=customer, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("compliance:customer_detail", pk=pk)
        messages.success(request, _("The account is closed; its retention period starts today."))
        return redirect("compliance:customer_list")
    messages.error(request, _("Give the reason the account is closed."))
    return redirect("compliance:customer_detail", pk=pk)


# --- P-2 disclosures ----------------------------------------------------------------------------------------


@login_required
def disclosure_new(request, pk: int):
    customer = access_or_404(request.user, "compliance.add_disclosure", Customer.objects.all(), pk=pk, is_active=True)
    form = DisclosureForm(request.POST or None, initial={"channel": "front_desk"})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = disclosure_record(
                customer=customer, actor=request.user, ip_address=client_ip(request), **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if disclosure.verified:
                messages.success(request, _("Identity verified. The disclosure is recorded."))
            else:
                messages.error(
                    request,
                    _("Identity not verified: %(reason)s Nothing may be disclosed.")
                    % {"reason": disclosure.failure_reason},
                )
            return redirect("compliance:disclosure_detail", pk=disclosure.pk)
    return render(request, "compliance/disclosure_form.html", {"customer": customer, "form": form})


@login_required
def disclosure_detail(request, pk: int):
    disclosure = access_or_404(
        request.user, "compliance.view_disclosure", Disclosure.objects.select_related("customer", "actor"), pk=pk
    )
    context = {
        "disclosure": disclosure,
        "prints": disclosure.prints.select_related("printed_by"),
        "may_print": disclosure.verified and may(request.user, "compliance.print_disclosure"),
    }
    return render(request, "compliance/disclosure_detail.html", context)


@login_required
@require_POST
def disclosure_print_view(request, pk: int):
    """Record the printout and render it: it carries who printed it and when (P-2)."""
    disclosure = access_or_404(
        request.user,
        "compliance.print_disclosure",
        Disclosure.objects.select_related("customer").prefetch_related("customer__phones", "customer__addresses"),
        pk=pk,
    )
    try:
        printout = disclosure_print(disclosure=disclosure, actor=request.user, ip_address=client_ip(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("compliance:disclosure_detail", pk=pk)
    customer = disclosure.customer
    context = {
        "disclosure": disclosure,
        "printout": printout,
        "customer": customer,
        "phones": [p.number for p in customer.phones.all()],
        "addresses": [a.address for a in customer.addresses.all()],
    }
    return render(request, "compliance/disclosure_print.html", context)


# --- P-1 access log -----------------------------------------------------------------------------------------


def _access_row(entry, channel_label) -> list:
    return [
        text.exact_time(entry.at),
        entry.user.username,
        entry.user.agent_number or "",
        entry.customer_id,
        channel_label(entry.channel),
        entry.fields,
        "1" if entry.unmasked else "0",
        entry.purpose,
        entry.ip_address or "",
    ]


@login_required
def access_log(request):
    _require(request, "compliance.view_accesslogentry")
    filterset = for_page(AccessLogFilter, request, access_log_visible_to(user=request.user))
    entries = filterset.qs
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        header = [
            _("At"),
            _("Staff"),
            _("Agent number"),
            _("Customer"),
            pgettext("records protection", "Channel"),
            _("Fields"),
            _("In full"),
            _("Purpose"),
            _("IP address"),
        ]
        return exports.export_response(
            request,
            list_code="access_log",
            title=_("Access log"),
            header=header,
            queryset=entries,
            row=partial(_access_row, channel_label=exports.labels(AccessLogEntry, "channel")),
            fmt=fmt,
        )
    page = page_of(entries, request, counted=False)  # the log only grows: no COUNT(*), a capped count
    context = {
        "page": page,
        "form": filterset.form,
        "query": query_without_page(request.GET),
        "count": capped_count(entries),
        "sort_key": filterset.sort_key,
    }
    template = "compliance/_access_rows_page.html" if request.htmx else "compliance/access_log.html"
    return render(request, template, context)


def _export_row(record, format_label, yes_no) -> list:
    return [
        text.exact_time(record.at),
        record.user.username,
        record.user.agent_number or "",
        exports.list_title(record.list_code),
        format_label(record.format),
        record.filters,
        record.row_count,
        yes_no[record.personal_data_in_full],
        record.purpose,
        record.ip_address or "",
    ]


@login_required
def export_log(request):
    """Every export of a list (P-1, D-2): who, when, which list and filters, how many rows, personal data in full."""
    _require(request, "compliance.view_exportrecord")
    filterset = for_page(ExportRecordFilter, request, export_records_visible_to(user=request.user))
    records = filterset.qs
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        header = [
            _("At"),
            _("Staff"),
            _("Agent number"),
            pgettext("export", "List"),
            pgettext("export", "Format"),
            pgettext("export", "Filters"),
            pgettext("export", "Rows"),
            _("Personal data in full"),
            _("Purpose"),
            _("IP address"),
        ]
        return exports.export_response(
            request,
            list_code="export_log",
            title=_("Export log"),
            header=header,
            queryset=records,
            row=partial(
                _export_row,
                format_label=exports.labels(ExportRecord, "format"),
                yes_no={True: str(_("Yes")), False: str(_("No"))},
            ),
            fmt=fmt,
        )
    page = page_of(records, request, counted=False)
    context = {
        "page": page,
        "rows": [(record, exports.list_title(record.list_code)) for record in page.object_list],
        "form": filterset.form,
        "query": query_without_page(request.GET),
        "count": capped_count(records),
        "sort_key": filterset.sort_key,
    }
    template = "compliance/_export_rows_page.html" if request.htmx else "compliance/export_log.html"
    return render(request, template, context)


@login_required
def access_unusual(request):
    _require(request, "compliance.view_accesslogentry")
    rows = unusual_access()
    context = {
        "rows": rows,
        "window_days": settings.UNUSUAL_ACCESS_WINDOW_DAYS,
        "sigma": settings.UNUSUAL_ACCESS_SIGMA,
        "floor": settings.UNUSUAL_ACCESS_MIN_CUSTOMERS,
    }
    return render(request, "compliance/access_unusual.html", context)


# --- P-3 law-enforcement requests ---------------------------------------------------------------------------


@login_required
def enforcement_list(request):
    _require(request, "compliance.view_enforcementrequest")
    data = request.GET.copy()
    data.setdefault("status", "open")  # the page opens on what is still to be done
    filterset = for_page(EnforcementFilter, request, enforcement_requests_visible_to(user=request.user), data=data)
    status = filter_values(filterset)["status"]
    page = page_of(filterset.qs, request, size=25)
    context = {"page": page, "status": status, "may_add": may(request.user, "compliance.add_enforcementrequest")}
    return render(request, "compliance/enforcement_list.html", context)


@login_required
def enforcement_new(request):
    _require(request, "compliance.add_enforcementrequest")
    form = EnforcementRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enforcement = enforcement_request_register(
                actor=request.user,
                customer_ids=data.pop("customers"),
                **data,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if enforcement.refusal_reason:
                messages.error(request, _("Refused by the system: %(reason)s") % {"reason": enforcement.refusal_reason})
            else:
                messages.success(request, _("Registered; it now waits for the compliance officer's approval."))
            return redirect("compliance:enforcement_detail", number=enforcement.number)
    return render(request, "compliance/enforcement_form.html", {"form": form})


def _enforcement(request, number: str, perm: str = "compliance.view_enforcementrequest") -> EnforcementRequest:
    return access_or_404(
        request.user,
        perm,
        EnforcementRequest.objects.select_related("registered_by").prefetch_related("customers"),
        number=number,
    )


@login_required
def enforcement_detail(request, number: str):
    enforcement = _enforcement(request, number)
    actions = [t.name for t in workflow.ENFORCEMENT.available(enforcement, request.user)]
    context = {
        "r": enforcement,
        "actions": actions,
        "events": events_of(target=enforcement),
        "form": EnforcementActionForm(initial={"records": enforcement.records_requested}),
    }
    return render(request, "compliance/enforcement_detail.html", context)


@login_required
@require_POST
def enforcement_act(request, number: str, action: str):
    enforcement = _enforcement(request, number)
    form = EnforcementActionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        if action == "approve":
            enforcement_request_approve(request=enforcement, actor=request.user, note=data.get("note", ""))
        elif action == "reject":
            enforcement_request_reject(request=enforcement, actor=request.user, reason=data.get("note", ""))
        elif action == "fulfil":
            enforcement_request_fulfil(
                request=enforcement,
                actor=request.user,
                records=data.get("records") or [],
                handed_over=data.get("handed_over", ""),
                ip_address=client_ip(request),
            )
        else:
            raise Http404
    except (DomainError, ValidationError) as error:
        text = error.message if isinstance(error, DomainError) else " ".join(error.messages)
        messages.error(request, text)
    return redirect("compliance:enforcement_detail", number=number)


@login_required
def enforcement_letter(request, number: str):
    """The letter scan, only to those who may see the request; served from storage, never by a public URL."""
    enforcement = _enforcement(request, number)
    if not enforcement.letter_scan:
        raise Http404
    response = FileResponse(enforcement.letter_scan.open("rb"), content_type=enforcement.letter_content_type)
    response["Content-Disposition"] = f'inline; filename="{enforcement.number}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- P-4 archive loans --------------------------------------------------------------------------------------


@login_required
def loan_list(request):
    _require(request, "compliance.view_archiveloan")
    filterset = for_page(LoanFilter, request, loans_visible_to(user=request.user))
    status = filter_values(filterset)["status"]
    page = page_of(filterset.qs, request, size=25)
    context = {
        "page": page,
        "status": status,
        "today": timezone.localdate(),
        "may_add": may(request.user, "compliance.add_archiveloan"),
    }
    return render(request, "compliance/loan_list.html", context)


@login_required
def loan_new(request):
    _require(request, "compliance.add_archiveloan")
    form = ArchiveLoanForm(request.POST or None, initial={"borrower": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            loan = archive_loan_register(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Registered; it now waits for a supervisor's approval."))
            return redirect("compliance:loan_detail", number=loan.number)
    return render(request, "compliance/loan_form.html", {"form": form})


@login_required
def loan_detail(request, number: str):
    loan = access_or_404(
        request.user,
        "compliance.view_archiveloan",
        ArchiveLoan.objects.select_related(
            "customer", "borrower", "requested_by", "approved_by", "lent_by", "received_by"
        ),
        number=number,
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        form = LoanActionForm(request.POST)
        form.is_valid()
        try:
            archive_loan_act(loan=loan, actor=request.user, action=action, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            messages.error(request, error.message if isinstance(error, DomainError) else " ".join(error.messages))
        return redirect("compliance:loan_detail", number=number)
    context = {
        "loan": loan,
        "actions": [t.name for t in workflow.LOAN.available(loan, request.user)],
        "events": events_of(target=loan),
        "overdue": loan.status == "lent" and loan.due_date < timezone.localdate(),
    }
    return render(request, "compliance/loan_detail.html", context)


# --- P-5 confidentiality, P-7 retention ---------------------------------------------------------------------


@login_required
def levels(request):
    _require(request, "compliance.view_accesslogentry")
    roles = [(r.value, r.label) for r in Role]
    context = {"roles": roles, "rows": clearance_matrix([r for r, _label in roles]), "levels": Level}
    return render(request, "compliance/levels.html", context)


@login_required
def retention(request):
    _require(request, "compliance.view_retentionrun")
    if request.method == "POST":
        _require(request, "compliance.run_retention")
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Tick the confirmation: destruction cannot be undone."))
        else:
            report = retention_run(dry_run=False, actor=request.user)
            messages.success(request, _("Retention run done: %(total)d records destroyed.") % {"total": report.total})
        return redirect("compliance:retention")
    entries = list(destruction_log(user=request.user)[:50])
    for entry in entries:
        entry.record_label = record_type_label(entry.record_type)
    context = {
        "plan": retention_plan(),
        "runs": retention_runs(user=request.user)[:20],
        "entries": entries,
        "may_run": may(request.user, "compliance.run_retention"),
        "today": date.today(),  # noqa: DTZ011
    }
    return render(request, "compliance/retention.html", context)
