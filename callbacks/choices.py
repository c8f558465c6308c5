"""The fixed vocabularies of callbacks 回访 (K-5, C-10): the seed-004 answers are exactly these values."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    REPAIR = "repair", _("Repair callback")
    COMPLAINT = "complaint", _("Complaint callback")


class Status(models.TextChoices):
    PENDING = "pending", pgettext_lazy("callback", "Due")
    APPOINTED = "appointed", _("Appointment booked")
    DONE = "done", pgettext_lazy("callback", "Done")
    GIVEN_UP = "given_up", _("Given up")


OPEN_STATUSES = (Status.PENDING.value, Status.APPOINTED.value)


class Outcome(models.TextChoices):
    """What one attempt to call the resident came to (the append-only attempt log)."""

    DONE = "done", _("Survey done")
    NOT_REACHED = "not_reached", _("Not reached")
    NOT_CONVENIENT = "not_convenient", _("Not convenient now: appointment booked")
    GIVEN_UP = "given_up", _("Given up")
    ASSIGNED = "assigned", _("Assigned")


class Attitude(models.TextChoices):
    """Seed 004 b: 维修工态度如何？(满意、一般、不满意); also the complaint-handling question."""

    SATISFIED = "satisfied", _("Satisfied")
    AVERAGE = "average", pgettext_lazy("satisfaction", "Average")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
