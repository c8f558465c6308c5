"""The fixed vocabularies of complaints (SPEC C-4, C-5, C-6, C-12); categories are data a supervisor edits."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("complaint", "Registered")
    INVESTIGATING = "investigating", _("Investigating")
    PROPOSED = "proposed", _("Resolution proposed")
    APPROVED = "approved", _("Approved")
    INFORMED = "informed", _("Customer informed")
    CLOSED = "closed", pgettext_lazy("complaint", "Closed")
    APPEALED = "appealed", _("Appealed")


OPEN_STATUSES = [s.value for s in Status if s != Status.CLOSED]


class Kind(models.TextChoices):
    CUSTOMER = "customer", _("Customer complaint")
    INTERNAL = "internal", _("Internal (employee) complaint")


class CauseClass(models.TextChoices):
    UNDETERMINED = "", _("Not determined yet")
    QUALITY = "quality", _("Quality-related")
    NON_QUALITY = "non_quality", _("Non-quality (human factor)")


class Severity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class Channel(models.TextChoices):
    PHONE = "phone", pgettext_lazy("complaint", "Phone")
    VISIT = "visit", _("Visit")
    LETTER = "letter", pgettext_lazy("complaint", "Letter")
    WEB = "web", _("Web")
    GOVERNMENT_HOTLINE = "government_hotline", _("Government hotline (12345)")


class Validity(models.TextChoices):
    VALID = "valid", _("Valid")
    INVALID = "invalid", _("Invalid")


class RemedyType(models.TextChoices):
    APOLOGY = "apology", _("Apology / explanation")
    REPAIR = "repair", _("Repair or redo the service")
    COMPENSATION = "compensation", _("Compensation")
    CREDIT = "credit", _("Credit / discount")
    RETURN = "return", _("Return / replacement")
    OTHER = "other", _("Other")


class CommitmentKind(models.TextChoices):
    FIRST_REPLY = "first_reply", _("First reply (within 2 hours)")
    PROMISE = "promise", _("Promised reply")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("complaint", "Open")
    KEPT = "kept", _("Kept")
    MISSED = "missed", _("Missed")


class EntryKind(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("complaint", "Registered")
    NOTE = "note", _("Progress note")
    CORRECTION = "correction", _("Correction")
    TRANSITION = "transition", _("Status change")
    TRANSFER = "transfer", _("Owner transferred")
    HANDLER = "handler", _("Handler added")
    CLASSIFICATION = "classification", _("Classification")
    REPLY = "reply", _("Reply to the customer")
    PROMISE = "promise", _("Promise made")
    RESPONSIBILITY = "responsibility", _("Responsibility")
    PENALTY = "penalty", _("Penalty decision")
    CALLBACK = "callback", _("Callback")
    SMS = "sms", _("SMS")
    APPEAL = "appeal", _("Appeal")
    DECISION = "decision", _("Final decision")
