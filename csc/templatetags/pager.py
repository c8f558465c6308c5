"""`{% pager page %}`: previous / next links that keep the list's filters, for counted and uncounted pages alike."""

from __future__ import annotations

from django import template

from csc.pagination import query_without_page

register = template.Library()


@register.inclusion_tag("_pager.html", takes_context=True)
def pager(context, page):
    request = context.get("request")
    return {"page": page, "query": query_without_page(request.GET) if request is not None else ""}
