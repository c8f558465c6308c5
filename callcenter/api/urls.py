"""Call-centre endpoints under api/v1/ (the agent-desk issue fills this router)."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
urlpatterns = router.urls
