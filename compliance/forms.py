"""Page forms: they validate and shape input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from compliance.models import (
    AuthorityLevel,
    AuthorityType,
    DisclosureChannel,
    DisclosureContent,
    DisclosureMethod,
    RequestedRecord,
)
from customers.models import Customer

_DATE = forms.DateInput(attrs={"type": "date"})


class PurposeForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose"), max_length=200)


class CloseCustomerForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing the account"), max_length=200)


class DisclosureForm(forms.Form):
    method = forms.ChoiceField(label=_("Identity check"), choices=DisclosureMethod.choices, widget=forms.RadioSelect)
    channel = forms.ChoiceField(label=pgettext_lazy("records protection", "Channel"), choices=DisclosureChannel.choices)
    contents = forms.MultipleChoiceField(
        label=_("Records asked for"), choices=DisclosureContent.choices, widget=forms.CheckboxSelectMultiple
    )
    period_start = forms.DateField(label=_("Period from"), required=False, widget=_DATE)
    period_end = forms.DateField(label=_("Period to"), required=False, widget=_DATE)
    service_password = forms.CharField(
        label=_("Service password"), required=False, max_length=32, widget=forms.PasswordInput(render_value=False)
    )
    id_card_number = forms.CharField(label=_("ID-card number presented"), required=False, max_length=30)
    in_person = forms.BooleanField(
        label=_("The customer is here in person with their own ID card (never by proxy)"), required=False
    )
    handler_name = forms.CharField(label=_("Handling person"), required=False, max_length=60)
    handler_id_number = forms.CharField(label=_("Handling person's ID-card number"), required=False, max_length=30)
    company_letter_number = forms.CharField(label=_("Company letter number"), required=False, max_length=60)
    detail = forms.CharField(
        label=_("What was disclosed or printed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EnforcementRequestForm(forms.Form):
    authority_type = forms.ChoiceField(label=_("Authority"), choices=AuthorityType.choices)
    authority_name = forms.CharField(label=_("Authority name"), max_length=120)
    authority_level = forms.ChoiceField(label=_("Authority level"), choices=AuthorityLevel.choices)
    letter_number = forms.CharField(label=_("Letter number"), required=False, max_length=60)
    letter_scan = forms.FileField(label=_("Letter scan (PDF or image)"), required=False)
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=60)
    case_description = forms.CharField(label=_("Case"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    officer_name = forms.CharField(label=_("Officer"), max_length=60)
    officer_badge = forms.CharField(label=_("Officer's badge or certificate number"), required=False, max_length=40)
    officer_phone = forms.CharField(label=_("Officer's phone"), required=False, max_length=30)
    customers = forms.CharField(
        label=_("Customers concerned"),
        help_text=_("Customer ids or account numbers, separated by commas or spaces."),
        max_length=2000,
    )
    records_requested = forms.MultipleChoiceField(
        label=_("Records requested"), choices=RequestedRecord.choices, widget=forms.CheckboxSelectMultiple
    )
    records_detail = forms.CharField(
        label=_("Records requested, in detail"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_customers(self) -> list[int]:
        tokens = [t for t in self.cleaned_data["customers"].replace(",", " ").replace("，", " ").split() if t]
        if not tokens:
            raise forms.ValidationError(_("Name at least one customer."))
        ids = {int(t) for t in tokens if t.isdigit()}
        by_account = dict(Customer.objects.filter(account_number__in=tokens).values_list("account_number", "pk"))
        known_ids = set(Customer.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = [t for t in tokens if t not in by_account and not (t.isdigit() and int(t) in known_ids)]
        if missing:
            raise forms.ValidationError(
                _("No customer with id or account number %(list)s.") % {"list": ", ".join(missing)}
            )
        return sorted({by_account.get(t) or int(t) for t in tokens})


class EnforcementActionForm(forms.Form):
    note = forms.CharField(label=_("Note or reason"), required=False, max_length=300)
    records = forms.MultipleChoiceField(
        label=_("Records handed over"),
        required=False,
        choices=RequestedRecord.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    handed_over = forms.CharField(
        label=_("Exactly what was handed over"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ArchiveLoanForm(forms.Form):
    customer = forms.CharField(label=_("Customer id or account number"), max_length=30)
    document = forms.CharField(label=_("Document"), max_length=200)
    borrower = forms.ModelChoiceField(label=_("Borrower"), queryset=User.objects.filter(is_active=True))
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    due_date = forms.DateField(label=_("Due back on"), widget=_DATE)

    def clean_customer(self) -> Customer:
        value = self.cleaned_data["customer"].strip()
        customer = Customer.objects.filter(account_number=value).first()
        if customer is None and value.isdigit():
            customer = Customer.objects.filter(pk=int(value)).first()
        if customer is None:
            raise forms.ValidationError(_("No customer with id or account number %(value)s.") % {"value": value})
        return customer


class LoanActionForm(forms.Form):
    copy_location = forms.CharField(label=_("Where the copy is kept"), required=False, max_length=120)
    reason = forms.CharField(label=pgettext_lazy("records protection", "Reason"), required=False, max_length=200)
    note = forms.CharField(label=_("Condition on return"), required=False, max_length=200)
