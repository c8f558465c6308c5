"""Duty pages: the rota, swaps, handovers, the duty log, incidents, the shift settings."""

from django.urls import path

from duty.views import handovers, incidents, logs, rota, settings, swaps

app_name = "duty"
urlpatterns = [
    path("rota/", rota.rota, name="rota"),
    path("swaps/", swaps.swap_list, name="swap_list"),
    path("swaps/new/", swaps.swap_new, name="swap_new"),
    path("swaps/<int:pk>/decide/", swaps.swap_decide, name="swap_decide"),
    path("swaps/<int:pk>/withdraw/", swaps.swap_withdraw, name="swap_withdraw"),
    path("handovers/", handovers.handover_list, name="handover_list"),
    path("handovers/new/", handovers.handover_new, name="handover_new"),
    path("handovers/<int:pk>/", handovers.handover_detail, name="handover_detail"),
    path("handovers/<int:pk>/items/<int:item_pk>/", handovers.handover_item, name="handover_item"),
    path("handovers/<int:pk>/sign/", handovers.handover_sign, name="handover_sign"),
    path("log/", logs.log_today, name="log_today"),
    path("log/<str:day>/", logs.log_detail, name="log_detail"),
    path("logs/", logs.log_list, name="log_list"),
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/close/", incidents.incident_close, name="incident_close"),
    path("settings/", settings.settings_page, name="settings"),
]
