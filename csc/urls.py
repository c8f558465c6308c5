"""The root URLconf: each app's pages and API included by name (the ground imports no app)."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from csc import views

urlpatterns = [
    path("", include("accounts.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("compliance/", include("compliance.urls")),
    path("tickets/", include("tickets.urls")),
    path("complaints/", include("complaints.urls")),
    path("callbacks/", include("callbacks.urls")),
    path("callcenter/", include("callcenter.urls")),
    path("quality/", include("quality.urls")),
    path("duty/", include("duty.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("csc.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-docs"), name="api-docs"),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
