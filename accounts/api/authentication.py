"""DRF authentication that refuses a user whose password has expired (P-6) with a clear 403."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from accounts.auth_cache import token_user
from accounts.middleware import expired_message
from accounts.passwords import password_is_expired
from accounts.roles import Role


class PasswordExpired(exceptions.PermissionDenied):
    default_code = "password_expired"


def _refuse_expired(result, *, token: bool):
    if result is None or not password_is_expired(result[0]):
        return result
    # Integration clients (the telephony) work with their token alone: their password's age does not stop them.
    if token and result[0].role_codes == {Role.INTEGRATION_CLIENT.value}:
        return result
    raise PasswordExpired(detail=expired_message())


class TokenAuthentication(authentication.TokenAuthentication):
    """Token authentication; a member of staff's token stops working once their password has expired.

    The token's user is kept in the worker's memory between requests (accounts/auth_cache.py).
    """

    def authenticate(self, request):
        return _refuse_expired(super().authenticate(request), token=True)

    def authenticate_credentials(self, key):
        return token_user(key, super().authenticate_credentials)


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        return _refuse_expired(super().authenticate(request), token=False)
