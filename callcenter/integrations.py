"""The desk's doors into the tickets and complaints apps: their services and selectors are called, never copied.

The repair tab calls tickets.services.ticket_create (routing T-3 included), the complaint tab calls
complaints.services.complaint_register; both get the call and the customer so nothing is typed twice:
an empty name, phone or address field means "as on the customer's record", filled in here on the server,
so the screen stays masked (X-3) while the ticket carries the real data.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from callcenter.models import Call, CallLink, CallType
from complaints.choices import OPEN_STATUSES as COMPLAINT_OPEN_STATUSES
from complaints.choices import Severity as ComplaintSeverity
from complaints.models import Complaint, ComplaintCategory
from complaints.services import complaint_register
from csc.api import DomainError
from csc.permissions import may, scope
from csc.scripts import closing_line
from customers import masking
from tickets.choices import OPEN_STATUSES as TICKET_OPEN_STATUSES
from tickets.choices import Category
from tickets.choices import Severity as TicketSeverity
from tickets.models import Station, Ticket
from tickets.selectors import outage_for_route
from tickets.services import route_preview, ticket_create


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- what the screen-pop shows -------------------------------------------------------------------------


def open_tickets_by_customer(customer_ids: list[int]) -> dict[int, list[dict]]:
    """Open repair tickets of these customers (one query)."""
    found: dict[int, list[dict]] = {}
    rows = (
        Ticket.objects.filter(customer_id__in=customer_ids, status__in=TICKET_OPEN_STATUSES)
        .select_related("station")
        .only("number", "status", "category", "customer_id", "created_at", "station__name")
    )
    for ticket in rows.order_by("-created_at")[:50]:
        found.setdefault(ticket.customer_id, []).append(
            {
                "number": ticket.number,
                "status": ticket.get_status_display(),
                "title": f"{ticket.get_category_display()} · {ticket.station.name if ticket.station_id else '—'}",
                "url": _url("tickets:ticket_detail", ticket.number),
            }
        )
    return found


def open_complaints_by_customer(customer_ids: list[int]) -> dict[int, list[dict]]:
    """Open complaints of these customers (one query)."""
    found: dict[int, list[dict]] = {}
    rows = Complaint.objects.filter(customer_id__in=customer_ids, status__in=COMPLAINT_OPEN_STATUSES).only(
        "number", "status", "subject", "customer_id"
    )
    for complaint in rows.order_by("-id")[:50]:
        found.setdefault(complaint.customer_id, []).append(
            {
                "number": complaint.number,
                "status": complaint.get_status_display(),
                "title": complaint.subject,
                "url": _url("complaints:detail", complaint.number),
            }
        )
    return found


def links_for_call(call: Call) -> list[dict]:
    """Every ticket and complaint the call created or concerned (K-1)."""
    links = []
    for ticket in Ticket.objects.filter(call=call):
        links.append(_ticket_link(ticket, _("created")))
    for complaint in Complaint.objects.filter(call=call):
        links.append(_complaint_link(complaint, _("created")))
    for link in CallLink.objects.filter(call=call).select_related("ticket", "complaint"):
        if link.ticket_id:
            links.append(_ticket_link(link.ticket, _("concerned")))
        else:
            links.append(_complaint_link(link.complaint, _("concerned")))
    return links


def _ticket_link(ticket, relation: str) -> dict:
    return {
        "label": _("Repair ticket"),
        "number": ticket.number,
        "relation": relation,
        "url": _url("tickets:ticket_detail", ticket.number),
    }


def _complaint_link(complaint, relation: str) -> dict:
    return {
        "label": _("Complaint"),
        "number": complaint.number,
        "relation": relation,
        "url": _url("complaints:detail", complaint.number),
    }


# --- record values the agent does not retype -----------------------------------------------------------


def _record_values(call: Call | None, customer) -> dict[str, str]:
    """The caller's name, phone and address from the record (real values: used on the server only)."""
    values = {"name": "", "phone": "", "address": ""}
    if customer is not None:
        values["name"] = customer.name
        phones = list(customer.phones.all())
        addresses = list(customer.addresses.all())
        values["phone"] = phones[0].number if phones else ""
        values["address"] = addresses[0].address if addresses else ""
    if call is not None and call.customer_number:
        values["phone"] = call.customer_number  # the number actually on the line
    return values


