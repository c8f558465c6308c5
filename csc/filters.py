"""List filters: one django-filter FilterSet per list, shared by its page and its API endpoint.

Every value from the query string goes through a form field, so a value that is no date, no number, not one of the
choices — or text with a NUL or another control character — is a clear message per field, never a 500:
- pages show the message and filter on the values that are good (`FilterSet.errors` / `.qs`);
- the API answers 400 with the message per field (`FilterSet.qs_or_400`, or DRF's DjangoFilterBackend).
Parameters a list does not know are ignored. The helpers here are the pieces lists share: yes/no flags that also
read `1`, days as local Asia/Shanghai days, comma-separated choices, and the order by a column (`SortFilter`:
`?sort=registered` ascending, `?sort=-registered` descending; whitelisted keys, always a unique last key so that
pages never overlap; the column headers of a list page link to them, see csc/templatetags/pager.py).
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.contrib import messages as django_messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions

from csc.pagination import capped_count, query_without_page
from csc.periods import day_bounds, day_start

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TRUE_VALUES = {"1", "true", "yes", "on", "True"}
FALSE_VALUES = {"0", "false", "no", "off", "False"}


def no_control_characters(value) -> None:
    """Text a person typed holds no NUL and no control character (the database refuses NUL in text)."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(_("This value contains characters that are not text."), code="control_characters")


class FlagField(forms.Field):
    """A yes/no filter from a link or a form: 1/true/yes/on is yes, 0/false/no/off is no, empty is not asked."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value) in TRUE_VALUES:
            return True
        if str(value) in FALSE_VALUES:
            return False
        raise ValidationError(_("Choose yes or no (1 or 0)."), code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class FlagFilter(django_filters.Filter):
    """Applies its condition when the flag is yes (or, with `method`, hands the method True/False)."""

    field_class = FlagField


class CommaChoicesField(forms.CharField):
    """One value, or several separated by commas, each of them one of `choices`: a list of them."""

    def __init__(self, *, choices=(), **kwargs):
        self.allowed = {str(value) for value, _label in choices}
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        values = [part.strip() for part in (text or "").split(",") if part.strip()]
        unknown = [part for part in values if part not in self.allowed]
        if unknown:
            raise ValidationError(_("Unknown value: %(value)s.") % {"value": unknown[0][:30]}, code="invalid_choice")
        return values


@extend_schema_field(OpenApiTypes.STR)
class ChoicesFilter(django_filters.Filter):
    """Rows whose field is any of the values given (`?status=dispatched,accepted`)."""

    field_class = CommaChoicesField

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


class IdFilter(django_filters.NumberFilter):
    """A row's id (a whole number from 1)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


FIRST_YEAR, LAST_YEAR = 1900, 2100


def within_the_years(value) -> None:
    """A day or moment people mean: year 1 or 9999 is a slip, and turning it into the moments of that local day runs
    off the calendar (an OverflowError, a 500) before any row is read."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="out_of_range",
        )


class DateFieldFilter(django_filters.DateFilter):
    """A day compared with a date column as it is (give `lookup_expr`, e.g. "gte" or "lte"); a bad value is said."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": _("Not a date (YYYY-MM-DD).")})
        super().__init__(*args, **kwargs)


class _DayFilter(DateFieldFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [within_the_years])
        super().__init__(*args, **kwargs)


class DayFromFilter(_DayFilter):
    """On or after this local day."""

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__gte": day_start(value)}) if value else qs


class DayToFilter(_DayFilter):
    """On or before this local day (the whole day)."""

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__lt": day_bounds(value)[1]}) if value else qs


class SortField(forms.CharField):
    """A column key, or the key after a minus for the other direction: one of `keys`."""

    def __init__(self, *, choices=(), **kwargs):
        self.keys = {str(key) for key, _label in choices}
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        if text and text.removeprefix("-") not in self.keys:
            raise ValidationError(
                _("This list cannot be sorted by “%(value)s”.") % {"value": text[:30]}, code="invalid_choice"
            )
        return text


def _nullable(model, path: str) -> bool:
    """Whether the field at the end of `path` (station__name) may be NULL, on its own or through a nullable link."""
    for part in path.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if getattr(field, "null", False):
            return True
        model = getattr(field, "related_model", None) or model
    return False


def _unique(model, path: str) -> bool:
    if LOOKUP_SEP in path:
        return False
    try:
        field = model._meta.get_field(path)
    except FieldDoesNotExist:
        return False
    return bool(field.primary_key or field.unique)


