"""Handovers 交接班 (K-7, seed 003): the outgoing agent starts one (its items read from the records), marks each
item dealt with or not, checks the equipment and signs; the incoming agent signs after them; the lead signs too when an
important item is left open. Secret 机密 (P-5): only the two agents, their leads and the supervisor see it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from csc import exports, text
from csc.api import DomainError
from csc.filters import for_page
from csc.pagination import page_of
from csc.permissions import access_or_404, may
from duty import selectors, services
from duty.choices import HandoverState
from duty.filters import HandoverFilter
from duty.forms import HandoverForm, HandoverItemForm, HandoverStartForm, SignForm, label, put_errors
from duty.models import Handover, HandoverItem, RotaEntry, Shift
from duty.views.common import (
    HAND_OVER,
    SECRET,
    SIGN_AS_LEAD,
    VIEW_ALL_HANDOVERS,
    VIEW_HANDOVERS,
    list_context,
    on_rota,
    refused,
    require,
)

ITEM_RECORDS = ("ticket", "complaint", "callback", "incident")


@login_required
def handover_list(request):
    """The handovers the user sees, newest first; a lead's team's, the supervisor's all."""
    require(request, VIEW_HANDOVERS)
    user = request.user
    filterset = for_page(HandoverFilter, request, selectors.handovers_for_list(user=user))
    fmt = exports.requested_format(request)
    if fmt and not filterset.errors:
        return _export(request, filterset.qs, fmt)
    page = page_of(filterset.qs, request, counted=False)
    sees_others = may(user, VIEW_ALL_HANDOVERS) or bool(user.led_team_ids)
    context = list_context(
        request,
        filterset,
        page,
        states=HandoverState.choices,
        people=list(on_rota()) if sees_others else [],
        hands_over=may(user, HAND_OVER),
    )
    return render(request, "duty/handover_list.html", context)


def _export(request, queryset, fmt: str):
    state = exports.labels(Handover, "state")
    header = [
        label(Handover, name)
        for name in (
            "day",
            "shift",
            "outgoing",
            "incoming",
            "state",
            "started_at",
            "equipment_checked",
            "outgoing_signed_at",
            "incoming_signed_at",
            "lead",
            "lead_signed_at",
            "lead_note",
            "notes",
        )
    ]

    def row(handover: Handover) -> list:
        return [
            text.detail_time(handover.day),
            handover.shift.name,
            str(handover.outgoing),
            str(handover.incoming),
            state(handover.state),
            text.detail_time(handover.started_at),
            _("Yes") if handover.equipment_checked else _("No"),
            text.detail_time(handover.outgoing_signed_at),
            text.detail_time(handover.incoming_signed_at),
            str(handover.lead) if handover.lead_id else "",
            text.detail_time(handover.lead_signed_at),
            handover.lead_note,
            handover.notes,
        ]

    return exports.export_response(
        request, list_code="handovers", title=_("Handovers"), header=header, queryset=queryset, row=row, fmt=fmt
    )


def _next_colleague(entry: RotaEntry | None, user):
    """Who is on the rota when the user's shift ends: the likely incoming agent."""
    if entry is None:
        return None
    following = (
        RotaEntry.objects.filter(cancelled_at__isnull=True, starts_at=entry.ends_at)
        .exclude(agent=user)
        .order_by("agent__agent_number")
        .first()
    )
    return following.agent_id if following else None


