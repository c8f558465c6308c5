"""Call-centre endpoints under api/v1/. `customers/lookup/` is mounted before the customers router (csc/api_urls.py
includes this module first), or `lookup` would be read as a customer's id."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from callcenter.api.views import CallerLookupView, CallViewSet, RecordingUploadView

router = SimpleRouter()
router.register("calls", CallViewSet, basename="call")
urlpatterns = [
    path("customers/lookup/", CallerLookupView.as_view(), name="customer-lookup"),
    path("recordings/", RecordingUploadView.as_view(), name="recording-upload"),
    *router.urls,
]
