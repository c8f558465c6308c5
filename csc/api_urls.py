"""api/v1/: every app's API, each app's own URLconf included by name (the ground imports no app)."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("callcenter.api.urls")),  # before compliance: customers/lookup/ before customers/{pk}/
    path("", include("compliance.api.urls")),
    path("", include("tickets.api.urls")),
    path("", include("complaints.api.urls")),
    path("", include("callbacks.api.urls")),
    path("", include("quality.api.urls")),
    path("", include("duty.api.urls")),
    path("", include("reports.api.urls")),
]
