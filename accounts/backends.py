"""P-6: the lockout backend in front of Django's own (django-axes)."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked account before the password is even checked.

    Sign-in through a request (the login page, the API token view) is always watched. A call without a request
    (a management command, `Client.login` in tests) has no client to lock out and is passed on to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
