"""Choices of the call centre: call events and states, scripts, holidays, FAQ and recording states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallEventType(models.TextChoices):
    """The steps a CTI reports for one call (one event per step, K-1, K-10)."""

    QUEUED = "queued", _("Entered the queue")
    RINGING = "ringing", _("Ringing at an agent")
    ANSWERED = "answered", _("Answered")
    HANGUP = "hangup", _("Hung up")


class HangupCause(models.TextChoices):
    COMPLETED = "completed", pgettext_lazy("call centre", "Completed")
    ABANDONED = "abandoned", _("Abandoned in queue")
    NO_ANSWER = "no_answer", _("No answer")


class CallStatus(models.TextChoices):
    """Derived from the call's events, whatever order they arrived in."""

    QUEUED = "queued", _("In queue")
    RINGING = "ringing", _("Ringing")
    TALKING = "talking", _("Talking")
    ENDED = "ended", _("Ended")


class CallSource(models.TextChoices):
    TELEPHONY = "telephony", _("Telephony")
    MANUAL = "manual", _("Started by hand")


class ScriptKind(models.TextChoices):
    OPENING = "opening", _("Opening line")
    OPENING_MORNING = "opening_morning", _("Opening line before 10:00")
    CLOSING = "closing", _("Closing line")


class Holiday(models.TextChoices):
    NEW_YEAR = "new_year", _("New Year")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    LABOUR_DAY = "labour_day", _("Labour Day")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    NATIONAL_DAY = "national_day", _("National Day")


class PendingQuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the department")
    ANSWERED = "answered", _("Answered")
