"""Quality API shapes (K-4, K-8): input serializers check the form of a value (a number, a code, a day), the services
decide whether it is allowed; output serializers shape the rows as the lists and detail pages show them.

Codes of errors and praise arrive as the ErrorType's `code`, items of a score sheet by their id, people by their id.
Names carry the app's prefix where another app has the same word (the OpenAPI components are one namespace).
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quality.choices import MarkKind, MarkSource, MarkState, Purpose

TEXT_MAX_LENGTH = 2000
ID = {"min_value": 1, "max_value": 2**31 - 1}


class _Code(serializers.SlugField):
    """An error or praise type's code (the service's vocabulary, `GET quality/error-types/`)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=30, **kwargs)


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0},
        "description": "{item id: points deducted}; an item left out deducts nothing.",
        "example": {"101": 2, "112": 5},
    }
)
class DeductionsField(serializers.Field):
    """{item id: points}: the ids whole numbers, the points whole numbers from 0. Whether the item is on the sheet and
    the points within the item's is the service's to say (it names the item)."""

    default_error_messages = {
        "not_a_dict": pgettext_lazy("quality", "Give the deductions as an object: item id → points."),
        "item": pgettext_lazy("quality", "“{item}” is not an item id."),
        "points": pgettext_lazy("quality", "Item {item}: the points deducted are a whole number from 0."),
        "too_many": pgettext_lazy("quality", "A score sheet has at most 100 items."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_a_dict")
        if len(data) > 100:
            self.fail("too_many")
        clean: dict[int, int] = {}
        for key, value in data.items():
            text = str(key).strip()
            if not text.isascii() or not text.isdigit() or len(text) > 10 or int(text) < 1:
                self.fail("item", item=text[:20])
            digits = str(value).strip()
            if isinstance(value, bool) or not isinstance(value, int | str) or not digits.isascii():
                self.fail("points", item=text)
            if not digits.isdigit() or len(digits) > 6:
                self.fail("points", item=text)
            clean[int(text)] = int(digits)
        return clean

    def to_representation(self, value):
        return {str(key): points for key, points in value.items()}


class SpotCheckCreateInput(serializers.Serializer):
    """`POST quality/checks/`: one call's recording scored on a sheet's current version (K-4)."""

    call = serializers.IntegerField(**ID)
    sheet = serializers.IntegerField(**ID)
    deductions = DeductionsField(required=False, default=dict)
    errors = serializers.ListField(child=_Code(), required=False, default=list, max_length=50)
    praise = serializers.ListField(child=_Code(), required=False, default=list, max_length=50)
    problems = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    good_points = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class AcknowledgeInput(serializers.Serializer):
    remark = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class MarkCreateInput(serializers.Serializer):
    """`POST quality/marks/`: a lead counts an error or a praise against an agent by hand, with the reason."""

    agent = serializers.IntegerField(**ID)
    error_type = _Code(help_text="The code of an error or praise type (GET quality/error-types/).")
    occurred_on = serializers.DateField(help_text="The day it concerns (YYYY-MM-DD), in an open month.")
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH, allow_blank=True)


class DecisionInput(serializers.Serializer):
    """`POST quality/marks/{id}/confirm/` (the reason optional) and `…/waive/` (the reason required)."""

    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class TypingTestCreateInput(serializers.Serializer):
    """`POST quality/typing-tests/`: seed 004 打字速度测试."""

    agent = serializers.IntegerField(**ID)
    tested_on = serializers.DateField()
    english_per_minute = serializers.IntegerField(min_value=0, max_value=32767)
    english_accuracy = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="per cent, 0 to 100")
    chinese_per_minute = serializers.IntegerField(min_value=0, max_value=32767)
    chinese_accuracy = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="per cent, 0 to 100")


class AppraisalCloseInput(serializers.Serializer):
    month = serializers.CharField(max_length=7, help_text="YYYY-MM, a month that has ended")


# --- output ------------------------------------------------------------------------------------------------------


class QualityStaffOut(serializers.Serializer):
    id = serializers.IntegerField()
    agent_number = serializers.CharField(allow_null=True)
    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.display_name or obj.get_full_name() or obj.username


class SheetRefOut(serializers.Serializer):
    id = serializers.IntegerField(source="sheet_id")
    name = serializers.CharField(source="sheet.name")
    version = serializers.IntegerField(source="number")
    version_id = serializers.IntegerField(source="id")


class SpotCheckOut(serializers.Serializer):
    """A spot check as its list shows it: who, whose call, on which sheet, the score."""

    id = serializers.IntegerField()
    call = serializers.IntegerField(source="call_id")
    recording = serializers.IntegerField(source="recording_id", allow_null=True)
    agent = QualityStaffOut()
    checker = QualityStaffOut()
    checker_level = serializers.CharField(help_text="lead, head")
    purpose = serializers.CharField(help_text=", ".join(Purpose.values))
    sheet = SheetRefOut(source="sheet_version")
    total_points = serializers.IntegerField()
    deducted = serializers.IntegerField()
    score = serializers.IntegerField()
    score_percent = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False)
    zeroed = serializers.BooleanField()
    problems = serializers.CharField()
    good_points = serializers.CharField()
    checked_at = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    agent_remark = serializers.CharField()


