"""The quality pages' input, shaped for the services: the forms read and type what a page posts (a number, a day, a
choice among the rows in use); the services validate the rules (an item's range, the sheet's total, a closed month,
whose check it is) and their errors are put back on these forms."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quality.choices import MarkKind, SheetKind
from quality.models import ErrorType

TEXT_LIMIT = 2000
ITEM_PREFIX = "item_"  # the score form's deduction of item 12 is posted as item_12


def put_errors(form: forms.Form, exc: ValidationError, *, fields: dict[str, str] | None = None) -> None:
    """A service's ValidationError on the form: each message next to its field (renamed by `fields`), the rest on
    top of the form."""
    fields = fields or {}
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, messages in exc.message_dict.items():
        target = fields.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


def _error_types(kind: str):
    return ErrorType.objects.filter(kind=kind, is_active=True).order_by("order", "id")


class PageForm(forms.Form):
    """The labels stand above their fields (or head a table's column): no colon after them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class TypeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ScoreForm(PageForm):
    """What a scorer adds to the items' deductions: the counted errors found, praise, problems and good points."""

    counted = TypeChoices(
        label=_("Counted errors found"),
        queryset=ErrorType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    praise = TypeChoices(
        label=pgettext_lazy("quality", "Praise"),
        queryset=ErrorType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    problems = forms.CharField(
        label=_("Problems found"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    good_points = forms.CharField(
        label=_("Good points (闪光点)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counted"].queryset = _error_types(MarkKind.ERROR)
        self.fields["praise"].queryset = _error_types(MarkKind.PRAISE)


def deductions_posted(data) -> dict[int, str]:
    """The deduction posted for each item, by the item's id, as typed: the service reads and checks the numbers."""
    found = {}
    for key, value in data.items():
        if key.startswith(ITEM_PREFIX) and key[len(ITEM_PREFIX) :].isdigit():
            found[int(key[len(ITEM_PREFIX) :])] = (value or "").strip()[:10]
    return found


class AcknowledgeForm(PageForm):
    remark = forms.CharField(
        label=_("Your remark (optional)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AgentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class MarkForm(PageForm):
    """A counted error or a praise recorded by hand, with the reason (services.mark_record)."""

    agent = AgentChoice(label=_("Agent"), queryset=None, empty_label=_("Choose an agent"))
    error_type = forms.ModelChoiceField(
        label=pgettext_lazy("quality", "Type"), queryset=None, empty_label=_("Choose a type")
    )
    occurred_on = forms.DateField(
        label=pgettext_lazy("quality", "Day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Not a date (YYYY-MM-DD).")},
    )
    reason = forms.CharField(
        label=pgettext_lazy("quality", "Reason"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents
        types = ErrorType.objects.filter(is_active=True).order_by("kind", "order", "id")
        self.fields["error_type"].queryset = types
        self.fields["error_type"].label_from_instance = lambda kind: f"{kind.name} · {kind.get_kind_display()}"
        self.fields["occurred_on"].initial = timezone.localdate()


class DecideForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", "confirm"), ("waive", "waive")])
    reason = forms.CharField(required=False, max_length=TEXT_LIMIT)


class TypingTestForm(PageForm):
    """Seed 004 打字速度测试 (services.typing_test_record checks the ranges)."""

    agent = AgentChoice(label=_("Agent"), queryset=None, empty_label=_("Choose an agent"))
    tested_on = forms.DateField(
        label=_("Test day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Not a date (YYYY-MM-DD).")},
    )
    english_per_minute = forms.IntegerField(label=_("English per minute"), widget=forms.NumberInput(attrs={"min": 0}))
    english_accuracy = forms.DecimalField(
        label=_("English accuracy (%)"), decimal_places=2, max_digits=5, widget=forms.NumberInput(attrs={"step": "0.1"})
    )
    chinese_per_minute = forms.IntegerField(label=_("Chinese per minute"), widget=forms.NumberInput(attrs={"min": 0}))
    chinese_accuracy = forms.DecimalField(
        label=_("Chinese accuracy (%)"), decimal_places=2, max_digits=5, widget=forms.NumberInput(attrs={"step": "0.1"})
    )

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents
        self.fields["tested_on"].initial = timezone.localdate()


# --- settings: a sheet's items, the amounts, the reward levels -----------------------------------------------------


class SheetForm(PageForm):
    name = forms.CharField(label=pgettext_lazy("quality", "Name"), max_length=60)
    kind = forms.ChoiceField(label=_("For recordings of"), choices=SheetKind.choices)
    total_points = forms.IntegerField(label=_("Total points"), min_value=1, max_value=1000)
    is_active = forms.BooleanField(label=pgettext_lazy("quality", "In use"), required=False, initial=True)


class ItemForm(PageForm):
    order = forms.IntegerField(label=pgettext_lazy("quality", "Position"), required=False, min_value=1, max_value=999)
    label = forms.CharField(label=_("Item"), max_length=60, required=False)
    points = forms.IntegerField(label=_("Points"), required=False, min_value=0, max_value=1000)
    fatal = forms.BooleanField(label=_("Fatal"), required=False)
    error_type = forms.ModelChoiceField(
        label=_("Counted as"), queryset=None, required=False, empty_label=pgettext_lazy("quality", "nothing")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["error_type"]
        field.queryset = _error_types(MarkKind.ERROR)
        field.label_from_instance = lambda kind: kind.name
        for each in self.fields.values():  # a row of the items' table: the column heading names each input
            each.widget.attrs["aria-label"] = each.label


ItemFormSet = forms.formset_factory(ItemForm, extra=3, can_delete=True, max_num=60, validate_max=True)
NewItemFormSet = forms.formset_factory(ItemForm, extra=12, can_delete=True, max_num=60, validate_max=True)


class AmountsField(forms.DecimalField):
    """An amount in yuan or a share in per cent as typed; blank is "not given"."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_digits=8, decimal_places=2, **kwargs)


def band_rows(data, levels: list[int]) -> tuple[list[tuple[int, Decimal, Decimal]], dict[int, str]]:
    """The reward levels as posted: (level, lowest average score, bonus) for each level filled in; a message per
    level whose numbers are not numbers. A level left blank on both sides is left out."""
    bands, errors = [], {}
    for level in levels:
        raw_score = (data.get(f"min_score_{level}") or "").strip()
        raw_amount = (data.get(f"amount_{level}") or "").strip()
        if not raw_score and not raw_amount:
            continue
        field = AmountsField()
        try:
            score, amount = field.clean(raw_score), field.clean(raw_amount)
        except ValidationError:
            errors[level] = str(_("Enter numbers: the lowest average score in per cent and the bonus in yuan."))
            continue
        if score is None or amount is None:
            errors[level] = str(_("Fill in both the score and the bonus, or neither."))
            continue
        bands.append((level, score, amount))
    return bands, errors
