"""Callback pages: the queue and one callback (the survey). Thin: writes through the services, reads through the
selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from callbacks import selectors, services
from callbacks.models import Callback
from csc.permissions import access_or_404

VIEW = selectors.VIEW


@login_required
def queue(request):
    rows = list(selectors.queue(user=request.user)[:50])
    return render(request, "callbacks/queue.html", {"rows": rows})


@login_required
def detail(request, pk: int):
    callback = access_or_404(request.user, VIEW, Callback.objects.select_related("ticket", "complaint"), pk=pk)
    return render(request, "callbacks/detail.html", {"callback": callback, "script": services.script(callback)})