@login_required
def handover_new(request):
    """The outgoing agent names who takes over; the day and shift are their current ones unless chosen."""
    require(request, HAND_OVER)
    user = request.user
    current = selectors.current_entry(agent=user, now=timezone.now())
    initial = {}
    if current is not None:
        initial = {"day": current.day, "shift": current.shift_id, "incoming": _next_colleague(current, user)}
    form = HandoverStartForm(
        request.POST or None,
        initial=initial,
        colleagues=on_rota().exclude(pk=user.pk),
        shifts=Shift.objects.filter(is_active=True).order_by("order", "starts_at"),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            chosen = data["day"] is not None and data["shift"] is not None
            try:
                handover = services.handover_start(
                    actor=user,
                    incoming=data["incoming"],
                    day=data["day"] if chosen else None,
                    shift=data["shift"] if chosen else None,
                )
            except ValidationError as exc:
                put_errors(form, exc)
            except DomainError as exc:
                messages.error(request, exc.message)
                entry = (data["day"], data["shift"]) if chosen else (current.day, current.shift) if current else None
                started = (
                    Handover.objects.filter(day=entry[0], shift=entry[1], outgoing=user).first() if entry else None
                )
                if started is not None:
                    return redirect("duty:handover_detail", pk=started.pk)
                status = 409
            except PermissionDenied as exc:
                return refused(request, exc, reverse("duty:handover_list"))
            else:
                messages.success(
                    request,
                    _("Handover started with %(count)d item(s) carried over.") % {"count": handover.items.count()},
                )
                return redirect("duty:handover_detail", pk=handover.pk)
    return render(request, "duty/handover_new.html", {"form": form, "current": current}, status=status)


def _handover(request, pk: int) -> Handover:
    return access_or_404(
        request.user,
        VIEW_HANDOVERS,
        Handover.objects.select_related("shift", "outgoing", "incoming", "lead"),
        pk=pk,
    )


def _page(request, handover: Handover, *, forms: dict | None = None, status: int = 200):
    """The handover: its state and signatures, the items carried over, the equipment, and the Sign a person may give
    now (the service decides; the page only offers it to whom it may concern)."""
    user = request.user
    forms = forms or {}
    items = list(handover.items.select_related(*ITEM_RECORDS))
    open_important = [item for item in items if item.important and not item.dealt_with]
    is_outgoing, is_incoming = user.pk == handover.outgoing_id, user.pk == handover.incoming_id
    editable = is_outgoing and handover.outgoing_signed_at is None
    posted_pk, posted_form = forms.get("item") or (None, None)
    for item in items:
        item.form = (
            posted_form
            if item.pk == posted_pk
            else HandoverItemForm(initial={"dealt_with": item.dealt_with, "note": item.note}, prefix=f"item{item.pk}")
        )
    sign_as = ""
    if handover.state != HandoverState.DONE:
        if is_outgoing and handover.outgoing_signed_at is None:
            sign_as = "outgoing"
        elif is_incoming and handover.incoming_signed_at is None:
            sign_as = "incoming"
        elif (
            not (is_outgoing or is_incoming)
            and open_important
            and handover.lead_signed_at is None
            and may(user, SIGN_AS_LEAD, handover)
        ):
            sign_as = "lead"
    context = {
        "handover": handover,
        "items": items,
        "open_important": open_important,
        "editable": editable,
        "is_outgoing": is_outgoing,
        "is_incoming": is_incoming,
        "sign_as": sign_as,
        "form": forms.get("handover")
        or HandoverForm(
            initial={
                "equipment_checked": handover.equipment_checked,
                "equipment_notes": handover.equipment_notes,
                "notes": handover.notes,
            }
        ),
        "sign_form": forms.get("sign") or SignForm(),
        "secret": SECRET,
    }
    return render(request, "duty/handover_detail.html", context, status=status)


@login_required
def handover_detail(request, pk: int):
    """The handover page; the outgoing agent saves the equipment check and the notes here (POST)."""
    handover = _handover(request, pk)
    if request.method != "POST":
        return _page(request, handover)
    form = HandoverForm(request.POST)
    if not form.is_valid():
        return _page(request, handover, forms={"handover": form}, status=400)
    try:
        services.handover_update(handover=handover, actor=request.user, **form.cleaned_data)
    except PermissionDenied as exc:
        return refused(request, exc, reverse("duty:handover_detail", args=[pk]))
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        put_errors(form, exc)
        return _page(request, handover, forms={"handover": form}, status=400)
    else:
        messages.success(request, _("Handover saved."))
    return redirect("duty:handover_detail", pk=pk)


@login_required
@require_POST
def handover_item(request, pk: int, item_pk: int):
    """One item carried over: dealt with or not, and the outgoing agent's note."""
    handover = _handover(request, pk)
    item = HandoverItem.objects.filter(handover=handover, pk=item_pk).first()
    if item is None:
        raise Http404
    form = HandoverItemForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():  # the page shows this form's errors on the item's row
        return _page(request, handover, forms={"item": (item.pk, form)}, status=400)
    try:
        services.handover_item_update(item=item, actor=request.user, **form.cleaned_data)
    except PermissionDenied as exc:
        return refused(request, exc, reverse("duty:handover_detail", args=[pk]))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Item saved."))
    return redirect(f"{reverse('duty:handover_detail', args=[pk])}#item-{item.pk}")


@login_required
@require_POST
def handover_sign(request, pk: int):
    """Sign as the outgoing agent, the incoming one, or the lead (the service says who may, and when)."""
    handover = _handover(request, pk)
    user = request.user
    form = SignForm(request.POST)
    if not form.is_valid():
        return _page(request, handover, forms={"sign": form}, status=400)
    try:
        signed = services.handover_sign(handover=handover, actor=user, note=form.cleaned_data["note"])
    except PermissionDenied as exc:
        return refused(request, exc, reverse("duty:handover_detail", args=[pk]))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _page(request, handover, status=409)
    except ValidationError as exc:
        if "note" in getattr(exc, "error_dict", {}):
            put_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
        return _page(request, handover, forms={"sign": form}, status=400)
    if signed.state == HandoverState.DONE:
        messages.success(request, _("Signed: the handover is complete."))
    elif signed.state == HandoverState.WAITING_LEAD:
        messages.success(request, _("Signed: an important item is still open, so the lead signs too."))
    elif user.pk == signed.outgoing_id:
        messages.success(request, _("Signed: the incoming agent signs next."))
    else:
        messages.success(request, _("Signed."))
    return redirect("duty:handover_detail", pk=pk)