def _masked(values: dict[str, str]) -> dict[str, str]:
    return {
        "name": masking.mask_name(values["name"]),
        "phone": masking.mask_phone(values["phone"]),
        "address": masking.mask_address(values["address"]),
    }


def _set_type(call: Call | None, call_type: str) -> None:
    if call is not None and not call.call_type:
        Call.objects.filter(pk=call.pk, call_type="").update(call_type=call_type)


# --- the repair tab ------------------------------------------------------------------------------------


class TicketTabForm(forms.Form):
    category = forms.ChoiceField(label=pgettext_lazy("call centre", "Problem"))
    fault_location = forms.CharField(label=gettext_lazy("Fault location"), max_length=100, required=False)
    severity = forms.ChoiceField(label=pgettext_lazy("call centre", "Severity"))
    description = forms.CharField(label=pgettext_lazy("call centre", "Description"), required=False, max_length=2000)
    address = forms.CharField(label=pgettext_lazy("call centre", "Address"), max_length=200, required=False)
    caller_name = forms.CharField(label=gettext_lazy("Caller's name"), max_length=60, required=False)
    caller_phone = forms.CharField(label=pgettext_lazy("call centre", "Phone"), max_length=40, required=False)
    confirmed_content = forms.BooleanField(required=False)
    confirmed_address = forms.BooleanField(required=False)
    confirmed_name = forms.BooleanField(required=False)
    confirmed_phone = forms.BooleanField(required=False)
    station = forms.ModelChoiceField(queryset=None, required=False)
    override_reason = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = Category.choices
        self.fields["severity"].choices = TicketSeverity.choices
        self.fields["severity"].initial = TicketSeverity.NORMAL
        self.fields["station"].queryset = Station.objects.filter(is_active=True)


def ticket_tab_context(*, request, call, customer, form: TicketTabForm | None = None, created=None) -> dict:
    if not may(request.user, "tickets.add_ticket"):
        return {"available": False}

    record = _record_values(call, customer)
    address = (form.data.get("address") if form is not None and form.is_bound else "") or record["address"]
    route = route_preview(address=address) if address else None
    return {
        "available": True,
        "template": "callcenter/_ticket_form.html",
        "form": form or TicketTabForm(),
        "record": _masked(record),
        "route": route,
        "outage": outage_for_route(route),
        "closing_script": closing_line(request.user),
        "created": created,
    }


def ticket_tab_post(*, request, call, customer):
    """Create the repair ticket through tickets.services.ticket_create; its ValidationError shows per field."""

    if not may(request.user, "tickets.add_ticket"):
        raise DomainError(_("You may not open repair tickets."), code="forbidden")
    form = TicketTabForm(request.POST)
    created = None
    if form.is_valid():
        data = form.cleaned_data
        record = _record_values(call, customer)
        try:
            with transaction.atomic():
                created = ticket_create(
                    category=data["category"],
                    fault_location=data["fault_location"],
                    severity=data["severity"],
                    description=data["description"],
                    address=data["address"] or record["address"],
                    caller_name=data["caller_name"] or record["name"],
                    caller_phone=data["caller_phone"] or record["phone"],
                    confirmed_content=data["confirmed_content"],
                    confirmed_address=data["confirmed_address"],
                    confirmed_name=data["confirmed_name"],
                    confirmed_phone=data["confirmed_phone"],
                    station=data["station"],
                    override_reason=data["override_reason"],
                    call=call,
                    customer=customer,
                    actor=request.user,
                )
                _set_type(call, CallType.REPAIR)
        except ValidationError as error:
            _apply(form, error)
    context = {
        "ticket_tab": ticket_tab_context(
            request=request, call=call, customer=customer, form=None if created else form, created=created
        )
    }
    context.update({"call": call, "chosen_customer": customer})
    return "callcenter/_tab_ticket.html", context, 200 if created else 422


