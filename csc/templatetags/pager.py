"""The pieces every list page shows around its rows (D-2):

- `{% pager page %}`: previous / next links that keep the list's filters and its order, for counted and uncounted
  pages alike;
- `{% sort_header label "key" %}`: a column heading that sorts the list by that column — a link that keeps the
  other filters, goes back to page 1 and turns the direction round on the second click; the current column shows
  an arrow and `aria-sort`. The view puts the order the rows came in as `sort_key` in the context (the FilterSet's
  `sort_key`);
- `{% sort_input %}`: the current order as a hidden field of the filter form, so that filtering keeps it;
- `{% list_count count %}`: how many rows match ("共 123 条", "共 10,000+ 条"), from `csc.pagination.capped_count`.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import pgettext

from csc.pagination import query_without_page

register = template.Library()


@register.inclusion_tag("_pager.html", takes_context=True)
def pager(context, page):
    request = context.get("request")
    return {"page": page, "query": query_without_page(request.GET) if request is not None else ""}


def _query_with_sort(request, key: str) -> str:
    params = request.GET.copy() if request is not None else None
    if params is None:
        return f"sort={key}"
    for name in ("page", "export", "sort"):
        params.pop(name, None)
    params["sort"] = key
    return params.urlencode()


@register.simple_tag(takes_context=True)
def sort_header(context, label, key: str, first: str = "asc", css: str = ""):
    """A <th> whose heading sorts by `key`; `first="desc"` for a column read newest or largest first. Where the
    table is shown without its list (a home panel: no `sort_key` in the context) a plain heading."""
    if "sort_key" not in context:
        return format_html("<th{}>{}</th>", format_html(' class="{}"', css) if css else "", label)
    current = str(context.get("sort_key") or "")
    if current == key:
        state, following, arrow = "ascending", f"-{key}", "▲"
    elif current == f"-{key}":
        state, following, arrow = "descending", key, "▼"
    else:
        state, following, arrow = "", (f"-{key}" if first == "desc" else key), ""
    href = "?" + _query_with_sort(context.get("request"), following)
    return format_html(
        '<th{}{}><a class="sort" href="{}">{}{}</a></th>',
        format_html(' class="{}"', css) if css else "",
        format_html(' aria-sort="{}"', state) if state else "",
        href,
        label,
        format_html('<span class="sort-arrow" aria-hidden="true">{}</span>', arrow) if arrow else "",
    )


@register.simple_tag(takes_context=True)
def sort_input(context):
    request = context.get("request")
    if request is None or not request.GET.get("sort") or not context.get("sort_key"):
        return ""
    return format_html('<input type="hidden" name="sort" value="{}">', context["sort_key"])


@register.simple_tag
def list_count(count):
    """The number of rows that match, above the list (a live region: it changes when the filters do)."""
    return format_html(
        '<p class="list-count" role="status">{}</p>', pgettext("list", "%(count)s in all") % {"count": count}
    )
