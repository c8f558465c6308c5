from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_page, name="daily"),
    path("snapshots/<int:pk>/", views.snapshot_page, name="snapshot"),
    path("<slug:kind>/", views.report_page, name="report"),
]
