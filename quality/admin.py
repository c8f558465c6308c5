from django.contrib import admin

from csc.admin_base import HistoryAdmin, ReadOnlyMixin
from quality.models import (
    AppraisalMonth,
    AppraisalRow,
    ErrorType,
    Mark,
    RewardBand,
    ScoreSheet,
    ScoreSheetVersion,
    SpotCheck,
    TypingTest,
)


@admin.register(SpotCheck, Mark, TypingTest, ScoreSheet, ScoreSheetVersion, AppraisalMonth, AppraisalRow)
class QualityRecordAdmin(ReadOnlyMixin, HistoryAdmin):
    """Read-only here: these change only through their pages and API (the services' rules)."""


@admin.register(ErrorType, RewardBand)
class QualitySettingAdmin(ReadOnlyMixin, HistoryAdmin):
    """Edited on the quality settings page, where the amounts and levels are checked."""
