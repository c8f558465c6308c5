"""api/v1/quality/…: spot checks, marks, typing tests, score sheets and the appraisal (SPEC §7, K-4, K-8)."""

from django.urls import path

from quality.api import views

urlpatterns = [
    path("quality/checks/", views.SpotCheckListCreateView.as_view(), name="api-quality-check-list"),
    path("quality/checks/<int:pk>/", views.SpotCheckDetailView.as_view(), name="api-quality-check-detail"),
    path(
        "quality/checks/<int:pk>/acknowledge/",
        views.SpotCheckAcknowledgeView.as_view(),
        name="api-quality-check-acknowledge",
    ),
    path("quality/calls/<int:call_id>/calibration/", views.CalibrationView.as_view(), name="api-quality-calibration"),
    path("quality/marks/", views.MarkListCreateView.as_view(), name="api-quality-mark-list"),
    path("quality/marks/<int:pk>/confirm/", views.MarkConfirmView.as_view(), name="api-quality-mark-confirm"),
    path("quality/marks/<int:pk>/waive/", views.MarkWaiveView.as_view(), name="api-quality-mark-waive"),
    path("quality/typing-tests/", views.TypingTestListCreateView.as_view(), name="api-quality-typing-test-list"),
    path("quality/score-sheets/", views.ScoreSheetListView.as_view(), name="api-quality-score-sheet-list"),
    path("quality/error-types/", views.ErrorTypeListView.as_view(), name="api-quality-error-type-list"),
    path("quality/appraisal/", views.AppraisalView.as_view(), name="api-quality-appraisal"),
    path("quality/appraisal/close/", views.AppraisalCloseView.as_view(), name="api-quality-appraisal-close"),
    path("quality/recording-gaps/", views.RecordingGapListView.as_view(), name="api-quality-recording-gaps"),
]
