"""Append-only records (evidence: access logs, complaint record entries, ticket events, call events).

A row is written once and never updated or deleted — not by the app, the admin, the API or a bug. The ORM
refuses here; where a rule demands it (P-1, P-7) a database trigger refuses too (compliance migration 0003).
"""

from __future__ import annotations

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses set-based update and delete."""

    def update(self, **kwargs):
        raise PermissionError(f"{self.model._meta.verbose_name_plural} is append-only.")

    def delete(self):
        raise PermissionError(f"{self.model._meta.verbose_name_plural} is append-only.")


class AppendOnlyModel(models.Model):
    """Base of every append-only model: saving an existing row or deleting one raises PermissionError."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{self._meta.verbose_name_plural} is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self._meta.verbose_name_plural} is append-only.")
