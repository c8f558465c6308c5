"""The fixed vocabularies of repair tickets (SPEC T-2, T-4, T-5, T-6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    """The problem as the caller reports it (seed 004 daily report columns: 不热, 冰凉, 测温, 漏水)."""

    NOT_WARM = "not_warm", _("Not warm enough")
    COLD = "cold", _("Radiator cold")
    TEMPERATURE_CHECK = "temperature_check", _("Temperature check requested")
    LEAK = "leak", _("Leak")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    NORMAL = "normal", _("Normal")
    SERIOUS = "serious", _("Serious")
    URGENT = "urgent", _("Urgent (water running, no heat at all)")


class Status(models.TextChoices):
    """T-4: created → dispatched → accepted → contacted → on site → completed → called back → closed."""

    CREATED = "created", _("Waiting for dispatch")
    RETURNED = "returned", _("Rejected by station, to re-route")
    DISPATCHED = "dispatched", _("Dispatched to station")
    ACCEPTED = "accepted", _("Accepted by station")
    CONTACTED = "contacted", _("Resident contacted")
    ON_SITE = "on_site", _("Technician on site")
    COMPLETED = "completed", pgettext_lazy("repair", "Completed")
    CALLED_BACK = "called_back", _("Callback done")
    CLOSED = "closed", pgettext_lazy("repair", "Closed")
    LINKED = "linked", _("Linked to an area outage")


AGENT_QUEUE = [Status.CREATED, Status.RETURNED]
AT_STATION = [Status.DISPATCHED, Status.ACCEPTED, Status.CONTACTED, Status.ON_SITE]
OPEN_STATUSES = [*AGENT_QUEUE, *AT_STATION, Status.COMPLETED, Status.CALLED_BACK]
# The repair is not done yet: waiting for dispatch or at the station (the lists' and the dashboard's "open"; the
# daily report's "unfinished"). A ticket linked to an area outage is counted with its outage (T-8), not here.
UNFINISHED = [*AGENT_QUEUE, *AT_STATION]


class RouteOutcome(models.TextChoices):
    EXACT = "exact", _("One station covers this address")
    NONE = "none", _("No station covers this address")
    AMBIGUOUS = "ambiguous", _("Several stations could cover this address")


class LimitKind(models.TextChoices):
    """The T-5 time limits a ticket carries as stored deadlines."""

    ACCEPT = "accept", _("Accept within")
    CONTACT = "contact", _("Contact the resident within")
    ARRIVE = "arrive", _("On site within")
    FINISH = "finish", _("Finish within")


class ExceptionType(models.TextChoices):
    """The nine exception events of seed 004 §九 (T-6)."""

    NOT_ACCEPTED_IN_TIME = "not_accepted_in_time", _("Station did not handle the ticket in time")
    NOT_CONTACTED_IN_TIME = "not_contacted_in_time", _("Technician did not contact the resident in time")
    REPAIR_OVER_LIMIT = "repair_over_limit", _("Repair took more than 4 hours")
    UNREACHABLE = "unreachable", _("Station phone and technician mobile both unanswered")
    PRAISE = "praise", _("Praise of a technician")
    TECHNICIAN_COMPLAINT = "technician_complaint", _("Complaint about a technician")
    BILLING_COMPLAINT = "billing_complaint", _("Complaint about billing staff")
    SUGGESTION = "suggestion", _("Opinion or suggestion")
    HEATING_OFFICE = "heating_office", _("Complaint or repair forwarded by the city/district heating office")


TIMING_EXCEPTIONS = {
    LimitKind.ACCEPT: ExceptionType.NOT_ACCEPTED_IN_TIME,
    LimitKind.CONTACT: ExceptionType.NOT_CONTACTED_IN_TIME,
    LimitKind.FINISH: ExceptionType.REPAIR_OVER_LIMIT,
}
# Seed 004 §九.4: complaint-type events go to the supervisor at once and are tracked to a result.
COMPLAINT_EXCEPTIONS = {
    ExceptionType.TECHNICIAN_COMPLAINT,
    ExceptionType.BILLING_COMPLAINT,
    ExceptionType.HEATING_OFFICE,
}
AGENT_RECORDED_EXCEPTIONS = [t for t in ExceptionType if t not in TIMING_EXCEPTIONS.values()]


class FollowUp(models.TextChoices):
    NONE = "none", _("Reported in the daily, weekly and monthly reports")
    OPEN = "open", _("Open: the supervisor follows it up")
    RESOLVED = "resolved", _("Resolved")
