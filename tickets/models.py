"""Repair stations 维修站 and the service areas they cover (SPEC T-1). Tickets come with the tickets issue."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Station(models.Model):
    """A repair station: the place a repair ticket is dispatched to."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    code = models.SlugField(_("code"), max_length=20, unique=True)
    phone = models.CharField(_("station phone"), max_length=30, blank=True)
    duty_mobile = models.CharField(_("on-duty mobile"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order in reports"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("repair station")
        verbose_name_plural = _("repair stations")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    """One community / street (optionally a building range) that a station covers."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="areas")
    district = models.CharField(_("district"), max_length=40)
    street = models.CharField(_("street"), max_length=60, blank=True)
    community = models.CharField(_("community"), max_length=60)
    building_from = models.PositiveIntegerField(_("first building"), null=True, blank=True)
    building_to = models.PositiveIntegerField(_("last building"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["station", "district", "community", "building_from"]
        indexes = [models.Index(fields=["community", "district"], name="servicearea_community_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(building_from__isnull=True, building_to__isnull=True)
                | Q(building_from__isnull=False, building_to__isnull=False, building_to__gte=models.F("building_from")),
                name="servicearea_building_range_valid",
            )
        ]

    def __str__(self) -> str:
        buildings = ""
        if self.building_from is not None:
            buildings = f" {self.building_from}-{self.building_to}"
        return f"{self.district} {self.community}{buildings} → {self.station}"
