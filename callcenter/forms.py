"""Forms of the desk and the call-centre pages: they validate and shape input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from callcenter.choices import ScriptKind
from callcenter.models import CallDirection, CallType, FaqEntry, HolidayGreeting
from callcenter.selectors import has_agent_number_slot
from csc.forms import PeriodForm
from customers import phones


class PhoneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return phones.normalise(value)
        except phones.PhoneError:
            raise forms.ValidationError(_("Not a phone number. Digits with +86, spaces or dashes are fine.")) from None


class StartCallForm(forms.Form):
    phone = PhoneField(label=_("Caller's number"), max_length=40)
    direction = forms.ChoiceField(label=_("Direction"), choices=CallDirection.choices, initial=CallDirection.INBOUND)


class LookupForm(forms.Form):
    phone = PhoneField(label=pgettext_lazy("call centre", "Phone"), max_length=40)


class WrapUpForm(forms.Form):
    call_type = forms.ChoiceField(label=_("Type"), choices=CallType.choices)
    summary = forms.CharField(
        label=pgettext_lazy("call centre", "Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    end_call = forms.BooleanField(label=_("End the call"), required=False, initial=True)


class ConsultationForm(forms.Form):
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    answer = forms.CharField(
        label=_("Answer given"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    faq_entry = forms.ModelChoiceField(
        label=_("Standard answer used"), queryset=FaqEntry.objects.filter(is_active=True), required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("answer") and data.get("faq_entry"):
            data["answer"] = data["faq_entry"].answer
        if not data.get("answer"):
            self.add_error("answer", _("Write the answer you gave, or pick a standard answer."))
        return data


class PendingQuestionForm(forms.Form):
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    department = forms.CharField(label=_("Department to ask"), max_length=60)


class PendingAnswerForm(forms.Form):
    answer = forms.CharField(label=_("The department's answer"), widget=forms.Textarea(attrs={"rows": 4}))
    faq_entry = forms.ModelChoiceField(
        label=_("Revise this standard answer (leave empty for a new one)"),
        queryset=FaqEntry.objects.filter(is_active=True),
        required=False,
    )
    title = forms.CharField(label=_("Title of the standard answer"), max_length=200, required=False)
    keywords = forms.CharField(label=_("Keywords"), max_length=300, required=False)


class FaqEntryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question as callers ask it"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    answer = forms.CharField(label=_("Standard answer"), widget=forms.Textarea(attrs={"rows": 6}))
    keywords = forms.CharField(label=_("Keywords"), max_length=300, required=False)
    department = forms.CharField(label=_("Responsible department"), max_length=60, required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)


class ScriptForm(forms.Form):
    kind = forms.ChoiceField(choices=ScriptKind.choices, widget=forms.HiddenInput)
    text = forms.CharField(label=pgettext_lazy("call centre", "Text"), max_length=300)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not has_agent_number_slot(text) and self.cleaned_data.get("kind") != ScriptKind.CLOSING:
            raise forms.ValidationError(_("An opening line must contain 【工号】, where the agent's number is said."))
        return text


class HolidayGreetingForm(forms.ModelForm):
    class Meta:
        model = HolidayGreeting
        fields = ["holiday", "starts_on", "ends_on", "text", "is_active"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not has_agent_number_slot(text):
            raise forms.ValidationError(_("An opening line must contain 【工号】, where the agent's number is said."))
        return text


class RecordingDeleteForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("call centre", "Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        min_length=4,
        max_length=1000,
    )


class CallFiguresForm(PeriodForm):
    """The contact-centre figures' filters (K-10): a period of local days, a team, and how to break them down."""

    BY = [
        ("hour", pgettext_lazy("call figures", "By hour")),
        ("day", pgettext_lazy("call figures", "By day")),
        ("agent", pgettext_lazy("call figures", "By agent")),
        ("team", pgettext_lazy("call figures", "By team")),
    ]
    MAX_DAYS = 92

    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    by = forms.ChoiceField(label=pgettext_lazy("call figures", "Break down"), choices=BY, required=False)

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("All teams")), *teams]
