"""P-6 password policy: expiry after PASSWORD_MAX_AGE_DAYS and no reuse of the last PASSWORD_HISTORY_COUNT passwords."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.auth_cache import forget_all
from accounts.models import PasswordHistory, User


def password_max_age() -> timedelta:
    return timedelta(days=getattr(settings, "PASSWORD_MAX_AGE_DAYS", 90))


def password_expires_at(user) -> datetime:
    """When the user's password stops working for anything but changing it."""
    return user.password_changed_at + password_max_age()


def password_is_expired(user, *, now=None) -> bool:
    """Whether the user must change the password before doing anything else (P-6)."""
    if not getattr(user, "is_authenticated", False) or user.password_changed_at is None:
        return False
    return (now or timezone.now()) >= password_expires_at(user)


@transaction.atomic
def password_record_change(*, user: User) -> None:
    """Remember the new password's hash and restart the expiry clock (called whenever a password is set)."""
    now = timezone.now()
    PasswordHistory.objects.create(user=user, password=user.password, created_at=now)
    keep = list(
        PasswordHistory.objects.filter(user=user)
        .order_by("-created_at", "-id")
        .values_list("id", flat=True)[: settings.PASSWORD_HISTORY_COUNT]
    )
    PasswordHistory.objects.filter(user=user).exclude(id__in=keep).delete()
    User.objects.filter(pk=user.pk).update(password_changed_at=now)
    user.password_changed_at = now
    forget_all()  # the bulk update sends no signal: users kept for API tokens are read again


class PasswordHistoryValidator:
    """Refuses any of the user's last N passwords (the current one included)."""

    def __init__(self, count: int | None = None):
        self.count = count

    @property
    def history_count(self) -> int:
        return self.count or settings.PASSWORD_HISTORY_COUNT

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        hashes = list(
            PasswordHistory.objects.filter(user_id=user.pk)
            .order_by("-created_at", "-id")
            .values_list("password", flat=True)[: self.history_count]
        )
        if user.password and user.password not in hashes:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                ngettext(
                    "You used this password recently: choose one you have not used for your last password.",
                    "You used this password recently: choose one you have not used for your last %(count)d passwords.",
                    self.history_count,
                )
                % {"count": self.history_count},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        """Django calls this after a user with a new password is saved: record it (history and expiry)."""
        if user is not None and getattr(user, "pk", None):
            password_record_change(user=user)

    def get_help_text(self):
        return ngettext(
            "Your password cannot be your last password.",
            "Your password cannot be any of your last %(count)d passwords.",
            self.history_count,
        ) % {"count": self.history_count}
