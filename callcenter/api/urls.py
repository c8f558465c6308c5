"""Call-centre endpoints under api/v1/ (customers/lookup/ is mounted in csc/api_urls.py before the customers router)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from callcenter.api.views import CallViewSet, RecordingUploadView

router = SimpleRouter()
router.register("calls", CallViewSet, basename="call")
urlpatterns = [path("recordings/", RecordingUploadView.as_view(), name="recording-upload"), *router.urls]
