"""Notification pages: the list with mark-read, the bell's count, channel preferences, failed work and the SMS log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from csc.filters import filter_values, for_page
from csc.health import scheduler_pulse
from csc.messaging import KINDS
from csc.pagination import Window, page_of
from csc.permissions import may
from csc.schedule import HEARTBEAT_STALE_SECONDS, task_label
from notifications import selectors, services
from notifications.filters import NotificationFilter
from notifications.models import Channel, Notification, SmsMessage

OPERATIONS = "csc.view_operations"


@login_required
def notification_list(request):
    filterset = for_page(NotificationFilter, request, selectors.notifications_of(user=request.user))
    unread_only = filter_values(filterset)["unread"] is True
    page = page_of(filterset.qs, request, size=30)
    context = {"page": page, "unread_only": unread_only, "unread": selectors.unread_count(user=request.user)}
    template = "notifications/_rows.html" if request.htmx else "notifications/list.html"
    return render(request, template, context)


@login_required
@require_GET
def bell(request):
    """The top bar's bell: loaded by htmx after the page, so pages themselves run no extra query."""
    return render(request, "notifications/_bell.html", {"unread": selectors.unread_count(user=request.user)})


@login_required
@require_POST
def mark_read(request):
    raw = request.POST.getlist("id")
    if raw and not all(value.isdigit() for value in raw):
        return render(request, "notifications/_error.html", {"message": _("Unknown notification.")}, status=400)
    ids = [int(value) for value in raw] if raw else None
    services.notifications_mark_read(user=request.user, ids=ids)
    if request.htmx:
        return notification_list(request)
    target = request.POST.get("next", "")
    if ids and len(ids) == 1 and not target:
        notification = Notification.objects.filter(pk=ids[0], recipient=request.user).first()
        target = notification.url if notification else ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "notifications:list")


@login_required
def preferences(request):
    if request.method == "POST":
        choices = {}
        for code in KINDS:
            for channel in Channel.values:
                choices[(code, channel)] = request.POST.get(f"{code}|{channel}") == "on"
        services.preferences_save(user=request.user, choices=choices)
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:preferences")
    context = {
        "rows": selectors.preferences_matrix(user=request.user),
        "channels": Channel.choices,
        "has_email": bool(request.user.email),
        "has_webhooks": request.user.webhook_endpoints.filter(is_active=True).exists(),
    }
    return render(request, "notifications/preferences.html", context)


@login_required
def failures(request):
    """The system page: the scheduler's pulse, the background work that failed and the deliveries that could not be
    made, for supervisors to act on."""
    if not may(request.user, OPERATIONS):
        raise PermissionDenied
    tasks = page_of(selectors.failed_tasks(), request, size=30)
    for task in tasks.object_list:
        task.label = task_label(task.task_name)
    context = {
        "page": tasks,
        "deliveries": selectors.failed_deliveries()[:30],
        "pulse": scheduler_pulse(),
        "stale_minutes": HEARTBEAT_STALE_SECONDS // 60,
    }
    return render(request, "notifications/failures.html", context)


@login_required
def sms_outbox(request):
    """Every SMS the centre sent (C-13): with the built-in gateway the messages stay here."""
    if not may(request.user, "notifications.view_smsmessage"):
        raise PermissionDenied
    context = {
        "page": Window(SmsMessage.objects.all(), request.GET.get("page")),
        "unmasked": may(request.user, "customers.view_customer_unmasked"),
    }
    return render(request, "notifications/sms_outbox.html", context)
