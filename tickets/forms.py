"""Forms for the ticket pages: they validate shapes; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tickets.choices import AGENT_RECORDED_EXCEPTIONS, Category, Severity
from tickets.models import ServiceArea, Station, TimeLimit


class TicketForm(forms.Form):
    """The intake script of seed 004: problem, address, name, phone — each read back and ticked."""

    category = forms.ChoiceField(
        label=pgettext_lazy("repair", "Problem"), choices=Category.choices, widget=forms.RadioSelect
    )
    fault_location = forms.CharField(label=_("Fault location"), max_length=100, required=False)
    severity = forms.ChoiceField(
        label=pgettext_lazy("repair", "Severity"), choices=Severity.choices, initial=Severity.NORMAL
    )
    description = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirmed_content = forms.BooleanField(label=_("Problem read back and confirmed"), required=False)
    address = forms.CharField(label=pgettext_lazy("repair", "Address"), max_length=200)
    confirmed_address = forms.BooleanField(label=_("Address read back and confirmed"), required=False)
    caller_name = forms.CharField(label=_("Caller name"), max_length=60)
    confirmed_name = forms.BooleanField(label=_("Name read back and confirmed"), required=False)
    caller_phone = forms.CharField(label=pgettext_lazy("repair", "Phone"), max_length=40)
    confirmed_phone = forms.BooleanField(label=_("Phone read back and confirmed"), required=False)
    station = forms.ModelChoiceField(
        label=_("Another station"),
        queryset=Station.objects.filter(is_active=True),
        required=False,
        help_text=_("Only when the routing proposal is wrong or ambiguous."),
    )
    override_reason = forms.CharField(label=_("Reason for choosing another station"), max_length=200, required=False)
    call = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StationForm(forms.ModelForm):
    class Meta:
        model = Station
        fields = ["name", "code", "phone", "duty_mobile", "is_active", "sort_order"]


class ServiceAreaForm(forms.ModelForm):
    class Meta:
        model = ServiceArea
        fields = ["district", "street", "community", "building_from", "building_to", "is_active"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Sheet (.xlsx or .csv)"))
    good_rows_only = forms.BooleanField(
        label=_("Import the good rows and skip the bad ones"),
        required=False,
        help_text=_("Unticked: when any row is bad, nothing is imported."),
    )


class TimeLimitForm(forms.ModelForm):
    class Meta:
        model = TimeLimit
        fields = ["station", "category", "accept_minutes", "contact_minutes", "arrive_minutes", "finish_minutes"]


class ExceptionForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=[(t.value, t.label) for t in AGENT_RECORDED_EXCEPTIONS])
    ticket = forms.CharField(label=_("Ticket number"), max_length=20, required=False)
    station = forms.ModelChoiceField(label=_("Station"), queryset=Station.objects.all(), required=False)
    person = forms.CharField(label=_("Technician or staff concerned"), max_length=60, required=False)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))


class OutageForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Station"), queryset=Station.objects.filter(is_active=True))
    district = forms.CharField(label=_("District"), max_length=40, required=False)
    community = forms.CharField(label=_("Community"), max_length=60)
    building_from = forms.IntegerField(label=_("First building"), required=False, min_value=1)
    building_to = forms.IntegerField(label=_("Last building"), required=False, min_value=1)
    cause = forms.CharField(label=_("What is known"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    restore_expected_at = forms.DateTimeField(label=_("Announced restoration"), required=False)
