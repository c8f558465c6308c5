"""Complaint pages (the complaints issue adds them)."""

app_name = "complaints"
urlpatterns: list = []
