"""Every list, page or API, is cut into pages here — one module, one limit (MAX_PAGE_SIZE).

Three ways, each chosen by how big the list can grow:
- counted pages ("page 3 of 12") for lists that stay small (customers found by a search, loans, notifications):
  Django's Paginator on pages, `PageNumberPagination` in the API (`?page=`, `?page_size=` up to 500);
- pages without a count for the long lists (complaints, tickets, calls' history: millions of rows, where counting
  the matches costs more than reading the page): `Window` on pages, `NoCountPagination` in the API — one row more
  than the page tells whether there is a next one;
- a cursor for the API's busiest list (tickets, newest first): `CursorPagination`, stable while rows arrive.

A long list still says how many rows match, without counting a million of them: `capped_count` reads at most
LIST_COUNT_CAP + 1 rows in one query and says "10,000+" beyond (D-2, "共 123 条").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
LIST_COUNT_CAP = 10_000


@dataclass(frozen=True)
class Capped:
    """A count read up to a cap: shown as "10,000+" beyond it, so a backlog of 200,000 costs what 10,000 does."""

    n: int
    more: bool = False

    def __str__(self) -> str:
        return f"{self.n:,}+" if self.more else f"{self.n:,}"

    def __bool__(self) -> bool:
        return self.n > 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int):
            return not self.more and self.n == other
        return isinstance(other, Capped) and (self.n, self.more) == (other.n, other.more)

    def __hash__(self) -> int:
        return hash((self.n, self.more))


def capped_count(queryset: QuerySet, *, cap: int = LIST_COUNT_CAP) -> Capped:
    """How many rows the list holds, up to `cap`: one query, `SELECT count(*) FROM (… LIMIT cap + 1)`."""
    if queryset.query.is_empty():
        return Capped(0)
    found = queryset.order_by().values("pk")[: cap + 1].count()
    return Capped(min(found, cap), found > cap)


def page_number(value) -> int:
    """A page number from the query string: a positive whole number, else 1 (a page never fails on it)."""
    try:
        return max(int(value or 1), 1)
    except (TypeError, ValueError):
        return 1


class Window:
    """A page of a long list without COUNT(*): reads one row more than the page to know whether another follows."""

    paginator = None  # no total: the pager shows "page n" and next/previous

    def __init__(self, queryset, number, size: int = PAGE_SIZE):
        self.number = page_number(number)
        self.size = size
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        self.object_list = rows[:size]
        self.has_next = len(rows) > size
        self.has_previous = self.number > 1
        self.has_other_pages = self.has_next or self.has_previous
        self.next_page_number = self.number + 1
        self.previous_page_number = self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def page_of(queryset, request, *, size: int = PAGE_SIZE, counted: bool = True) -> Page | Window:
    """The requested page of a list for a page view: counted (small lists) or a Window (long ones)."""
    number = request.GET.get("page")
    if counted:
        return Paginator(queryset, size).get_page(number)
    return Window(queryset, number, size)


def query_without_page(params) -> str:
    """The query string of the current filters, for the pager's links to add its own `page=`."""
    query = params.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


# --- the API --------------------------------------------------------------------------------------------


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class CursorPagination(pagination.CursorPagination):
    """Newest first by default; a view sets `ordering` for its own list."""

    ordering = ("-created_at", "-id")
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class NoCountPagination(pagination.BasePagination):
    """Page numbers without a count: constant time on a million rows (`?page=`, `?page_size=` up to 500)."""

    page_size = PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        try:
            number = int(request.query_params.get("page", 1))
            size = int(request.query_params.get("page_size", self.page_size))
        except ValueError:
            raise ValidationError({"page": [_("A page number is a positive whole number.")]}) from None
        self.window = Window(queryset, number, min(max(size, 1), MAX_PAGE_SIZE))
        self.request = request
        return self.window.object_list

    def _link(self, number: int) -> str:
        params = self.request.query_params.copy()
        params["page"] = number
        return self.request.build_absolute_uri(f"{self.request.path}?{params.urlencode()}")

    def get_paginated_response(self, data):
        window = self.window
        return Response(
            {
                "next": self._link(window.next_page_number) if window.has_next else None,
                "previous": self._link(window.previous_page_number) if window.has_previous else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
