"""Every write on repair tickets, stations and exception events (T-1 … T-8).

Services take keyword arguments and the acting user, run in one transaction, and write a TicketEvent row for
every lifecycle step in that transaction. Bad input raises django ValidationError (per field: a form error or
a JSON 400); an illegal step raises csc.api.DomainError (409); a step the user may not take raises
PermissionDenied (403) — callers fetch the ticket with `selectors.access_ticket` first, so another station's
ticket is a 404 before any of this runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from csc import events
from csc.api import DomainError
from csc.messaging import notify
from csc.numbering import next_number
from csc.text import record_text
from customers import phones
from customers.models import CustomerAddress, CustomerPhone
from tickets import workflow
from tickets.choices import (
    COMPLAINT_EXCEPTIONS,
    TIMING_EXCEPTIONS,
    Category,
    ExceptionType,
    FollowUp,
    LimitKind,
    Severity,
    Status,
)
from tickets.models import ExceptionEvent, ServiceArea, Station, Ticket, TicketEvent, TimeLimit
from tickets.outages import open_outage_for, outage_check_cluster
from tickets.routing import Route, route_address

TICKET_PREFIX = "BX"  # 报修: a ticket number (BX26110001) can never be read as a complaint number (26110001)
DEFAULT_LIMITS = {"accept_minutes": 15, "contact_minutes": 30, "arrive_minutes": 20, "finish_minutes": 240}


# --- intake (T-2, T-3) ------------------------------------------------------------------------------------


def _match_customer(phone: str, address: str):
    """The customer this caller is: the one whose phone matches, else the one whose address matches exactly."""
    owners = list(
        CustomerPhone.objects.filter(number=phone, customer__is_active=True).values_list("customer_id", flat=True)[:2]
    )
    if len(set(owners)) == 1:
        return owners[0]
    if not owners:
        by_address = list(
            CustomerAddress.objects.filter(address=address.strip(), customer__is_active=True).values_list(
                "customer_id", flat=True
            )[:2]
        )
        if len(set(by_address)) == 1:
            return by_address[0]
    return None


def _choose_station(route: Route, station: Station | None, override_reason: str) -> tuple[Station, bool]:
    """The station to dispatch to: the routed one, or the agent's choice with a reason (counted as an override)."""
    if station is None:
        if route.is_exact:
            return route.station, False
        raise ValidationError({"address": [route.message]}, code=route.outcome)
    if not station.is_active:
        raise ValidationError({"station": [_("Station %(name)s is not active.") % {"name": station.name}]})
    overridden = not (route.is_exact and route.station.pk == station.pk)
    if overridden and not override_reason.strip():
        raise ValidationError(
            {"override_reason": [_("You chose another station than the routing proposes: give the reason.")]},
            code="override_reason_required",
        )
    return station, overridden


