from django.urls import path

from reports.api.views import ReportView

urlpatterns = [
    path("reports/daily/", ReportView.as_view(), {"kind": "daily"}, name="api-report-daily"),
    path("reports/<slug:kind>/", ReportView.as_view(), name="api-report"),
]
