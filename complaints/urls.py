"""Complaint pages."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from complaints import views

app_name = "complaints"
NUMBER = r"(?P<number>[0-9]{8,12})"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("mine/", views.my_complaints, name="mine"),
    path("new/", views.register, name="register"),
    path("status/", views.public_status, name="status"),
    path("statistics/", views.statistics, name="statistics"),
    path("sms/", RedirectView.as_view(pattern_name="notifications:sms_outbox", permanent=True)),  # the SMS log moved
    path("settings/", views.settings_overview, name="settings"),
    path("settings/<slug:kind>/new/", views.settings_edit, name="settings_new"),
    path("settings/<slug:kind>/<int:pk>/", views.settings_edit, name="settings_edit"),
    re_path(rf"^{NUMBER}/$", views.detail, name="detail"),
    re_path(rf"^{NUMBER}/do/(?P<name>[a-z_]{{1,30}})/$", views.action, name="action"),
]