@transaction.atomic
def ticket_create(
    *,
    category: str,
    address: str,
    caller_name: str,
    caller_phone: str,
    actor,
    fault_location: str = "",
    severity: str = Severity.NORMAL,
    description: str = "",
    confirmed_content: bool = False,
    confirmed_address: bool = False,
    confirmed_name: bool = False,
    confirmed_phone: bool = False,
    station: Station | None = None,
    override_reason: str = "",
    call=None,
    customer=None,
    at: datetime | None = None,
) -> Ticket:
    """Open a repair ticket from a call (T-2), route it (T-3) and dispatch it to the station at once (T-4).

    Keyword arguments:
      category: a tickets.choices.Category value (not_warm, cold, temperature_check, leak, other)
      address, caller_name, caller_phone: as the caller gave them (the phone is stored digits-only)
      confirmed_content / _address / _name / _phone: the four read-backs 跟读确认; all must be True
      station: the agent's choice when it differs from the routing proposal (then override_reason is required)
      call: the callcenter.Call it came from (optional); customer: the Customer, else matched by phone/address
    If the address lies in an open area outage (T-8) the ticket is linked to the outage instead of dispatched.
    Raises ValidationError per field (address in no area, ambiguous address, bad phone, missing read-back …);
    nothing is saved then. A constant number of queries whatever the table sizes.
    """
    now = at or timezone.now()
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors["category"] = [_("Choose a category.")]
    if severity not in Severity.values:
        errors["severity"] = [_("Choose a severity.")]
    address = (address or "").strip()
    caller_name = (caller_name or "").strip()
    if not address:
        errors["address"] = [_("Enter the address.")]
    if not caller_name:
        errors["caller_name"] = [_("Enter the caller's name.")]
    phone = ""
    try:
        phone = phones.clean(caller_phone)
    except ValidationError as error:
        errors["caller_phone"] = error.messages
    for field, label in (
        ("confirmed_content", _("the problem")),
        ("confirmed_address", _("the address")),
        ("confirmed_name", _("the name")),
        ("confirmed_phone", _("the phone number")),
    ):
        if not locals()[field]:
            errors[field] = [_("Read %(what)s back to the caller and tick it when confirmed.") % {"what": label}]
    if errors:
        raise ValidationError(errors)

    route = route_address(address)
    outage = None
    if route.is_exact and station is None:
        outage = open_outage_for(route)
    if outage is not None:
        chosen, overridden = outage.station, False
    else:
        chosen, overridden = _choose_station(route, station, override_reason)

    ticket = Ticket(
        number=next_number(scope="ticket", prefix=TICKET_PREFIX, at=now),
        category=category,
        fault_location=fault_location.strip(),
        severity=severity,
        description=description.strip(),
        address=address,
        caller_name=caller_name,
        caller_phone=phone,
        confirmed_content=True,
        confirmed_address=True,
        confirmed_name=True,
        confirmed_phone=True,
        customer_id=customer.pk if customer is not None else _match_customer(phone, address),
        call=call,
        route_outcome=route.outcome,
        proposed_station=route.station,
        community_key=route.area.community_key if route.area else "",
        building=route.building,
        route_overridden=overridden,
        override_reason=override_reason.strip()[:200] if overridden else "",
        created_by=actor,
        created_at=now,
    )
    ticket._history_user = actor
    events = [TicketEvent(ticket=ticket, action="create", to_status=Status.CREATED, actor=actor, at=now)]
    if outage is not None:
        ticket.status = Status.LINKED
        ticket.outage = outage
        ticket.station = outage.station
        ticket.save()
        events.append(
            TicketEvent(
                ticket=ticket,
                action="link",
                from_status=Status.CREATED,
                to_status=Status.LINKED,
                station=outage.station,
                actor=actor,
                at=now,
                note=outage.number,
            )
        )
    else:
        ticket.station = chosen
        _set_dispatched(ticket, chosen, now)
        ticket.save()
        note = override_reason.strip() if overridden else ""
        events.append(
            TicketEvent(
                ticket=ticket,
                action="dispatch",
                from_status=Status.CREATED,
                to_status=Status.DISPATCHED,
                station=chosen,
                actor=actor,
                at=now,
                note=note,
            )
        )
    TicketEvent.objects.bulk_create(events)
    if outage is None:
        outage_check_cluster(route=route, moment=now)
    return ticket


def route_preview(*, address: str) -> Route:
    """What routing proposes for an address (the agent sees it while typing)."""
    return route_address(address)


# --- time limits (T-5) -------------------------------------------------------------------------------------


def limits_for(*, station: Station, category: str) -> dict[str, int]:
    """The T-5 limits for this station and category: the most specific TimeLimit row, else the SPEC defaults."""
    rows = list(
        TimeLimit.objects.filter(Q(station=station) | Q(station__isnull=True), Q(category=category) | Q(category=""))
    )
    if not rows:
        return dict(DEFAULT_LIMITS)
    best = max(rows, key=lambda r: (r.station_id is not None, r.category != ""))
    return {name: getattr(best, name) for name in DEFAULT_LIMITS}


def _set_dispatched(ticket: Ticket, station: Station, now: datetime) -> None:
    limits = limits_for(station=station, category=ticket.category)
    ticket.status = Status.DISPATCHED
    ticket.dispatched_at = now
    ticket.accept_due_at = now + timedelta(minutes=limits["accept_minutes"])
    ticket.finish_due_at = now + timedelta(minutes=limits["finish_minutes"])
    ticket.contact_due_at = ticket.arrive_due_at = None


