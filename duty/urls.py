"""Duty pages: the rota, swaps, handovers, the duty log, incidents, the shift settings."""

app_name = "duty"
urlpatterns: list = []
