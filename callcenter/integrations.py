"""The desk's doors into the tickets and complaints apps: their selectors and services are called, never copied."""

from __future__ import annotations

from django.utils.translation import gettext as _


def open_tickets_by_customer(customer_ids: list[int]) -> dict[int, list]:
    """Open repair tickets of these customers (one query)."""
    return {}


def open_complaints_by_customer(customer_ids: list[int]) -> dict[int, list]:
    """Open complaints of these customers (one query)."""
    return {}


def ticket_tab_context(*, request, call, customer) -> dict:
    return {"available": False}


def complaint_tab_context(*, request, call, customer) -> dict:
    return {"available": False}


def links_for_call(call) -> list[dict]:
    return []


def _unavailable(name: str):
    def handler(*, request, call, customer):
        return "callcenter/_tab_message.html", {"message": _("Not available yet.")}, 409

    return handler


ticket_tab_post = _unavailable("ticket")
complaint_tab_post = _unavailable("complaint")
attach_tab_post = _unavailable("attach")
