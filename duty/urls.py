"""Duty pages: the rota, swaps, handovers, the duty log, incidents, the shift settings."""

from django.urls import path

from duty.views import rota, settings, swaps

app_name = "duty"
urlpatterns = [
    path("rota/", rota.rota, name="rota"),
    path("swaps/", swaps.swap_list, name="swap_list"),
    path("swaps/new/", swaps.swap_new, name="swap_new"),
    path("swaps/<int:pk>/decide/", swaps.swap_decide, name="swap_decide"),
    path("swaps/<int:pk>/withdraw/", swaps.swap_withdraw, name="swap_withdraw"),
    path("settings/", settings.settings_page, name="settings"),
]
