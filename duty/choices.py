"""The fixed vocabularies of shifts, handovers, duty logs and incidents (K-7, K-9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SwapState(models.TextChoices):
    """Seed 004: 请假换班须提前一天请示 — a swap is asked for a day ahead and takes effect only when a lead approves."""

    REQUESTED = "requested", _("Waiting for a lead")
    APPROVED = "approved", pgettext_lazy("swap", "Approved")
    REFUSED = "refused", pgettext_lazy("swap", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("swap", "Withdrawn")


class HandoverState(models.TextChoices):
    OPEN = "open", _("Being handed over")
    WAITING_LEAD = "waiting_lead", _("Waiting for the lead")
    DONE = "done", pgettext_lazy("duty", "Handed over")


class ItemKind(models.TextChoices):
    """What a shift leaves the next: read from the records, never typed."""

    TICKET = "ticket", _("Repair ticket waiting on the desk")
    COMPLAINT = "complaint", _("Open complaint")
    PROMISE = "promise", _("Reply promised")
    CALLBACK = "callback", _("Callback appointed")
    INCIDENT = "incident", _("Open incident")


class IncidentKind(models.TextChoices):
    """Seed 000 突发事件的类别."""

    SYSTEM_FAILURE = "system_failure", _("System failure")
    POWER_OUTAGE = "power_outage", _("Power outage")
    FIGHT = "fight", _("Fight or disturbance")
    THEFT = "theft", _("Theft")
    ROBBERY = "robbery", _("Robbery")
    FIRE = "fire", _("Fire")
    MASS_COMPLAINT = "mass_complaint", _("Mass complaint")
    OTHER = "other", pgettext_lazy("incident", "Other")


class IncidentState(models.TextChoices):
    OPEN = "open", pgettext_lazy("incident", "Open")
    ENDED = "ended", _("Over, report pending")
    CLOSED = "closed", pgettext_lazy("incident", "Closed")


class NoticeChannel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    FAX = "fax", _("Fax")
    IN_PERSON = "in_person", _("In person")
    MESSAGE = "message", _("Text or e-mail")
    ALARM = "alarm", _("Police 110 / ambulance 120 / fire 119")