class ItemScoreOut(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    order = serializers.IntegerField(source="item.order")
    label = serializers.CharField(source="item.label")
    points = serializers.IntegerField(source="item.points")
    fatal = serializers.BooleanField(source="item.fatal")
    deducted = serializers.IntegerField()


class MarkBriefOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(source="error_type.code")
    name = serializers.CharField(source="error_type.name")
    kind = serializers.CharField(help_text=", ".join(MarkKind.values))
    amount = serializers.DecimalField(max_digits=8, decimal_places=2)
    state = serializers.CharField(help_text=", ".join(MarkState.values))


class SpotCheckDetailOut(SpotCheckOut):
    """One check with every item's deduction and the marks it counted."""

    scores = ItemScoreOut(many=True)
    marks = MarkBriefOut(many=True)


class CalibrationCheckOut(serializers.Serializer):
    id = serializers.IntegerField()
    checker = QualityStaffOut()
    checker_level = serializers.CharField()
    purpose = serializers.CharField()
    sheet = SheetRefOut(source="sheet_version")
    total_points = serializers.IntegerField()
    deducted = serializers.IntegerField()
    score = serializers.IntegerField()
    zeroed = serializers.BooleanField()
    checked_at = serializers.DateTimeField()


class CalibrationItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    label = serializers.CharField()
    points = serializers.IntegerField()


class CalibrationLineOut(serializers.Serializer):
    item = CalibrationItemOut()
    values = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="The deduction of each check, in the order of `checks` (null: the item is not on its sheet).",
    )
    spread = serializers.IntegerField(help_text="Highest minus lowest deduction.")


class CalibrationOut(serializers.Serializer):
    call = serializers.IntegerField()
    checks = CalibrationCheckOut(many=True)
    lines = CalibrationLineOut(many=True)
    score_spread = serializers.IntegerField()
    same_sheet = serializers.BooleanField()


class MarkOut(serializers.Serializer):
    """A counted error or praise: its type, its money, where it came from and what was decided."""

    id = serializers.IntegerField()
    agent = QualityStaffOut()
    error_type = serializers.CharField(source="error_type.code")
    error_type_name = serializers.CharField(source="error_type.name")
    kind = serializers.CharField(help_text=", ".join(MarkKind.values))
    amount = serializers.DecimalField(max_digits=8, decimal_places=2)
    occurred_on = serializers.DateField()
    source = serializers.CharField(help_text=", ".join(MarkSource.values))
    spot_check = serializers.IntegerField(source="spot_check_id", allow_null=True)
    ticket = serializers.CharField(source="ticket.number", allow_null=True, default=None)
    reason = serializers.CharField()
    state = serializers.CharField(help_text=", ".join(MarkState.values))
    recorded_by = QualityStaffOut(allow_null=True)
    recorded_at = serializers.DateTimeField()
    decided_by = QualityStaffOut(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()


class TypingTestOut(serializers.Serializer):
    id = serializers.IntegerField()
    agent = QualityStaffOut()
    tested_on = serializers.DateField()
    english_per_minute = serializers.IntegerField()
    english_accuracy = serializers.DecimalField(max_digits=5, decimal_places=2)
    chinese_per_minute = serializers.IntegerField()
    chinese_accuracy = serializers.DecimalField(max_digits=5, decimal_places=2)
    recorded_by = QualityStaffOut()
    recorded_at = serializers.DateTimeField()


class ScoreItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    label = serializers.CharField()
    points = serializers.IntegerField()
    fatal = serializers.BooleanField()
    error_type = serializers.CharField(source="error_type.code", allow_null=True, default=None)


class ScoreSheetOut(serializers.Serializer):
    """An active score sheet with its current version: the items a check is scored on now."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    version = serializers.IntegerField(source="current.number")
    version_id = serializers.IntegerField(source="current.id")
    total_points = serializers.IntegerField(source="current.total_points")
    items = ScoreItemOut(many=True, source="current.item_list")


class ErrorTypeOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text=", ".join(MarkKind.values))
    amount = serializers.DecimalField(max_digits=8, decimal_places=2)
    zeroes_check = serializers.BooleanField()
    is_active = serializers.BooleanField()


@extend_schema_field(OpenApiTypes.OBJECT)
class _Figures(serializers.JSONField):
    pass


class AppraisalLineOut(serializers.Serializer):
    """One agent's month (K-8): every figure computed from the records (or frozen when the month was closed)."""

    agent_id = serializers.IntegerField()
    agent = serializers.CharField()
    agent_number = serializers.CharField()
    team = serializers.CharField()
    calls_taken = serializers.IntegerField()
    callbacks_done = serializers.IntegerField()
    checks = serializers.IntegerField()
    average_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    zeroed_checks = serializers.IntegerField()
    unacknowledged = serializers.IntegerField()
    errors = _Figures(help_text="{code: {count, amount}}")
    error_amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    praise = _Figures(help_text="{code: count}")
    praise_count = serializers.IntegerField()
    reward_level = serializers.IntegerField(allow_null=True)
    reward_amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    typing = _Figures(allow_null=True)
    adjustment = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="Changes since the month before was closed (yuan)."
    )
    adjustment_notes = serializers.ListField(child=serializers.CharField())
    net_amount = serializers.DecimalField(max_digits=10, decimal_places=2)


class AppraisalTypeOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=8, decimal_places=2)


class AppraisalOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    state = serializers.CharField(help_text="open, closed")
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_by = QualityStaffOut(allow_null=True)
    previous_closed = serializers.BooleanField()
    error_types = AppraisalTypeOut(many=True)
    praise_types = AppraisalTypeOut(many=True)
    lines = AppraisalLineOut(many=True)


class AppraisalClosedOut(serializers.Serializer):
    month = serializers.CharField()
    closed_at = serializers.DateTimeField()
    closed_by = QualityStaffOut()
    rows = serializers.IntegerField()


class RecordingGapOut(serializers.Serializer):
    """An answered call with no playable recording (seed 004: every work call is recorded)."""

    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField()
    agent = QualityStaffOut()
    caller = serializers.CharField(source="caller_masked")
    direction = serializers.CharField()
    call_type = serializers.CharField()
    recordings_count = serializers.IntegerField(help_text="Recordings it has that are empty or deleted.")
