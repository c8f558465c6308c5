"""api/v1/: customers (masked, every look logged) and the compliance registers."""

from rest_framework.routers import SimpleRouter

from compliance.api.views import AccessLogViewSet, ArchiveLoanViewSet, CustomerViewSet, EnforcementRequestViewSet

router = SimpleRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("access-log", AccessLogViewSet, basename="access-log")
router.register("enforcement-requests", EnforcementRequestViewSet, basename="enforcement-request")
router.register("archive-loans", ArchiveLoanViewSet, basename="archive-loan")

urlpatterns = router.urls
