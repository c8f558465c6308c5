"""Quality pages: the day's and the week's checks, scoring, calibration, marks, typing tests, the appraisal."""

from django.urls import path  # noqa: F401

app_name = "quality"
urlpatterns: list = []
