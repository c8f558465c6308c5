"""api/v1/: every app's API under one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import MeView, TokenView
from callcenter.api.views import CallerLookupView
from compliance.api.views import CustomerViewSet
from tickets.api.views import StationViewSet, TicketViewSet

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("stations", StationViewSet, basename="station")
router.register("tickets", TicketViewSet, basename="ticket")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("customers/lookup/", CallerLookupView.as_view(), name="customer-lookup"),  # before customers/{pk}/
    path("", include(router.urls)),
    path("", include("complaints.api.urls")),
    path("", include("compliance.api.urls")),
    path("", include("callcenter.api.urls")),
    path("", include("reports.api.urls")),
]
