"""Customer pages: masked lists, a detail page that logs every look, and the access log for compliance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from compliance.models import AccessChannel, AccessLogEntry, Customer
from compliance.selectors import customers_visible_to
from compliance.services import UNMASK_PERMISSION, access_log_record, customer_disclose
from csc.permissions import access_or_404, may


@login_required
def customer_list(request):
    if not may(request.user, "compliance.view_customer"):
        raise PermissionDenied
    search = request.GET.get("q", "")
    page = Paginator(customers_visible_to(user=request.user, search=search), 25).get_page(request.GET.get("page"))
    access_log_record(
        user=request.user,
        customers=page.object_list,
        channel=AccessChannel.LIST,
        fields=["name", "phones", "addresses"],
        unmasked=False,
    )
    template = "compliance/_customer_rows.html" if request.htmx else "compliance/customer_list.html"
    return render(request, template, {"page": page, "q": search})


@login_required
def customer_detail(request, pk: int):
    customer = access_or_404(
        request.user,
        "compliance.view_customer",
        Customer.objects.prefetch_related("phones", "addresses"),
        pk=pk,
        is_active=True,
    )
    want_full = request.method == "POST" and request.POST.get("reveal") == "1"
    purpose = request.POST.get("purpose", "").strip() if want_full else ""
    error = ""
    if want_full and not purpose:
        error = "purpose"
        want_full = False
    view = customer_disclose(
        customer=customer, actor=request.user, channel=AccessChannel.PAGE, purpose=purpose, want_full=want_full
    )
    context = {
        "customer": customer,
        "view": view,
        "may_unmask": may(request.user, UNMASK_PERMISSION),
        "error": error,
    }
    return render(request, "compliance/customer_detail.html", context)


@login_required
def access_log(request):
    if not may(request.user, "compliance.view_accesslogentry"):
        raise PermissionDenied
    entries = AccessLogEntry.objects.select_related("user", "customer")
    staff = request.GET.get("staff", "").strip()
    if staff:
        entries = entries.filter(user__username=staff)
    customer = request.GET.get("customer", "").strip()
    if customer.isdigit():
        entries = entries.filter(customer_id=int(customer))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "compliance/access_log.html", {"page": page, "staff": staff, "customer": customer})
