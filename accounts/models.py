"""Staff accounts: one personal login per agent number 工号 (P-6), grouped into teams."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Team(models.Model):
    """A shift team 班组 of agents with its lead."""

    name = models.CharField(pgettext_lazy("staff", "name"), max_length=60, unique=True)
    lead = models.ForeignKey(
        "accounts.User",
        verbose_name=_("team lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_teams",
    )
    is_active = models.BooleanField(pgettext_lazy("staff", "active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff or an integration client; roles are the groups it belongs to (X-1)."""

    agent_number = models.CharField(
        _("agent number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The 工号 read to callers; unique, never reused."),
    )
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    station = models.ForeignKey(
        "tickets.Station",
        verbose_name=_("repair station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("For repair-station staff: the only station whose work they see."),
    )
    password_changed_at = models.DateTimeField(_("password changed at"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["username"]

    def __str__(self) -> str:
        label = self.display_name or self.get_full_name() or self.username
        return f"{label} ({self.agent_number})" if self.agent_number else label

    @cached_property
    def role_codes(self) -> frozenset[str]:
        """The role group names of this user, read once per request."""
        if not self.pk:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    @cached_property
    def led_team_ids(self) -> frozenset[int]:
        """The teams this user leads, read once per request."""
        return frozenset(self.led_teams.values_list("pk", flat=True)) if self.pk else frozenset()

    @property
    def answered_team_ids(self) -> frozenset[int]:
        """The teams a lead answers for: those they lead and their own."""
        return self.led_team_ids | {self.team_id} if self.team_id is not None else self.led_team_ids


class PasswordHistory(models.Model):
    """The hash of a password a user had, so that the last N cannot be used again (P-6). Never the password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="passwordhistory_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
