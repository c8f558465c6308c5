"""Repair stations 维修站, their service areas (T-1), repair tickets (T-2 … T-5) and exception events (T-6)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from csc.append_only import AppendOnlyModel
from customers import masking
from tickets.addresses import place_stem, text_key
from tickets.choices import (
    AT_STATION,
    COMPLAINT_EXCEPTIONS,
    TIMING_EXCEPTIONS,
    Category,
    ExceptionType,
    FollowUp,
    RouteOutcome,
    Severity,
    Status,
)


class Station(models.Model):
    """A repair station: the place a repair ticket is dispatched to."""

    name = models.CharField(pgettext_lazy("repair", "name"), max_length=40, unique=True)
    code = models.SlugField(_("code"), max_length=20, unique=True)
    phone = models.CharField(_("station phone"), max_length=30, blank=True)
    duty_mobile = models.CharField(_("on-duty mobile"), max_length=30, blank=True)
    is_active = models.BooleanField(pgettext_lazy("repair", "active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order in reports"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("repair station")
        verbose_name_plural = _("repair stations")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    """One community / street (optionally a building range) that a station covers."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="areas")
    district = models.CharField(_("district"), max_length=40)
    street = models.CharField(_("street"), max_length=60, blank=True)
    community = models.CharField(_("community"), max_length=60)
    building_from = models.PositiveIntegerField(_("first building"), null=True, blank=True)
    building_to = models.PositiveIntegerField(_("last building"), null=True, blank=True)
    is_active = models.BooleanField(pgettext_lazy("repair", "active"), default=True)
    # Routing keys (T-3): written from the names on every save, so routing is one indexed lookup.
    community_key = models.CharField(_("community key"), max_length=60, editable=False, default="", db_index=True)
    district_stem = models.CharField(_("district stem"), max_length=40, editable=False, default="")
    street_stem = models.CharField(_("street stem"), max_length=60, editable=False, default="")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["station", "district", "community", "building_from"]
        indexes = [models.Index(fields=["community", "district"], name="servicearea_community_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(building_from__isnull=True, building_to__isnull=True)
                | Q(building_from__isnull=False, building_to__isnull=False, building_to__gte=models.F("building_from")),
                name="servicearea_building_range_valid",
            )
        ]

    def __str__(self) -> str:
        buildings = ""
        if self.building_from is not None:
            buildings = f" {self.building_from}-{self.building_to}"
        return f"{self.district} {self.community}{buildings} → {self.station}"

    def save(self, *args, **kwargs):
        self.fill_keys()
        super().save(*args, **kwargs)

    def fill_keys(self) -> None:
        """Compute the routing keys from the names (call before bulk_create, which skips save())."""
        self.community = self.community.strip()
        self.community_key = text_key(self.community)
        self.district_stem = place_stem(self.district)
        self.street_stem = place_stem(self.street) if self.street else ""

    def covers(self, building: int | None) -> bool:
        return self.building_from is None or (
            building is not None and self.building_from <= building <= (self.building_to or self.building_from)
        )

    @property
    def buildings_label(self) -> str:
        if self.building_from is None:
            return ""
        return f"{self.building_from}-{self.building_to}"


