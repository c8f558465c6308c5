"""Password expiry (P-6) on the escalation ladder: the user before and at expiry, then the supervisor."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.roles import Role
from csc.escalation import (
    GM_OFFICE,
    OWNER,
    SUPERVISOR,
    EscalationLevel,
    ItemType,
    Level,
    date_key,
    register,
    set_level_roles,
    translated,
)


def _password_items() -> QuerySet:
    return (
        User.objects.filter(is_active=True)
        .exclude(password__startswith="!")  # noqa: S106  unusable password: cannot log in, nothing to remind
        .exclude(groups__name=Role.INTEGRATION_CLIENT)
    )


def _password_expires(row: dict) -> datetime:
    return row["password_changed_at"] + timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def _password_title(row: dict, level: EscalationLevel) -> str:
    expires = timezone.localtime(_password_expires(row)).strftime("%Y-%m-%d")
    if level == OWNER and _password_expires(row) <= timezone.now():
        return translated(gettext_noop("Your password expired on %(date)s: change it now.")) % {"date": expires}
    if level == OWNER:
        return translated(gettext_noop("Your password expires on %(date)s: change it before then.")) % {"date": expires}
    return translated(gettext_noop("The password of %(user)s expired on %(date)s.")) % {
        "user": row["username"],
        "date": expires,
    }


def register_item_types() -> None:
    """The levels above the owner tell these roles, and password expiry is one item type."""
    set_level_roles({SUPERVISOR: Role.SUPERVISOR, GM_OFFICE: Role.GM_OFFICE})
    register(
        ItemType(
            code="password.expiry",
            label=_("Password expiry"),
            open_items=_password_items,
            levels=(
                Level(
                    OWNER,
                    lambda now: Q(
                        password_changed_at__lte=now
                        - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS - settings.PASSWORD_REMIND_DAYS)
                    ),
                ),
                Level(
                    SUPERVISOR,
                    lambda now: Q(password_changed_at__lte=now - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)),
                ),
            ),
            fields=("username", "password_changed_at"),
            title=_password_title,
            url=lambda row: "/accounts/password/",
            owners=lambda rows: {row["escalation_item"]: [row["pk"]] for row in rows},
            cycle=date_key("password_changed_at"),
        )
    )
