"""Shift swaps (K-7, seed 004: 请假换班须提前一天请示): an agent asks, a lead approves or refuses, the asker may
withdraw while it waits. The rules — the notice, whose shifts, who decides — are services.swap_*'s."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from csc import exports, text
from csc.api import DomainError
from csc.filters import for_page
from csc.pagination import page_of
from csc.permissions import access_or_404, may, scope
from duty import services
from duty.choices import SwapState
from duty.filters import SwapFilter
from duty.forms import DecideForm, SwapForm, entry_label, label, put_errors
from duty.models import RotaEntry, SwapRequest
from duty.views.common import APPROVE_SWAP, ASK_SWAP, VIEW_SWAPS, back_to, list_context, on_rota, refused, require

OFFER_DAYS = 62  # the shifts offered in the form: the next two months


def _swaps(user):
    return scope(
        user,
        SwapRequest.objects.select_related(
            "entry__shift", "requester", "counterpart", "counterpart_entry__shift", "decided_by"
        ),
        VIEW_SWAPS,
    )


@login_required
def swap_list(request):
    """The swaps the user sees (own; a lead's team's; the supervisor all), the waiting ones to decide."""
    require(request, VIEW_SWAPS)
    user = request.user
    filterset = for_page(SwapFilter, request, _swaps(user))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)
    approves = may(user, APPROVE_SWAP)
    for swap in page.object_list:
        waiting = swap.state == SwapState.REQUESTED
        swap.may_decide = waiting and approves and user.pk not in (swap.requester_id, swap.counterpart_id)
        swap.may_withdraw = waiting and swap.requester_id == user.pk
    context = list_context(
        request,
        filterset,
        page,
        states=SwapState.choices,
        asks=may(user, ASK_SWAP),
        here=request.get_full_path(),
        notice=services.duty_settings().swap_notice_days,
    )
    return render(request, "duty/swap_list.html", context)


def _export(request, queryset, fmt: str):
    state = exports.labels(SwapRequest, "state")
    header = [
        label(SwapRequest, name)
        for name in (
            "requested_at",
            "entry",
            "requester",
            "counterpart",
            "counterpart_entry",
            "reason",
            "state",
            "decided_by",
            "decided_at",
            "decision_note",
        )
    ]

    def row(swap: SwapRequest) -> list:
        return [
            text.detail_time(swap.requested_at),
            entry_label(swap.entry),
            str(swap.requester),
            str(swap.counterpart),
            entry_label(swap.counterpart_entry) if swap.counterpart_entry_id else "",
            swap.reason,
            state(swap.state),
            str(swap.decided_by) if swap.decided_by_id else "",
            text.detail_time(swap.decided_at),
            swap.decision_note,
        ]

    return exports.export_response(
        request, list_code="swaps", title=_("Shift swaps"), header=header, queryset=queryset, row=row, fmt=fmt
    )


@login_required
def swap_new(request):
    """An agent offers one of their own coming shifts to a colleague, optionally for one of the colleague's."""
    require(request, ASK_SWAP)
    user = request.user
    today = timezone.localdate()
    horizon = today + timedelta(days=OFFER_DAYS)
    future = RotaEntry.objects.filter(cancelled_at__isnull=True, day__gt=today, day__lte=horizon).select_related(
        "shift"
    )
    colleagues = on_rota().exclude(pk=user.pk)
    form = SwapForm(
        request.POST or None,
        entries=future.filter(agent=user).order_by("starts_at"),
        colleagues=colleagues,
        colleague_entries=future.exclude(agent=user)
        .filter(agent__in=colleagues)
        .select_related("agent")
        .order_by("agent__agent_number", "starts_at"),
        initial={"entry": request.GET.get("entry")} if request.GET.get("entry", "").isdigit() else None,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.swap_request(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                put_errors(form, exc)
            except DomainError as exc:
                messages.error(request, exc.message)
                status = 409
            except PermissionDenied as exc:
                return refused(request, exc, reverse("duty:swap_new"))
            else:
                messages.success(request, _("The swap is asked: a lead approves or refuses it."))
                return redirect("duty:swap_list")
    context = {"form": form, "notice": services.duty_settings().swap_notice_days}
    return render(request, "duty/swap_new.html", context, status=status)


@login_required
@require_POST
def swap_decide(request, pk: int):
    """A lead approves (the rota changes now) or refuses a swap, with a note."""
    swap = access_or_404(request.user, VIEW_SWAPS, SwapRequest.objects.all(), pk=pk)
    back = back_to(request, reverse("duty:swap_list"))
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve or refuse the swap."))
        return redirect(back)
    try:
        decided = services.swap_decide(
            swap=swap,
            actor=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except PermissionDenied as exc:
        return refused(request, exc, back)
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if decided.state == SwapState.APPROVED:
            messages.success(request, _("Swap approved: the rota is changed."))
        else:
            messages.success(request, _("Swap refused."))
    return redirect(back)


@login_required
@require_POST
def swap_withdraw(request, pk: int):
    swap = access_or_404(request.user, VIEW_SWAPS, SwapRequest.objects.all(), pk=pk)
    back = back_to(request, reverse("duty:swap_list"))
    try:
        services.swap_withdraw(swap=swap, actor=request.user)
    except PermissionDenied as exc:
        return refused(request, exc, back)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Swap withdrawn."))
    return redirect(back)