def _apply(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# --- the complaint tab ---------------------------------------------------------------------------------


class ComplaintTabForm(forms.Form):
    category = forms.ModelChoiceField(label=pgettext_lazy("call centre", "Category"), queryset=None)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    statement = forms.CharField(label=gettext_lazy("What the customer says"), max_length=5000)
    remedy_sought = forms.CharField(label=gettext_lazy("Remedy sought"), max_length=500, required=False)
    severity = forms.ChoiceField(label=pgettext_lazy("call centre", "Severity"))
    complainant_name = forms.CharField(label=gettext_lazy("Complainant"), max_length=80, required=False)
    complainant_phone = forms.CharField(label=pgettext_lazy("call centre", "Phone"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ComplaintCategory.objects.filter(is_active=True)
        self.fields["severity"].choices = ComplaintSeverity.choices
        self.fields["severity"].initial = ComplaintSeverity.NORMAL


def complaint_tab_context(*, request, call, customer, form: ComplaintTabForm | None = None, created=None) -> dict:
    if not may(request.user, "complaints.add_complaint"):
        return {"available": False}
    return {
        "available": True,
        "template": "callcenter/_complaint_form.html",
        "form": form or ComplaintTabForm(),
        "record": _masked(_record_values(call, customer)),
        "created": created,
    }


def complaint_tab_post(*, request, call, customer):
    """Register the complaint through complaints.services.complaint_register (the agent becomes its owner, C-3)."""

    if not may(request.user, "complaints.add_complaint"):
        raise DomainError(_("You may not register complaints."), code="forbidden")
    form = ComplaintTabForm(request.POST)
    created = None
    if form.is_valid():
        data = form.cleaned_data
        record = _record_values(call, customer)
        name = data["complainant_name"] or record["name"]
        phone = data["complainant_phone"] or record["phone"]
        if not name:
            form.add_error("complainant_name", _("Enter the complainant's name."))
        if not phone:
            form.add_error("complainant_phone", _("Enter the complainant's phone."))
        if not form.errors:
            try:
                with transaction.atomic():
                    created = complaint_register(
                        actor=request.user,
                        category=data["category"],
                        complainant_name=name,
                        complainant_phone=phone,
                        subject=data["subject"],
                        statement=data["statement"],
                        remedy_sought=data["remedy_sought"],
                        severity=data["severity"],
                        channel="phone",
                        customer=customer,
                        call=call,
                    )
                    _set_type(call, CallType.COMPLAINT)
            except ValidationError as error:
                _apply(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
    context = {
        "complaint_tab": complaint_tab_context(
            request=request, call=call, customer=customer, form=None if created else form, created=created
        ),
        "call": call,
    }
    return "callcenter/_tab_complaint.html", context, 200 if created else 422


# --- the attach tab ------------------------------------------------------------------------------------


def attach_tab_post(*, request, call, customer):
    """Attach the call to an existing ticket or complaint the agent may see, by its number."""
    number = request.POST.get("number", "").strip()
    context = {"call": call, "attach_number": number}
    if call is None:
        context.update(attach_message=_("Only a call can be attached."), attach_ok=False)
        return "callcenter/_tab_attach.html", context, 422
    ticket = scope(request.user, Ticket.objects.all(), "tickets.view_ticket").filter(number=number).first()
    complaint = None
    if ticket is None:
        complaint = (
            scope(request.user, Complaint.objects.all(), "complaints.view_complaint").filter(number=number).first()
        )
    if ticket is None and complaint is None:
        context.update(attach_message=_("No repair ticket or complaint you may see has this number."), attach_ok=False)
        return "callcenter/_tab_attach.html", context, 422
    try:
        with transaction.atomic():
            CallLink.objects.create(call=call, ticket=ticket, complaint=complaint, linked_by=request.user)
    except IntegrityError:
        context.update(attach_message=_("This call is attached to %(n)s already.") % {"n": number}, attach_ok=True)
        return "callcenter/_tab_attach.html", context, 200
    context.update(attach_message=_("Call attached to %(n)s.") % {"n": number}, attach_ok=True)
    return "callcenter/_tab_attach.html", context, 200
