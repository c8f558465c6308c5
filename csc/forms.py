"""Form pieces pages share: a period of local days (the dashboard's and the contact-centre figures' filter bars)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from csc.filters import no_control_characters


class PeriodForm(forms.Form):
    """date_from..date_to, local days, both optional; ending before it starts, or longer than MAX_DAYS, is a
    message. Every field refuses control characters."""

    MAX_DAYS = 366

    date_from = forms.DateField(label=pgettext_lazy("period", "From"), required=False)
    date_to = forms.DateField(label=pgettext_lazy("period", "To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(no_control_characters)

    def clean(self):
        data = super().clean() or {}
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            raise forms.ValidationError(_("The period ends before it starts."), code="reversed")
        if first and last and (last - first).days >= self.MAX_DAYS:
            raise forms.ValidationError(_("Choose at most %(days)d days.") % {"days": self.MAX_DAYS}, code="too_long")
        return data
