"""A part of a page that refreshes itself (the dashboard every 30 s, the desk every second) never swaps the sign-in
or password page into itself: an ended session or an expired password sends the whole page there (HX-Redirect)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import User

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/?date_from=2026-11-01&date_to=2026-11-30"}


def test_an_ended_session_sends_the_whole_page_to_sign_in_and_back(client):
    response = client.get("/?partial=dashboard", **HTMX)

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=%2F%3Fdate_from%3D2026-11-01%26date_to%3D2026-11-30"


def test_a_page_request_is_redirected_as_ever(client):
    response = client.get("/?partial=dashboard")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "HX-Redirect" not in response


def test_an_expired_password_sends_the_whole_page_to_the_password_change(client, supervisor):
    User.objects.filter(pk=supervisor.pk).update(
        password_changed_at=timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS, seconds=1)
    )
    client.force_login(supervisor)

    response = client.get("/?partial=dashboard", **HTMX)

    assert response.status_code == 204 and response["HX-Redirect"] == "/accounts/password/"


def test_a_signed_in_refresh_is_answered_as_usual(client, supervisor):
    client.force_login(supervisor)

    response = client.get("/?partial=dashboard", **HTMX)

    assert response.status_code == 200 and 'id="dashboard"' in response.content.decode()
