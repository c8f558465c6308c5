"""Quality pages: the day's and the week's checks, scoring, calibration, marks, typing tests, the appraisal."""

from django.urls import path

from quality.views import appraisal, checks, records, settings

app_name = "quality"
urlpatterns = [
    path("", checks.today, name="today"),
    path("week/", checks.week, name="week"),
    path("checks/", checks.check_list, name="check_list"),
    path("checks/<int:pk>/", checks.check_detail, name="check_detail"),
    path("checks/<int:pk>/acknowledge/", checks.check_acknowledge, name="check_acknowledge"),
    path("calls/<int:pk>/score/", checks.check_new, name="check_new"),
    path("calls/<int:pk>/calibration/", checks.calibration, name="calibration"),
    path("marks/", records.mark_list, name="mark_list"),
    path("marks/new/", records.mark_new, name="mark_new"),
    path("marks/<int:pk>/decide/", records.mark_decide, name="mark_decide"),
    path("typing/", records.typing_list, name="typing_list"),
    path("typing/new/", records.typing_new, name="typing_new"),
    path("recordings/missing/", records.recording_gaps, name="recording_gaps"),
    path("appraisal/", appraisal.appraisal, name="appraisal"),
    path("appraisal/close/", appraisal.appraisal_close, name="appraisal_close"),
    path("settings/", settings.settings_page, name="settings"),
    path("settings/sheets/new/", settings.sheet_edit, name="sheet_new"),
    path("settings/sheets/<int:pk>/", settings.sheet_edit, name="sheet_edit"),
]
