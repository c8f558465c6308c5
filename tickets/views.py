"""Station pages (the tickets issue adds the ticket pages)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render

from csc.permissions import access_or_404, may, scope
from tickets.models import Station


@login_required
def station_list(request):
    if not may(request.user, "tickets.view_station"):
        raise PermissionDenied
    stations = scope(request.user, Station.objects.all()).annotate(
        area_count=Count("areas", filter=Q(areas__is_active=True))
    )
    return render(request, "tickets/station_list.html", {"stations": stations})


@login_required
def station_detail(request, pk: int):
    station = access_or_404(request.user, "tickets.view_station", Station.objects.all(), pk=pk)
    areas = station.areas.filter(is_active=True)
    return render(request, "tickets/station_detail.html", {"station": station, "areas": areas})