# --- lifecycle (T-4) ---------------------------------------------------------------------------------------


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _step(*, ticket: Ticket, action: str, actor, now: datetime) -> tuple[Ticket, str]:
    """Lock the ticket, check the transition and the actor's right; returns the locked ticket and old status."""
    ticket = _locked(ticket)
    workflow.MACHINE.check(ticket, action, actor)
    return ticket, ticket.status


def _finish(
    *, ticket: Ticket, action: str, old: str, actor, now: datetime, note: str = "", station: Station | None = None
) -> Ticket:
    transition = workflow.MACHINE[action]
    ticket.status = transition.target
    if transition.stamp:
        setattr(ticket, transition.stamp, now)
    ticket._history_user = actor
    ticket.save()
    TicketEvent.objects.create(
        ticket=ticket,
        action=action,
        from_status=old,
        to_status=ticket.status,
        station=station or ticket.station,
        actor=actor,
        at=now,
        note=note,
    )
    return ticket


@transaction.atomic
def ticket_dispatch(
    *, ticket: Ticket, actor, station: Station | None = None, override_reason: str = "", at: datetime | None = None
) -> Ticket:
    """(Re-)dispatch a waiting or rejected ticket: to the routed station, or to the agent's choice with a reason."""
    now = at or timezone.now()
    ticket, old = _step(ticket=ticket, action="dispatch", actor=actor, now=now)
    route = route_address(ticket.address)
    chosen, overridden = _choose_station(route, station, override_reason)
    ticket.station = chosen
    ticket.proposed_station = route.station
    ticket.route_outcome = route.outcome
    if overridden:
        ticket.route_overridden = True
        ticket.override_reason = override_reason.strip()[:200]
    _set_dispatched(ticket, chosen, now)
    return _finish(ticket=ticket, action="dispatch", old=old, actor=actor, now=now, note=override_reason.strip())


@transaction.atomic
def ticket_accept(*, ticket: Ticket, actor, technician: str = "", at: datetime | None = None) -> Ticket:
    """The station takes the ticket 接单; the contact deadline starts."""
    now = at or timezone.now()
    ticket, old = _step(ticket=ticket, action="accept", actor=actor, now=now)
    limits = limits_for(station=ticket.station, category=ticket.category)
    ticket.contact_due_at = now + timedelta(minutes=limits["contact_minutes"])
    if technician.strip():
        ticket.technician = technician.strip()[:60]
    return _finish(ticket=ticket, action="accept", old=old, actor=actor, now=now, note=ticket.technician)


@transaction.atomic
def ticket_reject(*, ticket: Ticket, actor, reason: str, at: datetime | None = None) -> Ticket:
    """The station refuses the ticket (wrong area) with a reason; it goes back to the agent queue to re-route."""
    now = at or timezone.now()
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the station rejects this ticket.")]})
    ticket, old = _step(ticket=ticket, action="reject", actor=actor, now=now)
    rejecting_station = ticket.station
    ticket.reject_count += 1
    ticket.station = None  # it leaves the station's list; the event keeps which station rejected it
    ticket.accept_due_at = ticket.finish_due_at = None
    ticket = _finish(
        ticket=ticket, action="reject", old=old, actor=actor, now=now, note=reason.strip(), station=rejecting_station
    )
    events.emit("ticket.rejected", ticket=ticket, station=rejecting_station, actor=actor, at=now)  # a wrong station?
    return ticket


@transaction.atomic
def ticket_contact(
    *, ticket: Ticket, actor, note: str = "", promised_arrival_at: datetime | None = None, at: datetime | None = None
) -> Ticket:
    """The technician reached the resident; the on-site deadline is the promised time, else the station's limit."""
    now = at or timezone.now()
    ticket, old = _step(ticket=ticket, action="contact", actor=actor, now=now)
    if promised_arrival_at is not None and promised_arrival_at <= now:
        raise ValidationError({"promised_arrival_at": [_("The promised arrival time must be in the future.")]})
    limits = limits_for(station=ticket.station, category=ticket.category)
    ticket.arrive_due_at = promised_arrival_at or now + timedelta(minutes=limits["arrive_minutes"])
    return _finish(ticket=ticket, action="contact", old=old, actor=actor, now=now, note=note.strip())


@transaction.atomic
def ticket_arrive(*, ticket: Ticket, actor, note: str = "", at: datetime | None = None) -> Ticket:
    """The technician is on site."""
    now = at or timezone.now()
    ticket, old = _step(ticket=ticket, action="arrive", actor=actor, now=now)
    return _finish(ticket=ticket, action="arrive", old=old, actor=actor, now=now, note=note.strip())


