"""Area outages (T-8): one burst main, hundreds of calls — one master outage, calls linked, not dispatched again.

- `outage_check_cluster` runs after every dispatched ticket: when the supervisor's threshold of repair calls from
  one community is reached within the window and no outage is proposed or open there, it proposes one;
- a supervisor or the station opens it (or a station declares one directly with `outage_declare`);
- while open, `ticket_create` links new calls from that community (and building range) to it: no dispatch;
- `outage_close` completes every linked ticket with the outage's result, so each caller enters the callback
  queue (K-5) and is called back; reports count the outage once and its linked calls separately.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from csc import events
from csc.api import DomainError
from csc.numbering import next_number
from tickets.addresses import place_stem, text_key
from tickets.choices import Status
from tickets.models import Outage, OutageSettings, Station, Ticket, TicketEvent
from tickets.routing import Route

OUTAGE_PREFIX = "TS"  # 停水/停热: its own number space


def outage_settings() -> OutageSettings:
    return OutageSettings.objects.order_by("pk").first() or OutageSettings()


def open_outage_for(route: Route) -> Outage | None:
    """The open outage covering this routed address, if any (one indexed query)."""
    if route.area is None:
        return None
    outages = Outage.objects.filter(community_key=route.area.community_key, state=Outage.State.OPEN).select_related(
        "station"
    )
    for outage in outages:
        if (not outage.district_stem or outage.district_stem == route.area.district_stem) and outage.covers(
            route.building
        ):
            return outage
    return None


def outage_check_cluster(*, route: Route, moment: datetime) -> Outage | None:
    """Propose an outage when repair calls from one community cluster in time (the supervisor's threshold)."""
    if route.area is None:
        return None
    settings = outage_settings()
    key = route.area.community_key
    if Outage.objects.filter(community_key=key, state__in=[Outage.State.PROPOSED, Outage.State.OPEN]).exists():
        return None
    since = moment - timedelta(minutes=settings.minutes)
    recent = Ticket.objects.filter(community_key=key, created_at__gte=since, created_at__lte=moment).count()
    if recent < settings.calls:
        return None
    return Outage.objects.create(
        number=next_number(scope="outage", prefix=OUTAGE_PREFIX, at=moment),
        state=Outage.State.PROPOSED,
        station=route.station,
        district_stem=route.area.district_stem,
        community_key=key,
        community=route.area.community,
        cause=_("%(count)s repair calls from %(community)s within %(minutes)s minutes.")
        % {"count": recent, "community": route.area.community, "minutes": settings.minutes},
        opened_at=moment,
    )


@transaction.atomic
def outage_declare(
    *,
    station: Station,
    community: str,
    actor,
    district: str = "",
    building_from: int | None = None,
    building_to: int | None = None,
    cause: str = "",
    restore_expected_at: datetime | None = None,
    at: datetime | None = None,
) -> Outage:
    """A station (or supervisor) declares an outage for a community or building range; it is open at once."""
    now = at or timezone.now()
    errors = {}
    if not community.strip():
        errors["community"] = [_("Enter the community.")]
    if (building_from is None) != (building_to is None) or (
        building_from is not None and building_to is not None and building_to < building_from
    ):
        errors["building_to"] = [_("Give both first and last building, the last not below the first.")]
    if errors:
        raise ValidationError(errors)
    outage = Outage(
        number=next_number(scope="outage", prefix=OUTAGE_PREFIX, at=now),
        state=Outage.State.OPEN,
        station=station,
        district_stem=place_stem(district) if district.strip() else "",
        community_key=text_key(community),
        community=community.strip(),
        building_from=building_from,
        building_to=building_to,
        cause=cause.strip(),
        restore_expected_at=restore_expected_at,
        opened_at=now,
        opened_by=actor,
    )
    outage._history_user = actor
    outage.save()
    return outage


@transaction.atomic
def outage_open(*, outage: Outage, actor, cause: str = "", restore_expected_at: datetime | None = None) -> Outage:
    """Confirm a proposed outage (or update what is known about an open one)."""
    outage = Outage.objects.select_for_update().get(pk=outage.pk)
    if outage.state not in (Outage.State.PROPOSED, Outage.State.OPEN):
        raise DomainError(_("This outage is already closed."), code="illegal_transition")
    outage.state = Outage.State.OPEN
    if cause.strip():
        outage.cause = cause.strip()
    if restore_expected_at is not None:
        outage.restore_expected_at = restore_expected_at
    if outage.opened_by_id is None:
        outage.opened_by = actor
    outage._history_user = actor
    outage.save()
    return outage


@transaction.atomic
def outage_dismiss(*, outage: Outage, actor) -> Outage:
    """A proposed outage that is not one (the calls were unrelated)."""
    outage = Outage.objects.select_for_update().get(pk=outage.pk)
    if outage.state != Outage.State.PROPOSED:
        raise DomainError(_("Only a proposed outage can be dismissed."), code="illegal_transition")
    outage.state = Outage.State.DISMISSED
    outage.closed_at = timezone.now()
    outage.closed_by = actor
    outage._history_user = actor
    outage.save()
    return outage


@transaction.atomic
def outage_close(*, outage: Outage, actor, result: str, at: datetime | None = None) -> Outage:
    """Restored: close the outage and complete every linked ticket, so each caller is called back (K-5)."""
    now = at or timezone.now()
    if not (result or "").strip():
        raise ValidationError({"result": [_("Say how the outage ended.")]})
    outage = Outage.objects.select_for_update().get(pk=outage.pk)
    if outage.state != Outage.State.OPEN:
        raise DomainError(_("Only an open outage can be closed."), code="illegal_transition")
    outage.state = Outage.State.CLOSED
    outage.closed_at = now
    outage.closed_by = actor
    outage._history_user = actor
    outage.save()
    linked = list(Ticket.objects.filter(outage=outage, status=Status.LINKED).values_list("pk", flat=True))
    note = _("Outage %(number)s restored: %(result)s") % {"number": outage.number, "result": result.strip()}
    # set-based, with the event rows written in the same transaction (simple-history misses update())
    Ticket.objects.filter(pk__in=linked).update(
        status=Status.COMPLETED, completed_at=now, result=note, fee_charged=False
    )
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket_id=pk,
            action="complete",
            from_status=Status.LINKED,
            to_status=Status.COMPLETED,
            station=outage.station,
            actor=actor,
            at=now,
            note=note,
        )
        for pk in linked
    )
    # every linked caller is called back (K-5): one callback per affected address, made by the callbacks app
    events.emit("outage.closed", outage=outage, tickets=list(Ticket.objects.filter(pk__in=linked)), actor=actor, at=now)
    return outage
