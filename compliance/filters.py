"""The filters of the records-protection lists — customers, the access log, law-enforcement requests, archive
loans — one set per list for its page and its API alike."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compliance.models import ENFORCEMENT_OPEN, AccessChannel, EnforcementStatus, ExportFormat, LoanStatus
from compliance.selectors import loans_overdue
from csc.exports import LISTS
from csc.filters import DayFromFilter, DayToFilter, FilterSet, FlagFilter, SortFilter
from customers import phones

_DATE = forms.DateInput(attrs={"type": "date"})


class CustomerFilter(FilterSet):
    q = django_filters.CharFilter(label=pgettext_lazy("records protection", "Search"), method="search", max_length=100)

    def search(self, queryset, name, value):
        """A name, an account number, or a phone number or its last digits (4 at least)."""
        value = value.strip()
        if not value:
            return queryset
        digits = phones.normalise_or_digits(value)
        condition = Q(name__icontains=value) | Q(account_number=value)
        if len(digits) >= 4:
            condition |= Q(phones__number__endswith=digits)
        return queryset.filter(condition).distinct()


class _DateRangeForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


class AccessLogFilter(FilterSet):
    customer = django_filters.CharFilter(label=_("Customer id or account number"), method="by_customer", max_length=30)
    staff = django_filters.CharFilter(label=_("Staff username or agent number"), method="by_staff", max_length=150)
    start = DayFromFilter(label=pgettext_lazy("records protection", "From"), field_name="at", widget=_DATE)
    end = DayToFilter(label=pgettext_lazy("records protection", "To"), field_name="at", widget=_DATE)
    channel = django_filters.ChoiceFilter(
        label=pgettext_lazy("records protection", "Channel"), choices=AccessChannel.choices, empty_label="—"
    )
    unmasked = FlagFilter(
        label=_("In full"),
        method="by_unmasked",
        widget=forms.Select(choices=[("", "—"), ("1", _("Shown in full")), ("0", _("Masked"))]),
    )
    sort = SortFilter(
        columns={
            "at": ("at",),
            "staff": ("user__username",),
            "customer": ("customer_id",),
            "channel": ("channel",),
            "unmasked": ("unmasked",),
        },
        widget=forms.HiddenInput,
    )
    default_sort = "-at"

    class Meta:
        form = _DateRangeForm

    def by_customer(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(customer__account_number=value) | (Q(customer_id=int(value)) if value.isdigit() else Q())
        )

    def by_staff(self, queryset, name, value):
        return _staff(queryset, value)

    def by_unmasked(self, queryset, name, value):
        return queryset if value is None else queryset.filter(unmasked=value)


def _staff(queryset, value: str):
    value = value.strip()
    return queryset.filter(Q(user__username=value) | Q(user__agent_number=value)) if value else queryset


class ExportRecordFilter(FilterSet):
    """The export log (P-1, D-2): who exported which list, when, in which format, with personal data in full or not."""

    staff = django_filters.CharFilter(label=_("Staff username or agent number"), method="by_staff", max_length=150)
    list_code = django_filters.ChoiceFilter(
        label=pgettext_lazy("export", "List"),
        choices=lambda: sorted(((code, str(title)) for code, title in LISTS.items()), key=lambda item: item[1]),
        empty_label="—",
    )
    format = django_filters.ChoiceFilter(
        label=pgettext_lazy("export", "Format"), choices=ExportFormat.choices, empty_label="—"
    )
    start = DayFromFilter(label=pgettext_lazy("records protection", "From"), field_name="at", widget=_DATE)
    end = DayToFilter(label=pgettext_lazy("records protection", "To"), field_name="at", widget=_DATE)
    in_full = FlagFilter(
        label=_("Personal data in full"),
        field_name="personal_data_in_full",
        widget=forms.Select(choices=[("", "—"), ("1", _("Shown in full")), ("0", _("Masked"))]),
    )
    sort = SortFilter(
        columns={
            "at": ("at",),
            "staff": ("user__username",),
            "list": ("list_code",),
            "format": ("format",),
            "rows": ("row_count",),
            "in_full": ("personal_data_in_full",),
        },
        widget=forms.HiddenInput,
    )
    default_sort = "-at"

    class Meta:
        form = _DateRangeForm

    def by_staff(self, queryset, name, value):
        return _staff(queryset, value)


class EnforcementFilter(FilterSet):
    """The page opens on the open requests (`status=open` unless the query says otherwise)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", pgettext_lazy("records protection", "Open")), *EnforcementStatus.choices],
        method="by_status",
    )

    def by_status(self, queryset, name, value):
        return queryset.filter(status__in=ENFORCEMENT_OPEN) if value == "open" else queryset.filter(status=value)


class LoanFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("overdue", pgettext_lazy("records protection", "Overdue")), *LoanStatus.choices],
        method="by_status",
    )

    def by_status(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(pk__in=loans_overdue(moment=self.context.get("now") or timezone.now()).values("pk"))
        return queryset.filter(status=value)
