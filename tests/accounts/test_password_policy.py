"""P-6: passwords expire after PASSWORD_MAX_AGE_DAYS and must be changed before anything else; the last N cannot be
reused; failed sign-ins lock the account (django-axes); idle sessions expire; demo accounts can sign in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import PasswordHistory, User

pytestmark = pytest.mark.django_db

NEW = "Nuan-Qi-2026!"


def expire(user, settings):
    User.objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS, seconds=1)
    )


def test_p6_an_expired_password_sends_every_page_to_the_password_change(client, agent, settings):
    expire(agent, settings)
    client.force_login(agent)

    for url in (reverse("home"), reverse("compliance:customer_list"), reverse("compliance:loan_list")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("password_change")), url
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and 'id="password-expired"' in page.content.decode()


def test_p6_an_expired_password_makes_the_api_answer_403_with_a_clear_message(client, api_as, agent, settings):
    expire(agent, settings)
    client.force_login(agent)

    by_session = client.get("/api/v1/customers/")
    by_token = api_as(agent).get("/api/v1/customers/")

    assert by_session.status_code == 403 and by_session.json()["code"] == "password_expired"
    assert by_token.status_code == 403 and by_token.json()["detail"] == by_session.json()["detail"]
    assert by_session.json()["detail"] in (
        "Your password has expired: change it before you go on.",
        "您的密码已过期：请先修改密码再继续。",
    )


def test_p6_the_telephonys_token_keeps_working(api_as, integration, settings):
    expire(integration, settings)

    assert api_as(integration).get("/api/v1/me/").status_code == 200


def test_p6_changing_the_password_lifts_the_block_and_returns_to_the_page(client, agent, password, settings):
    expire(agent, settings)
    client.force_login(agent)

    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW, "new_password2": NEW, "next": "/compliance/customers/"},
    )

    assert response.status_code == 302 and response.url == "/compliance/customers/"
    agent.refresh_from_db()
    assert timezone.now() - agent.password_changed_at < timedelta(minutes=1)
    assert client.get(reverse("home")).status_code == 200


def test_p6_the_last_n_passwords_cannot_be_used_again(client, agent, password, settings):
    settings.PASSWORD_HISTORY_COUNT = 3
    client.force_login(agent)
    used = [password]
    for index in range(3):
        new = f"{NEW}{index}"
        client.post(reverse("password_change"), {"old_password": used[-1], "new_password1": new, "new_password2": new})
        used.append(new)

    reuse_recent = client.post(
        reverse("password_change"), {"old_password": used[-1], "new_password1": used[-2], "new_password2": used[-2]}
    )
    reuse_old = client.post(
        reverse("password_change"), {"old_password": used[-1], "new_password1": used[0], "new_password2": used[0]}
    )

    assert reuse_recent.status_code == 200 and "new_password2" in reuse_recent.context["form"].errors
    assert reuse_old.status_code == 302  # the 4th-last password is allowed again with N = 3
    assert PasswordHistory.objects.filter(user=agent).count() == 3
    assert not any("correct" in h for h in PasswordHistory.objects.values_list("password", flat=True))


def test_p6_django_validators_are_on(client, agent, password):
    client.force_login(agent)

    response = client.post(
        reverse("password_change"), {"old_password": password, "new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    assert len(response.context["form"].errors["new_password2"]) >= 2  # too common and entirely numeric


def test_p6_five_failed_sign_ins_lock_the_account_even_for_the_right_password(client, agent, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": agent.username, "password": "wrong"})
        assert response.status_code == 200

    locking = client.post(reverse("login"), {"username": agent.username, "password": "wrong"})
    right = client.post(reverse("login"), {"username": agent.username, "password": password})

    assert locking.status_code == 403 and 'id="locked-out"' in locking.content.decode()
    assert right.status_code == 403
    assert client.get(reverse("home")).status_code == 302  # not signed in
    assert AccessAttempt.objects.get(username=agent.username).failures_since_start == settings.AXES_FAILURE_LIMIT + 1


def test_p6_the_lock_is_per_account_not_per_office(client, agent, other_agent, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": agent.username, "password": "wrong"})

    response = client.post(reverse("login"), {"username": other_agent.username, "password": password}, follow=True)

    assert response.context["user"] == other_agent


def test_p6_the_lock_runs_out_after_the_cool_off(client, agent, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": agent.username, "password": "wrong"})
    AccessAttempt.objects.filter(username=agent.username).update(
        attempt_time=timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME, seconds=1)
    )

    response = client.post(reverse("login"), {"username": agent.username, "password": password}, follow=True)

    assert response.context["user"] == agent


def test_p6_the_api_token_view_locks_too(api, integration, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(reverse("api-token"), {"username": integration.username, "password": "x"}, format="json")

    response = api.post(reverse("api-token"), {"username": integration.username, "password": password}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "account_locked"


def test_p6_an_idle_session_expires(client, agent, settings):
    client.force_login(agent)
    assert client.get(reverse("home")).status_code == 200
    assert settings.SESSION_SAVE_EVERY_REQUEST is True

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_p6_demo_accounts_sign_in_after_the_demo_data(client, settings):
    from tests.factories import data_migration_rows

    data_migration_rows()  # a transactional test on a reused database may have flushed the shifts, sheets …
    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115  twice, as make run does over time

    for username in ("agent1", "supervisor1", "compliance1", "station1"):
        response = client.post(reverse("login"), {"username": username, "password": "demo12345"}, follow=True)
        assert response.context["user"].username == username, username
        assert response.redirect_chain[-1][0] == reverse("home"), username
        client.post(reverse("logout"))
