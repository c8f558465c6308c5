"""Callback pages."""

from django.urls import path

from callbacks import views

app_name = "callbacks"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("satisfaction/", views.satisfaction_report, name="satisfaction"),
]
