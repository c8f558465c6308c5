"""The fixed vocabularies of recording spot checks 录音抽查 and the monthly appraisal 月考核 (K-4, K-8)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SheetKind(models.TextChoices):
    """Which recordings a score sheet is for: the seed's two printed sheets, and any a centre adds."""

    INTAKE = "intake", _("Repair intake")
    CALLBACK = "callback", pgettext_lazy("quality", "Callback")
    OTHER = "other", pgettext_lazy("quality", "Other")


class Purpose(models.TextChoices):
    """A check counts in the agent's appraisal; a calibration is a second lead scoring the same call, to compare."""

    CHECK = "check", _("Spot check")
    CALIBRATION = "calibration", _("Calibration")


class CheckerLevel(models.TextChoices):
    """Seed 004: each team lead checks every agent daily (各领班每天), the department head weekly (部长每周)."""

    LEAD = "lead", _("Team lead")
    HEAD = "head", _("Department head")


class MarkKind(models.TextChoices):
    ERROR = "error", _("Counted error")
    PRAISE = "praise", _("Praise")


class MarkSource(models.TextChoices):
    SPOT_CHECK = "spot_check", _("Spot check")
    TICKET = "ticket", _("Repair ticket rejected for a wrong station")
    MANUAL = "manual", _("Recorded by a lead")


class MarkState(models.TextChoices):
    """A mark from a rejected ticket waits for a lead's word (the address may have been the routing's fault)."""

    PROPOSED = "proposed", _("Waiting for a lead")
    COUNTED = "counted", pgettext_lazy("quality", "Counted")
    WAIVED = "waived", _("Waived")
