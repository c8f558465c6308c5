"""OpenAPI: our authentication classes are Django's session and DRF's token ones with the P-6 expiry check."""

from drf_spectacular.authentication import SessionScheme


class ExpiringSessionScheme(SessionScheme):
    target_class = "accounts.api.authentication.SessionAuthentication"
