"""Complaint endpoints under api/v1/ (SPEC §7)."""

from django.urls import path, re_path

from complaints.api import views

NUMBER = r"(?P<number>[0-9]{8,12})"

urlpatterns = [
    path("complaints/", views.ComplaintListCreateView.as_view(), name="api-complaint-list"),
    path("complaints/status/", views.PublicStatusView.as_view(), name="api-complaint-status"),
    path("complaints/statistics/", views.StatisticsView.as_view(), name="api-complaint-statistics"),
    re_path(rf"^complaints/{NUMBER}/$", views.ComplaintDetailView.as_view(), name="api-complaint-detail"),
    re_path(
        rf"^complaints/{NUMBER}/(?P<action>[a-z_]{{1,30}})/$",
        views.ComplaintActionView.as_view(),
        name="api-complaint-action",
    ),
]
