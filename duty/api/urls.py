"""api/v1/duty/…: the rota, swaps, handovers, duty logs and incidents (SPEC §7, K-7, K-9)."""

from django.urls import path

from duty.api import views

urlpatterns = [
    path("duty/shifts/", views.ShiftListView.as_view(), name="api-duty-shift-list"),
    path("duty/rota/", views.RotaView.as_view(), name="api-duty-rota"),
    path("duty/rota/month/", views.RotaMonthView.as_view(), name="api-duty-rota-month"),
    path("duty/rota/<int:pk>/remove/", views.RotaRemoveView.as_view(), name="api-duty-rota-remove"),
    path("duty/swaps/", views.SwapListCreateView.as_view(), name="api-duty-swap-list"),
    path("duty/swaps/<int:pk>/approve/", views.SwapApproveView.as_view(), name="api-duty-swap-approve"),
    path("duty/swaps/<int:pk>/refuse/", views.SwapRefuseView.as_view(), name="api-duty-swap-refuse"),
    path("duty/swaps/<int:pk>/withdraw/", views.SwapWithdrawView.as_view(), name="api-duty-swap-withdraw"),
    path("duty/handovers/", views.HandoverListCreateView.as_view(), name="api-duty-handover-list"),
    path("duty/handovers/<int:pk>/", views.HandoverDetailView.as_view(), name="api-duty-handover-detail"),
    path(
        "duty/handovers/<int:pk>/items/<int:item_id>/",
        views.HandoverItemView.as_view(),
        name="api-duty-handover-item",
    ),
    path("duty/handovers/<int:pk>/sign/", views.HandoverSignView.as_view(), name="api-duty-handover-sign"),
    path("duty/logs/", views.DutyLogListView.as_view(), name="api-duty-log-list"),
    path("duty/logs/coverage/", views.DutyLogCoverageView.as_view(), name="api-duty-log-coverage"),
    path("duty/logs/<str:day>/", views.DutyLogDetailView.as_view(), name="api-duty-log-detail"),
    path("duty/logs/<str:day>/entries/", views.DutyLogEntryView.as_view(), name="api-duty-log-entries"),
    path("duty/logs/<str:day>/sign/", views.DutyLogSignView.as_view(), name="api-duty-log-sign"),
    path("duty/logs/<str:day>/check/", views.DutyLogCheckView.as_view(), name="api-duty-log-check"),
    path("duty/incidents/", views.IncidentListCreateView.as_view(), name="api-duty-incident-list"),
    path("duty/incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="api-duty-incident-detail"),
    path("duty/incidents/<int:pk>/notices/", views.IncidentNoticeView.as_view(), name="api-duty-incident-notices"),
    path("duty/incidents/<int:pk>/close/", views.IncidentCloseView.as_view(), name="api-duty-incident-close"),
]
