"""The callback page's input, shaped for the services: they validate and decide (clean_answers, the appointment
rules); this module only picks the fields a page posts and reads a datetime-local field."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from callbacks.choices import Kind
from callbacks.models import CallbackSettings

REPAIR_FIELDS = ("solved", "attitude", "fee_charged", "score", "suggestion", "heating_fee_unpaid", "fee_reminder_read")
COMPLAINT_FIELDS = ("solved", "handling", "score", "suggestion")
TEXT_LIMIT = 5000  # anything longer is cut before the service sees it (the service names the real limits)


def survey_answers(data, *, kind: str) -> dict:
    """The answers a survey form posted, by the names clean_answers knows; a field left out stays out (None)."""
    fields = REPAIR_FIELDS if kind == Kind.REPAIR else COMPLAINT_FIELDS
    answers = {field: (data.get(field) or "")[:TEXT_LIMIT] for field in fields}
    # a ticked box posts "yes"; an unticked one posts nothing: not known, not "paid"
    answers["heating_fee_unpaid"] = answers.get("heating_fee_unpaid") or None
    answers["fee_reminder_read"] = bool(answers.get("fee_reminder_read"))
    if kind != Kind.REPAIR:
        answers.pop("heating_fee_unpaid")
        answers.pop("fee_reminder_read")
    return answers


def local_datetime(value: str, *, field: str) -> datetime | None:
    """A datetime-local value ("2026-01-15T14:30") in the centre's time zone; empty → None; garbage → a field error."""
    value = (value or "").strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return timezone.make_aware(datetime.strptime(value[:19], pattern))  # noqa: DTZ007  made aware here
        except ValueError:
            continue
    raise ValidationError({field: [_("Enter a date and time, for example 2026-01-15 14:30.")]})


# the settings page shows the rules, then the script's lines
RULE_FIELDS = (
    "due_working_days",
    "max_attempts",
    "retry_minutes",
    "low_score",
    "lead_after_hours",
    "supervisor_after_hours",
    "hotline",
)
LINE_FIELDS = ("opening", "complaint_opening", "fee_reminder", "closing")


class CallbackSettingsForm(forms.ModelForm):
    """The supervisor's callback rules and script: the model's validators bound every figure."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the labels stand above their fields: no colon
        super().__init__(*args, **kwargs)

    class Meta:
        model = CallbackSettings
        fields = [*RULE_FIELDS, *LINE_FIELDS]
        widgets = {
            "opening": forms.Textarea(attrs={"rows": 2}),
            "complaint_opening": forms.Textarea(attrs={"rows": 2}),
            "fee_reminder": forms.Textarea(attrs={"rows": 2}),
            "closing": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        lead, supervisor = cleaned.get("lead_after_hours"), cleaned.get("supervisor_after_hours")
        if lead is not None and supervisor is not None and supervisor < lead:
            self.add_error(
                "supervisor_after_hours",
                _("The supervisor is told after the team lead: enter at least %(n)s.") % {"n": lead},
            )
        return cleaned