def clean_fee(*, fee_charged, fee_amount) -> tuple[bool, Decimal | None]:
    """Validate the completion's fee: an amount only when charged, never negative, a charge needs its amount."""
    if fee_charged is None:
        raise ValidationError({"fee_charged": [_("Say whether a fee was charged.")]})
    amount = None
    if fee_amount not in (None, ""):
        try:
            amount = Decimal(str(fee_amount)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise ValidationError({"fee_amount": [_("Enter an amount in yuan, e.g. 35.00.")]}) from None
        if amount < 0:
            raise ValidationError({"fee_amount": [_("The fee cannot be negative.")]})
        if amount >= Decimal("100000000"):
            raise ValidationError({"fee_amount": [_("The fee is too large.")]})
    if not fee_charged and amount:
        raise ValidationError({"fee_amount": [_("A fee amount needs “fee charged” ticked.")]})
    if fee_charged and not amount:
        raise ValidationError({"fee_amount": [_("Enter the amount charged.")]})
    return bool(fee_charged), amount


@transaction.atomic
def ticket_complete(
    *,
    ticket: Ticket,
    actor,
    result: str,
    fee_charged: bool | None,
    fee_amount: Decimal | str | None = None,
    technician: str = "",
    at: datetime | None = None,
) -> Ticket:
    """The station reports the repair done 返单: result, whether a fee was charged and how much."""
    now = at or timezone.now()
    if not (result or "").strip():
        raise ValidationError({"result": [_("Describe what was done.")]})
    charged, amount = clean_fee(fee_charged=fee_charged, fee_amount=fee_amount)
    ticket, old = _step(ticket=ticket, action="complete", actor=actor, now=now)
    ticket.result = result.strip()
    ticket.fee_charged = charged
    ticket.fee_amount = amount
    if technician.strip():
        ticket.technician = technician.strip()[:60]
    ticket = _finish(ticket=ticket, action="complete", old=old, actor=actor, now=now, note=ticket.result)
    events.emit("ticket.completed", ticket=ticket, actor=actor, at=now)  # the callback is due (K-5)
    return ticket


@transaction.atomic
def ticket_callback(*, ticket: Ticket, actor, note: str = "", at: datetime | None = None) -> Ticket:
    """The agent's callback to the resident is done (the survey itself is K-5, recorded by the call centre)."""
    now = at or timezone.now()
    ticket, old = _step(ticket=ticket, action="callback", actor=actor, now=now)
    ticket = _finish(ticket=ticket, action="callback", old=old, actor=actor, now=now, note=note.strip())
    events.emit("ticket.called_back", ticket=ticket, actor=actor, at=now)  # an open callback survey ends with it
    return ticket


@transaction.atomic
def ticket_revisit(*, ticket: Ticket, actor, reason: str, at: datetime | None = None) -> Ticket:
    """The callback found the repair not done (K-5): a return visit 返修, linked to the original, goes straight back
    to the station that did the repair, with fresh T-5 limits. The original keeps its own record."""
    now = at or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say what is still wrong.")]})
    original = _locked(ticket)
    if original.station_id is None or not original.station.is_active:
        raise DomainError(_("The station of ticket %(number)s no longer takes work.") % {"number": original.number})
    revisit = Ticket(
        number=next_number(scope="ticket", prefix=TICKET_PREFIX, at=now),
        category=original.category,
        fault_location=original.fault_location,
        severity=original.severity,
        description=record_text(
            gettext_noop("Return visit for %(number)s: %(reason)s"), number=original.number, reason=reason
        ),
        address=original.address,
        caller_name=original.caller_name,
        caller_phone=original.caller_phone,
        confirmed_content=True,
        confirmed_address=True,
        confirmed_name=True,
        confirmed_phone=True,
        customer_id=original.customer_id,
        route_outcome=original.route_outcome,
        proposed_station_id=original.proposed_station_id,
        community_key=original.community_key,
        building=original.building,
        revisit_of=original,
        created_by=actor,
        created_at=now,
        station=original.station,
    )
    _set_dispatched(revisit, original.station, now)
    revisit._history_user = actor
    revisit.save()
    TicketEvent.objects.bulk_create(
        [
            TicketEvent(ticket=revisit, action="create", to_status=Status.CREATED, actor=actor, at=now),
            TicketEvent(
                ticket=revisit,
                action="dispatch",
                from_status=Status.CREATED,
                to_status=Status.DISPATCHED,
                station=original.station,
                actor=actor,
                at=now,
                note=original.number,
            ),
        ]
    )
    return revisit


@transaction.atomic
def ticket_close(*, ticket: Ticket, actor, note: str = "", at: datetime | None = None) -> Ticket:
    """Close a ticket whose callback is done."""
    now = at or timezone.now()
    ticket, old = _step(ticket=ticket, action="close", actor=actor, now=now)
    return _finish(ticket=ticket, action="close", old=old, actor=actor, now=now, note=note.strip())


# --- exception events (T-6) --------------------------------------------------------------------------------


def _supervisors():
    return get_user_model().objects.filter(groups__name="supervisor", is_active=True)


def _notify_supervisors(event: ExceptionEvent) -> None:
    """Complaint-type events go to the supervisor at once (seed 004 §九.4), after the commit."""
    title = _("%(type)s — ticket %(number)s") % {
        "type": event.get_type_display(),
        "number": event.ticket.number if event.ticket_id else "—",
    }
    body = event.description
    url = reverse("tickets:exception_detail", args=[event.pk])
    supervisor_ids = list(_supervisors().values_list("pk", flat=True))

    def send():
        notify(recipients=supervisor_ids, kind="complaint.exception", title=title, body=body, url=url, target=event)

    transaction.on_commit(send)


@transaction.atomic
def exception_record(
    *,
    type: str,
    actor,
    description: str,
    ticket: Ticket | None = None,
    station: Station | None = None,
    person: str = "",
    at: datetime | None = None,
) -> ExceptionEvent:
    """An agent records an exception event; complaint-type ones open a follow-up and reach the supervisor."""
    if type not in ExceptionType.values or type in TIMING_EXCEPTIONS.values():
        raise ValidationError({"type": [_("Choose an exception type that agents record.")]})
    if not (description or "").strip():
        raise ValidationError({"description": [_("Describe what happened.")]})
    event = ExceptionEvent(
        type=type,
        ticket=ticket,
        station=station or (ticket.station if ticket is not None else None),
        description=description.strip(),
        person=person.strip()[:60],
        raised_at=at or timezone.now(),
        raised_by=actor,
        follow_up=FollowUp.OPEN if type in COMPLAINT_EXCEPTIONS else FollowUp.NONE,
    )
    event._history_user = actor
    event.save()
    if event.follow_up == FollowUp.OPEN:
        _notify_supervisors(event)
    return event


@transaction.atomic
def exception_resolve(*, event: ExceptionEvent, actor, result: str, at: datetime | None = None) -> ExceptionEvent:
    """The supervisor records the result of a complaint-type exception's follow-up."""
    if not (result or "").strip():
        raise ValidationError({"result": [_("Record the result of the follow-up.")]})
    event = ExceptionEvent.objects.select_for_update().get(pk=event.pk)
    if event.follow_up != FollowUp.OPEN:
        raise DomainError(_("This exception event has no open follow-up."), code="not_open")
    event.follow_up = FollowUp.RESOLVED
    event.result = result.strip()
    event.resolved_at = at or timezone.now()
    event.resolved_by = actor
    event._history_user = actor
    event.save()
    return event


# The SQL that raises one limit's timing exceptions for every late ticket at once (idempotent by the partial
# unique constraint on (ticket, type)). Table and column names come from the models, never from input.
_LATE_CONDITIONS = {
    LimitKind.ACCEPT: ("accept_due_at", [Status.DISPATCHED]),
    LimitKind.CONTACT: ("contact_due_at", [Status.ACCEPTED]),
    LimitKind.FINISH: ("finish_due_at", [Status.DISPATCHED, Status.ACCEPTED, Status.CONTACTED, Status.ON_SITE]),
}


@transaction.atomic
def exceptions_raise_overdue(*, moment: datetime | None = None) -> dict[str, int]:
    """Raise the timing exceptions (T-6 types 1-3) for every ticket past its limit at `moment`; set-based.

    Safe to run any number of times and from racing workers: ON CONFLICT DO NOTHING against the unique
    (ticket, type) constraint means each ticket gets each timing exception once. Returns how many were new.
    """
    moment = moment or timezone.now()
    # As the ORM would store it: SQLite keeps naive UTC text, and compares text — a "+08:00" moment would not do.
    stored_moment = connection.ops.adapt_datetimefield_value(moment)
    events, tickets = ExceptionEvent._meta.db_table, Ticket._meta.db_table
    raised = {}
    for limit, (column, statuses) in _LATE_CONDITIONS.items():
        exception_type = TIMING_EXCEPTIONS[limit]
        placeholders = ", ".join(["%s"] * len(statuses))
        sql = (
            f"INSERT INTO {events} (type, ticket_id, station_id, description, person, raised_at, follow_up, result) "  # noqa: S608
            f"SELECT %s, t.id, t.station_id, '', '', %s, %s, '' FROM {tickets} t "
            f"WHERE t.status IN ({placeholders}) AND t.{column} < %s "
            "ON CONFLICT DO NOTHING"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [exception_type.value, stored_moment, FollowUp.NONE, *statuses, stored_moment])
            raised[limit.value] = cursor.rowcount
    return raised


# --- stations and service areas (T-1) ------------------------------------------------------------------------


def _area_errors(area: ServiceArea) -> list[str]:
    try:
        area.full_clean(exclude=["station"])
    except ValidationError as error:
        return [
            f"{field}: {'; '.join(msgs)}" if field != "__all__" else "; ".join(msgs)
            for field, msgs in error.message_dict.items()
        ]
    return []


@transaction.atomic
def station_create(
    *,
    name: str,
    code: str,
    actor,
    phone: str = "",
    duty_mobile: str = "",
    is_active: bool = True,
    sort_order: int = 0,
    areas: list[dict] | tuple = (),
) -> Station:
    """A new repair station with its service areas, in one transaction."""
    station = Station(
        name=name.strip(),
        code=code.strip(),
        phone=phone,
        duty_mobile=duty_mobile,
        is_active=is_active,
        sort_order=sort_order,
    )
    station._history_user = actor
    station.full_clean()
    station.save()
    for data in areas:
        service_area_save(area=ServiceArea(station=station), actor=actor, **data)
    return station


@transaction.atomic
def station_update(*, station: Station, actor, **fields) -> Station:
    """Change a station's name, phones, order or active flag (a station is never deleted: deactivate it)."""
    for name in ("name", "code", "phone", "duty_mobile", "is_active", "sort_order"):
        if name in fields:
            setattr(station, name, fields[name])
    station._history_user = actor
    station.full_clean()
    station.save()
    return station


@transaction.atomic
def service_area_save(
    *,
    area: ServiceArea,
    actor,
    district: str,
    community: str,
    street: str = "",
    building_from: int | None = None,
    building_to: int | None = None,
    is_active: bool = True,
) -> ServiceArea:
    """Create or change one service area; a range overlapping another station's area of the same community is refused."""
    area.district, area.street, area.community = district.strip(), street.strip(), community.strip()
    area.building_from, area.building_to, area.is_active = building_from, building_to, is_active
    area.fill_keys()
    errors = _area_errors(area)
    if errors:
        raise ValidationError({"community": errors})
    conflict = area_overlap(area)
    if conflict is not None:
        raise ValidationError({"building_from": [_("Overlaps %(area)s.") % {"area": conflict}]})
    area._history_user = actor
    area.save()
    return area


def area_overlap(area: ServiceArea, pending: list[ServiceArea] = ()) -> ServiceArea | None:
    """Another station's active area of the same community and district whose buildings overlap this one's."""
    if not area.is_active:
        return None
    same = ServiceArea.objects.filter(
        community_key=area.community_key, district_stem=area.district_stem, is_active=True
    ).exclude(station_id=area.station_id)
    if area.pk:
        same = same.exclude(pk=area.pk)
    others = [*same.select_related("station"), *[p for p in pending if p.station_id != area.station_id]]
    for other in others:
        if other.community_key != area.community_key or other.district_stem != area.district_stem:
            continue
        if area.building_from is None or other.building_from is None:
            return other
        if area.building_from <= other.building_to and other.building_from <= area.building_to:
            return other
    return None
