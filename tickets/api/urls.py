"""api/v1/: repair tickets and stations."""

from rest_framework.routers import SimpleRouter

from tickets.api.views import StationViewSet, TicketViewSet

router = SimpleRouter()
router.register("stations", StationViewSet, basename="station")
router.register("tickets", TicketViewSet, basename="ticket")
urlpatterns = router.urls
