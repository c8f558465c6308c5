"""api/v1/: the compliance registers (the customer endpoints are on the main router in csc/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from compliance.api.views import AccessLogViewSet, ArchiveLoanViewSet, EnforcementRequestViewSet

router = SimpleRouter()
router.register("access-log", AccessLogViewSet, basename="access-log")
router.register("enforcement-requests", EnforcementRequestViewSet, basename="enforcement-request")
router.register("archive-loans", ArchiveLoanViewSet, basename="archive-loan")

urlpatterns = router.urls