class TimeLimit(models.Model):
    """T-5 time limits for a station and/or category; the most specific row wins, the blank row is the default."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_limits",
        help_text=_("Blank: every station."),
    )
    category = models.CharField(
        pgettext_lazy("repair", "category"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("Blank: every category."),
    )
    accept_minutes = models.PositiveIntegerField(
        _("accept within (minutes)"), default=15, validators=[MinValueValidator(1)]
    )
    contact_minutes = models.PositiveIntegerField(
        _("contact the resident within (minutes)"), default=30, validators=[MinValueValidator(1)]
    )
    arrive_minutes = models.PositiveIntegerField(
        _("on site within (minutes)"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_("After the resident was contacted, unless the technician promised another time."),
    )
    finish_minutes = models.PositiveIntegerField(
        _("finish within (minutes)"),
        default=240,
        validators=[MinValueValidator(1)],
        help_text=_("Counted from dispatch to the station."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        ordering = ["station__sort_order", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "category"], name="timelimit_station_category_unique", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        station = self.station.name if self.station_id else _("every station")
        category = self.get_category_display() if self.category else _("every category")
        return f"{station} / {category}"


# The T-5 limits a ticket can pass, as the ticket's page names them.
LATE_LABELS = {
    "accept": _("Not accepted in time"),
    "contact": _("Customer not contacted in time"),
    "arrive": _("Not on site in time"),
    "finish": _("Not finished in time"),
}


class Ticket(models.Model):
    """A repair ticket 报修单: what the resident reported, where it was routed, and every step's time (T-2 … T-5)."""

    number = models.CharField(pgettext_lazy("repair", "number"), max_length=20, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CREATED)
    # T-2 intake
    category = models.CharField(pgettext_lazy("repair", "category"), max_length=20, choices=Category.choices)
    fault_location = models.CharField(_("fault location"), max_length=100, blank=True)
    severity = models.CharField(
        pgettext_lazy("repair", "severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL
    )
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(pgettext_lazy("repair", "address"), max_length=200)
    caller_name = models.CharField(_("caller name"), max_length=60)
    caller_phone = models.CharField(_("caller phone"), max_length=20, db_index=True)
    confirmed_content = models.BooleanField(_("content read back"), default=False)
    confirmed_address = models.BooleanField(_("address read back"), default=False)
    confirmed_name = models.BooleanField(_("name read back"), default=False)
    confirmed_phone = models.BooleanField(_("phone read back"), default=False)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    call = models.ForeignKey(
        "callcenter.Call",
        verbose_name=pgettext_lazy("repair", "call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    # T-3 routing
    station = models.ForeignKey(
        Station, verbose_name=_("station"), null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    route_outcome = models.CharField(_("routing result"), max_length=10, choices=RouteOutcome.choices, blank=True)
    proposed_station = models.ForeignKey(
        Station,
        verbose_name=_("proposed station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    community_key = models.CharField(_("routed community"), max_length=60, blank=True, editable=False)
    building = models.PositiveIntegerField(_("building"), null=True, blank=True, editable=False)
    route_overridden = models.BooleanField(_("routing overridden"), default=False)
    override_reason = models.CharField(_("override reason"), max_length=200, blank=True)
    reject_count = models.PositiveSmallIntegerField(_("times rejected"), default=0)
    outage = models.ForeignKey(
        "tickets.Outage",
        verbose_name=_("area outage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    revisit_of = models.ForeignKey(
        "self",
        verbose_name=_("return visit of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisits",
        help_text=_("The ticket whose callback found the problem not solved."),
    )
    # T-4 lifecycle
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken by"), on_delete=models.PROTECT, related_name="tickets_taken"
    )
    created_at = models.DateTimeField(pgettext_lazy("repair", "created at"), default=timezone.now, editable=False)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    accepted_at = models.DateTimeField(pgettext_lazy("repair", "accepted at"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("resident contacted at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("on site at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    called_back_at = models.DateTimeField(_("callback done at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("repair", "closed at"), null=True, blank=True)
    technician = models.CharField(_("technician"), max_length=60, blank=True)
    result = models.TextField(_("repair result"), blank=True)
    fee_charged = models.BooleanField(_("fee charged"), null=True, blank=True)
    fee_amount = models.DecimalField(_("fee amount (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    # T-5 deadlines, stored so the sweep finds late tickets with one indexed query
    accept_due_at = models.DateTimeField(_("accept by"), null=True, blank=True)
    contact_due_at = models.DateTimeField(_("contact by"), null=True, blank=True)
    arrive_due_at = models.DateTimeField(_("on site by"), null=True, blank=True)
    finish_due_at = models.DateTimeField(_("finish by"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("repair ticket")
        verbose_name_plural = _("repair tickets")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("dispatch_ticket", _("May dispatch and re-route repair tickets")),
            ("work_ticket", _("May accept, reject and report progress on repair tickets")),
            ("callback_ticket", _("May record the callback on a repair ticket")),
            ("close_ticket", _("May close repair tickets")),
            ("view_routing", _("May ask which station covers an address")),
        ]
        indexes = [
            models.Index(fields=["station", "status", "-created_at"], name="ticket_station_status_idx"),
            models.Index(fields=["station", "-created_at", "-id"], name="ticket_station_created_idx"),
            models.Index(fields=["-created_at", "-id"], name="ticket_created_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="ticket_status_created_id_idx"),
            models.Index(fields=["created_by", "-created_at"], name="ticket_taker_created_idx"),
            models.Index(fields=["community_key", "created_at"], name="ticket_community_created_idx"),
            # one partial index per limit: "late now" reads only the rows still waiting for that step
            models.Index(fields=["accept_due_at"], name="ticket_accept_due_idx", condition=Q(status="dispatched")),
            models.Index(fields=["contact_due_at"], name="ticket_contact_due_idx", condition=Q(status="accepted")),
            models.Index(fields=["arrive_due_at"], name="ticket_arrive_due_idx", condition=Q(status="contacted")),
            models.Index(fields=["finish_due_at"], name="ticket_finish_due_idx", condition=Q(status__in=AT_STATION)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_amount__isnull=True) | Q(fee_amount__gte=0), name="ticket_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(fee_amount__isnull=True) | Q(fee_amount=0) | Q(fee_charged=True),
                name="ticket_fee_only_when_charged",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def caller_phone_masked(self) -> str:
        return masking.mask_phone(self.caller_phone)

    @property
    def caller_name_masked(self) -> str:
        return masking.mask_name(self.caller_name)

    @property
    def address_masked(self) -> str:
        return masking.mask_address(self.address)

    def late_limits(self, moment=None) -> list[str]:
        """Which T-5 limits this ticket has passed at `moment` (for display; the sweep uses the indexed selector)."""
        moment = moment or timezone.now()
        late = []
        if self.status == Status.DISPATCHED and self.accept_due_at and self.accept_due_at < moment:
            late.append("accept")
        if self.status == Status.ACCEPTED and self.contact_due_at and self.contact_due_at < moment:
            late.append("contact")
        if self.status == Status.CONTACTED and self.arrive_due_at and self.arrive_due_at < moment:
            late.append("arrive")
        if self.status in AT_STATION and self.finish_due_at and self.finish_due_at < moment:
            late.append("finish")
        return late

    def late_labels(self, moment=None) -> list[str]:
        """The passed limits in words, for the ticket's page."""
        return [str(LATE_LABELS[code]) for code in self.late_limits(moment)]


class TicketEvent(AppendOnlyModel):
    """One step of a ticket's life with its actor and time (T-4). Append-only: the record of who did what."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.PROTECT, related_name="events")
    action = models.CharField(pgettext_lazy("repair", "action"), max_length=20)
    from_status = models.CharField(pgettext_lazy("repair", "from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(pgettext_lazy("repair", "to"), max_length=20, choices=Status.choices)
    station = models.ForeignKey(
        Station, verbose_name=_("station"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("repair", "by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class ExceptionEvent(models.Model):
    """An exception event 异常事件 (seed 004 §九, T-6); complaint-type ones are tracked to a result."""

    type = models.CharField(_("type"), max_length=30, choices=ExceptionType.choices)
    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), null=True, blank=True, on_delete=models.PROTECT, related_name="exceptions"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), null=True, blank=True, on_delete=models.PROTECT, related_name="exceptions"
    )
    description = models.TextField(_("what happened"), blank=True)
    person = models.CharField(_("technician or staff concerned"), max_length=60, blank=True)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Blank: raised by the system when a time limit passed."),
    )
    follow_up = models.CharField(_("follow-up"), max_length=10, choices=FollowUp.choices, default=FollowUp.NONE)
    result = models.TextField(_("result"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exception event")
        verbose_name_plural = _("exception events")
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["follow_up", "-raised_at"], name="exception_followup_idx"),
            models.Index(fields=["type", "-raised_at"], name="exception_type_idx"),
        ]
        constraints = [
            # A timing exception is raised once per ticket however often the sweep runs (idempotent).
            models.UniqueConstraint(
                fields=["ticket", "type"],
                condition=Q(type__in=[t.value for t in TIMING_EXCEPTIONS.values()]),
                name="exception_timing_once_per_ticket",
            ),
            models.CheckConstraint(
                condition=~Q(follow_up=FollowUp.RESOLVED) | Q(resolved_at__isnull=False),
                name="exception_resolved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.raised_at:%Y-%m-%d %H:%M}"

    @property
    def is_complaint(self) -> bool:
        return self.type in COMPLAINT_EXCEPTIONS


class Outage(models.Model):
    """A master outage ticket for one community or building cluster (T-8): calls behind it link, not dispatch."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by the system")
        OPEN = "open", pgettext_lazy("repair", "Open")
        CLOSED = "closed", pgettext_lazy("repair", "Closed")
        DISMISSED = "dismissed", _("Dismissed (not an outage)")

    number = models.CharField(pgettext_lazy("repair", "number"), max_length=20, unique=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="outages")
    district_stem = models.CharField(_("district"), max_length=40, blank=True)
    community_key = models.CharField(_("community key"), max_length=60, db_index=True)
    community = models.CharField(_("community"), max_length=60)
    building_from = models.PositiveIntegerField(_("first building"), null=True, blank=True)
    building_to = models.PositiveIntegerField(_("last building"), null=True, blank=True)
    cause = models.TextField(_("what is known"), blank=True)
    restore_expected_at = models.DateTimeField(_("announced restoration"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(pgettext_lazy("repair", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("repair", "closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area outage")
        verbose_name_plural = _("area outages")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["community_key", "state"], name="outage_community_state_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.community}"

    def covers(self, building: int | None) -> bool:
        return self.building_from is None or (
            building is not None and self.building_from <= building <= (self.building_to or self.building_from)
        )


class OutageSettings(models.Model):
    """The supervisor's T-8 threshold: this many repair calls from one community within this many minutes."""

    calls = models.PositiveSmallIntegerField(
        pgettext_lazy("repair", "calls"), default=5, validators=[MinValueValidator(2)]
    )
    minutes = models.PositiveSmallIntegerField(_("within minutes"), default=30, validators=[MinValueValidator(1)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outage detection setting")
        verbose_name_plural = _("outage detection settings")

    def __str__(self) -> str:
        return f"{self.calls} / {self.minutes} min"
