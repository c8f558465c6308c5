from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportDateForm(forms.Form):
    """Which day's report: a real date that has begun (today is allowed and marked as in progress)."""

    date = forms.DateField(label=_("Date"), input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}))

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A report cannot be built for a future date."), code="future_date")
        return day