@extend_schema_field(OpenApiTypes.STR)
class SortFilter(django_filters.Filter):
    """The order of a list by one of its columns: `columns` maps each key to the fields it orders by.

    `sort=key` ascending, `sort=-key` descending (every field of the key turned round); the id follows as the last
    key (unless the key ends on a unique field), so equal values keep one order and pages neither repeat nor skip
    rows. Empty values sort last both ways. It does not filter: the FilterSet orders once, after every filter.
    """

    field_class = SortField

    def __init__(self, *, columns: dict[str, tuple[str, ...]], tie_breaker: str = "id", **kwargs):
        self.columns = columns
        self.tie_breaker = tie_breaker
        kwargs.setdefault("label", _("Sort"))
        super().__init__(choices=[(key, key) for key in columns], **kwargs)  # the choices: in the API documentation

    def filter(self, qs, value):
        return qs

    def ordering(self, model, key: str) -> list:
        descending = key.startswith("-")
        fields = list(self.columns[key.removeprefix("-")])
        if not fields or not _unique(model, fields[-1]):
            fields.append(self.tie_breaker)
        order: list[Any] = []
        for field in fields:
            if _nullable(model, field):
                expression = F(field)
                order.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
            else:
                order.append(f"-{field}" if descending else field)
        return order


class FilterSet(django_filters.FilterSet):
    """The base of every list's filters: text checked for control characters, messages per field.

    A list that sorts declares `sort = SortFilter(columns=…)` and `default_sort` (or `default_sort_key()` when the
    default depends on the other filters); `sort_key` is the order the rows came in, for the column headers.
    """

    default_sort: str | None = None
    sort_key: str = ""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, **context):
        super().__init__(data=data, queryset=queryset, request=request, prefix=prefix)
        self.context = context  # what a filter method needs besides the value: the user, "now"
        for field in self.form.fields.values():
            field.validators.append(no_control_characters)

    @property
    def messages(self) -> list[str]:
        """For a page: one line per bad value, saying which filter, what was given and why it is ignored."""
        if not self.is_bound or self.is_valid():
            return []
        lines = []
        for name, errors in self.form.errors.items():
            field = self.form.fields.get(name)
            for reason in errors:
                lines.append(
                    _("%(filter)s “%(value)s”: %(reason)s That filter is ignored.")
                    % {
                        "filter": field.label if field is not None and field.label else name,
                        "value": str(self.data.get(name, ""))[:30].replace("\x00", ""),
                        "reason": reason,
                    }
                )
        return lines

    def default_sort_key(self, data: dict) -> str | None:
        """The order when none is asked for (or the one asked for is no column): `default_sort` unless a list says
        otherwise from its other filters."""
        return self.default_sort

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sorter = self.filters.get("sort")
        if not isinstance(sorter, SortFilter):
            return queryset
        data = getattr(self.form, "cleaned_data", {})
        key = data.get("sort") or self.default_sort_key(data)
        self.sort_key = key or ""
        return queryset.order_by(*sorter.ordering(queryset.model, key)) if key else queryset

    def qs_or_400(self):
        """For the API: the filtered queryset, or a 400 with the message per field."""
        if self.is_bound and not self.is_valid():
            raise exceptions.ValidationError(
                {name: [str(message) for message in errors] for name, errors in self.form.errors.items()}
            )
        return self.qs


def filter_values(filterset: FilterSet) -> dict:
    """Every filter's current value, as the filter bar shows it back (a bad value shows as not chosen)."""
    cleaned = getattr(filterset.form, "cleaned_data", {}) if filterset.is_bound else {}
    return {name: cleaned.get(name) if cleaned.get(name) not in (None, []) else "" for name in filterset.filters}


def openapi_parameters(filterset_class: type[FilterSet]) -> list:
    """The API documentation of a list's query parameters, read off its FilterSet (one source for both)."""
    types = {FlagField: bool, forms.IntegerField: int, forms.DateField: "date"}
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        kind: Any = next((t for field, t in types.items() if issubclass(filter_.field_class, field)), str)
        choices = filter_.extra.get("choices")
        description = str(filter_.label or name)
        if choices:
            description += ": " + ", ".join(str(value) for value, _label in choices)
        if kind == "date":
            kind, description = str, description + " (YYYY-MM-DD)"
        parameters.append(OpenApiParameter(name, kind, description=description))
    return parameters


def for_page(filterset_class: type[FilterSet], request, queryset, *, data=None, **context) -> FilterSet:
    """The list's filters for a page view: a bad value is said once as a message above the list, and ignored."""
    filterset = filterset_class(request.GET if data is None else data, queryset=queryset, request=request, **context)
    for line in filterset.messages:
        django_messages.warning(request, line)
    return filterset


def list_context(request, filterset: FilterSet, page, **extra) -> dict:
    """What a list page's template reads: the filter bar (form and values), the page and its rows, "共 N 条", the
    column order and the query string the pager and the sort headers keep."""
    return {
        "form": filterset.form,
        "filters": filter_values(filterset),
        "page": page,
        "rows": page.object_list,
        "count": capped_count(filterset.qs),
        "sort_key": filterset.sort_key,
        "query": query_without_page(request.GET),
        **extra,
    }
