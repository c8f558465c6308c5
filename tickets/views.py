"""Ticket pages: intake with live routing, lists, detail with the lifecycle buttons, the station's own view,
stations and areas with import, time limits, exception events and outages. One view serves a page and its
htmx partial; every write goes through tickets.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError as InputError

from compliance.services import may_unmask
from csc import exports, text
from csc.api import DomainError
from csc.filters import for_page
from csc.pagination import Window, capped_count, query_without_page
from csc.permissions import access_or_404, may, scope
from csc.scripts import closing_line
from customers.models import CustomerAddress
from tickets import importing, outages, services, workflow
from tickets.actions import ACTION_SPECS, run_action
from tickets.choices import Category, ExceptionType, FollowUp, Status
from tickets.filters import ExceptionFilter, TicketFilter
from tickets.forms import (
    ExceptionForm,
    ImportForm,
    OutageForm,
    ServiceAreaForm,
    StationForm,
    TicketForm,
    TimeLimitForm,
)
from tickets.models import ExceptionEvent, Outage, ServiceArea, Station, Ticket, TimeLimit
from tickets.selectors import (
    access_ticket,
    exceptions_visible_to,
    outage_for_route,
    outages_visible_to,
    station_queue,
    tickets_for_list,
)


def _require(user, perm: str) -> None:
    if not may(user, perm):
        raise PermissionDenied


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- tickets ---------------------------------------------------------------------------------------------


def _ticket_export(request, tickets, fmt: str):
    """The filtered tickets as .xlsx or .csv (D-2): the caller masked unless the user may see personal data in full."""
    full = may_unmask(request.user)
    now = timezone.now()
    header = [
        pgettext("repair", "Number"),
        pgettext("repair", "Created"),
        pgettext("repair", "Problem"),
        pgettext("repair", "Severity"),
        _("Fault location"),
        pgettext("repair", "Address"),
        pgettext("repair", "Caller"),
        pgettext("repair", "Phone"),
        _("Station"),
        _("Status"),
        _("Taken by"),
        _("Late now"),
        _("Completed at"),
    ]

    category_label = exports.labels(Ticket, "category")
    severity_label = exports.labels(Ticket, "severity")
    status_label = exports.labels(Ticket, "status")

    def row(t: Ticket) -> list:
        return [
            t.number,
            text.detail_time(t.created_at),
            category_label(t.category),
            severity_label(t.severity),
            t.fault_location,
            t.address if full else t.address_masked,
            t.caller_name if full else t.caller_name_masked,
            t.caller_phone if full else t.caller_phone_masked,
            t.station.name if t.station_id else "",
            status_label(t.status),
            str(t.created_by),
            "、".join(t.late_labels(now)),
            text.detail_time(t.completed_at),
        ]

    return exports.export_response(
        request,
        list_code="tickets",
        title=_("Repair tickets"),
        header=header,
        queryset=tickets,
        row=row,
        fmt=fmt,
        personal_data_in_full=full,
    )


@login_required
def ticket_index(request):
    """The list for agents and supervisors (station staff get their own view), filters in the query string; it
    sorts by its columns, says how many match and exports them."""
    _require(request.user, "tickets.view_ticket")
    params = request.GET
    filterset = for_page(TicketFilter, request, tickets_for_list(user=request.user))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _ticket_export(request, filterset.qs, fmt)
    filters = {name: params.get(name, "") for name in filterset.filters}
    page = Window(filterset.qs, params.get("page"))
    context = {
        "page": page,
        "count": capped_count(filterset.qs),
        "sort_key": filterset.sort_key,
        "filters": filters,
        "query": query_without_page(params),
        "stations": scope(request.user, Station.objects.all()),
        "statuses": Status.choices,
        "categories": Category.choices,
        "now": timezone.now(),
    }
    template = "tickets/_ticket_rows.html" if request.htmx else "tickets/ticket_list.html"
    return render(request, template, context)


@login_required
def ticket_new(request):
    """Intake (T-2): the script's four read-backs, the routing proposal while typing (T-3), then dispatch."""
    _require(request.user, "tickets.add_ticket")
    form = TicketForm(request.POST or None, initial={"caller_phone": request.GET.get("phone", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        call_id = data.pop("call")
        call = None
        if call_id:  # the call this ticket came from (its model is the call centre's, reached through the link)
            call = Ticket._meta.get_field("call").related_model.objects.filter(pk=call_id).first()
        try:
            ticket = services.ticket_create(actor=request.user, call=call, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if ticket.status == Status.LINKED:
                messages.info(
                    request,
                    _("Ticket %(number)s is linked to outage %(outage)s: read the outage notice to the caller.")
                    % {"number": ticket.number, "outage": ticket.outage.number},
                )
            else:
                messages.success(
                    request,
                    _("Ticket %(number)s dispatched to %(station)s.")
                    % {"number": ticket.number, "station": ticket.station.name},
                )
            return redirect("tickets:ticket_detail", number=ticket.number)
    route = services.route_preview(address=form["address"].value() or "") if form["address"].value() else None
    context = {"form": form, "route": route, "outage": _outage_of(route), "closing_script": closing_line(request.user)}
    return render(request, "tickets/ticket_new.html", context)


def _outage_of(route):
    return outage_for_route(route)


@login_required
def route_partial(request):
    """The htmx routing proposal under the address field, on /tickets/new and the agent desk's repair tab (GET
    ?address=; on the desk an empty field means the caller's recorded address: ?customer=<id>)."""
    _require(request.user, "tickets.view_routing")
    address = request.GET.get("address", "").strip()
    customer_id = request.GET.get("customer", "")
    if not address and customer_id.isdigit() and may(request.user, "customers.view_customer"):
        recorded = CustomerAddress.objects.filter(customer_id=int(customer_id)).order_by("id").first()
        address = recorded.address if recorded else ""
    route = services.route_preview(address=address) if address else None
    return render(request, "tickets/_route.html", {"route": route, "outage": _outage_of(route)})


@login_required
def ticket_detail(request, number: str):
    ticket = access_ticket(user=request.user, number=number)
    events = ticket.events.select_related("actor", "station")
    context = {
        "ticket": ticket,
        "events": events,
        "actions": workflow.MACHINE.available(ticket, request.user),
        "stations": Station.objects.filter(is_active=True),
        "exceptions": ticket.exceptions.all(),
        "late": ticket.late_labels(),
        "may_record_exception": may(request.user, "tickets.add_exceptionevent"),
    }
    return render(request, "tickets/ticket_detail.html", context)


@login_required
@require_POST
def ticket_step(request, number: str, step: str):
    """One lifecycle button (T-4); errors come back as a message on the page the button was on."""
    ticket = access_ticket(user=request.user, number=number)
    if step not in ACTION_SPECS:
        raise PermissionDenied
    back = request.POST.get("next") or ""
    if not back.startswith("/"):
        back = ""
    try:
        ticket = run_action(step, ticket=ticket, actor=request.user, data=request.POST)
    except InputError as error:  # the same input serializer as the API's: its messages per field
        messages.error(request, "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in error.detail.items()))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Ticket %(number)s: %(status)s.") % {"number": ticket.number, "status": ticket.get_status_display()},
        )
    return redirect(back or ticket_url(ticket))


def ticket_url(ticket) -> str:
    from django.urls import reverse

    return reverse("tickets:ticket_detail", args=[ticket.number])


@login_required
def station_view(request):
    """The station's own screen (T-7), phone-sized: new tickets to accept or reject, then those in progress."""
    _require(request.user, "tickets.work_ticket")
    tickets = list(station_queue(user=request.user)[:100])
    context = {
        "new": [t for t in tickets if t.status == Status.DISPATCHED],
        "in_progress": [t for t in tickets if t.status != Status.DISPATCHED],
        "now": timezone.now(),
        "station": request.user.station,
    }
    template = "tickets/_station_queue.html" if request.htmx else "tickets/station_view.html"
    return render(request, template, context)


# --- stations and areas (T-1) --------------------------------------------------------------------------


@login_required
def station_list(request):
    _require(request.user, "tickets.view_station")
    stations = scope(request.user, Station.objects.all()).annotate(
        area_count=Count("areas", filter=Q(areas__is_active=True))
    )
    return render(
        request,
        "tickets/station_list.html",
        {"stations": stations, "may_edit": may(request.user, "tickets.change_station")},
    )


@login_required
def station_detail(request, pk: int):
    station = access_or_404(request.user, "tickets.view_station", Station.objects.all(), pk=pk)
    areas = station.areas.order_by("-is_active", "district", "community", "building_from")
    may_edit = may(request.user, "tickets.change_station")
    form = StationForm(instance=station) if may_edit else None
    area_form = ServiceAreaForm(initial={"district": "顺义区"}) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if request.POST.get("form") == "station":
            form = StationForm(request.POST, instance=Station.objects.get(pk=station.pk))
            if form.is_valid():
                try:
                    services.station_update(station=station, actor=request.user, **form.cleaned_data)
                except ValidationError as error:
                    _apply_errors(form, error)
                else:
                    messages.success(request, _("Station saved."))
                    return redirect("tickets:station_detail", pk=station.pk)
        else:
            area = ServiceArea(station=station)
            area_pk = request.POST.get("area")
            if area_pk:
                area = get_object_or_404(ServiceArea, pk=area_pk, station=station)
            area_form = ServiceAreaForm(request.POST)
            if area_form.is_valid():
                try:
                    services.service_area_save(area=area, actor=request.user, **area_form.cleaned_data)
                except ValidationError as error:
                    _apply_errors(area_form, error)
                else:
                    messages.success(request, _("Service area saved."))
                    return redirect("tickets:station_detail", pk=station.pk)
    context = {"station": station, "areas": areas, "form": form, "area_form": area_form, "may_edit": may_edit}
    return render(request, "tickets/station_detail.html", context)


@login_required
def station_new(request):
    _require(request.user, "tickets.add_station")
    form = StationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            station = services.station_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("tickets:station_detail", pk=station.pk)
    return render(request, "tickets/station_form.html", {"form": form})


@login_required
def area_import(request):
    """Upload a sheet of areas; see the per-row report; nothing imported on a bad row unless chosen (X-4)."""
    _require(request.user, "tickets.add_servicearea")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = importing.service_areas_import(
            upload=form.cleaned_data["file"], actor=request.user, good_rows_only=form.cleaned_data["good_rows_only"]
        )
    return render(request, "tickets/area_import.html", {"form": form, "report": report})


# --- time limits (T-5) -----------------------------------------------------------------------------------


@login_required
def time_limits(request):
    _require(request.user, "tickets.view_timelimit")
    may_edit = may(request.user, "tickets.change_timelimit")
    instance = None
    if request.GET.get("edit"):
        instance = get_object_or_404(TimeLimit, pk=request.GET["edit"])
    form = TimeLimitForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if not may_edit or not may(request.user, "tickets.add_timelimit"):
            raise PermissionDenied
        if form.is_valid():
            limit = form.save(commit=False)
            limit._history_user = request.user
            limit.save()
            messages.success(request, _("Time limit saved."))
            return redirect("tickets:time_limits")
    limits = TimeLimit.objects.select_related("station").order_by("station__sort_order", "category")
    return render(request, "tickets/time_limits.html", {"limits": limits, "form": form, "may_edit": may_edit})


# --- exception events (T-6) ------------------------------------------------------------------------------


def _exception_export(request, events, fmt: str):
    """The filtered exception events as .xlsx or .csv (D-2); no customer's personal data in them."""
    header = [
        _("When"),
        _("Type"),
        _("Ticket"),
        _("Station"),
        _("Technician or staff concerned"),
        _("What happened"),
        pgettext("repair", "Follow-up"),
        _("Result"),
        _("Recorded by"),
        _("Resolved at"),
    ]

    follow_up_label = exports.labels(ExceptionEvent, "follow_up")
    type_label = exports.labels(ExceptionEvent, "type")

    def row(e: ExceptionEvent) -> list:
        return [
            text.detail_time(e.raised_at),
            type_label(e.type),
            e.ticket.number if e.ticket_id else "",
            e.station.name if e.station_id else "",
            e.person,
            e.description,
            follow_up_label(e.follow_up),
            e.result,
            str(e.raised_by) if e.raised_by_id else _("system"),
            text.detail_time(e.resolved_at),
        ]

    return exports.export_response(
        request,
        list_code="exceptions",
        title=_("Exception events"),
        header=header,
        queryset=events,
        row=row,
        fmt=fmt,
    )


@login_required
def exception_list(request):
    _require(request.user, "tickets.view_exceptionevent")
    filterset = for_page(ExceptionFilter, request, exceptions_visible_to(user=request.user))
    events = filterset.qs
    fmt = exports.requested_format(request)
    if fmt and request.method != "POST" and not filterset.errors:
        return _exception_export(request, events, fmt)
    follow_up, kind = request.GET.get("follow_up", ""), request.GET.get("type", "")
    form = ExceptionForm(request.POST or None, initial={"ticket": request.GET.get("ticket", "")})
    if request.method == "POST":
        _require(request.user, "tickets.add_exceptionevent")
        if form.is_valid():
            data = dict(form.cleaned_data)
            number = data.pop("ticket").strip()
            ticket = None
            if number:
                ticket = Ticket.objects.filter(number=number.upper()).first()
                if ticket is None:
                    form.add_error("ticket", _("No ticket has this number."))
            if form.is_valid():
                try:
                    services.exception_record(actor=request.user, ticket=ticket, **data)
                except ValidationError as error:
                    _apply_errors(form, error)
                else:
                    messages.success(request, _("Exception event recorded."))
                    return redirect("tickets:exception_list")
    page = Window(events, request.GET.get("page"))
    context = {
        "page": page,
        "count": capped_count(events),
        "sort_key": filterset.sort_key,
        "query": query_without_page(request.GET),
        "form": form,
        "follow_up": follow_up,
        "type": kind,
        "FollowUp": FollowUp,
        "filters": {name: request.GET.get(name, "") for name in filterset.filters},
        "types": ExceptionType.choices,
        "stations": scope(request.user, Station.objects.all()),
    }
    return render(request, "tickets/exception_list.html", context)


@login_required
def exception_detail(request, pk: int):
    event = access_or_404(
        request.user, "tickets.view_exceptionevent", ExceptionEvent.objects.select_related("ticket", "station"), pk=pk
    )
    error = ""
    if request.method == "POST":
        _require(request.user, "tickets.change_exceptionevent")
        try:
            services.exception_resolve(event=event, actor=request.user, result=request.POST.get("result", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Follow-up resolved."))
            return redirect("tickets:exception_detail", pk=event.pk)
    return render(
        request,
        "tickets/exception_detail.html",
        {"event": event, "error": error, "may_resolve": may(request.user, "tickets.change_exceptionevent")},
    )


# --- area outages (T-8) ----------------------------------------------------------------------------------


@login_required
def outage_list(request):
    _require(request.user, "tickets.view_outage")
    form = OutageForm(request.POST or None)
    if not may(request.user, "tickets.add_outage"):
        form = None
    elif request.user.station_id and not may(request.user, "tickets.change_outage"):
        form.fields["station"].queryset = Station.objects.filter(pk=request.user.station_id)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        action = request.POST.get("action")
        if action in {"open", "close", "dismiss"}:
            outage = access_or_404(
                request.user, "tickets.view_outage", Outage.objects.all(), pk=request.POST.get("outage")
            )
            if not may(request.user, "tickets.change_outage") and not (
                may(request.user, "tickets.add_outage") and outage.station_id == request.user.station_id
            ):
                raise PermissionDenied
            try:
                if action == "open":
                    outages.outage_open(outage=outage, actor=request.user, cause=request.POST.get("cause", ""))
                elif action == "dismiss":
                    outages.outage_dismiss(outage=outage, actor=request.user)
                else:
                    outages.outage_close(outage=outage, actor=request.user, result=request.POST.get("result", ""))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            except DomainError as error:
                messages.error(request, error.message)
            return redirect("tickets:outage_list")
        if form.is_valid():
            try:
                outages.outage_declare(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Outage declared: new calls from this area are linked to it."))
                return redirect("tickets:outage_list")
    items = outages_visible_to(user=request.user)[:100]
    return render(request, "tickets/outage_list.html", {"outages": items, "form": form})
