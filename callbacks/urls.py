"""Callback pages."""

from django.urls import path

from callbacks import views

app_name = "callbacks"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("settings/", views.settings_page, name="settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
    path("satisfaction/", views.satisfaction_report, name="satisfaction"),
]
