"""D-2 plumbing in the ground: the capped count (csc.pagination), the order by a column (csc.filters.SortFilter), the
one export entry point (csc.exports.export_response: streamed CSV with its BOM, .xlsx from a temporary file, flat
memory for 100,000 rows, the limit, the recorder port) and the column-heading tag."""

from __future__ import annotations

import csv
import io
import itertools
import tracemalloc

import pytest
from django.db.models import F
from django.template import Context, Template
from django.test import RequestFactory
from openpyxl import load_workbook

from accounts.models import User
from csc import exports
from csc.filters import FilterSet, SortFilter
from csc.pagination import Capped, capped_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- the capped count -----------------------------------------------------------------------------------------


def test_the_count_is_exact_below_the_cap_and_says_more_above_it(django_assert_num_queries):
    for _ in range(4):
        UserFactory()
    users = User.objects.filter(username__startswith="user")

    with django_assert_num_queries(1):
        exact = capped_count(users, cap=10)
    at_cap = capped_count(users, cap=4)
    above = capped_count(users, cap=3)

    assert exact == Capped(4) and exact == 4 and str(exact) == "4"
    assert at_cap == 4 and not at_cap.more
    assert above == Capped(3, more=True) and above != 3 and str(above) == "3+"
    assert str(Capped(10_000, more=True)) == "10,000+" and str(Capped(1234)) == "1,234"
    assert capped_count(User.objects.none()) == 0


# --- the order by a column ------------------------------------------------------------------------------------


class UserSort(FilterSet):
    sort = SortFilter(
        columns={"name": ("username",), "joined": ("date_joined",), "team": ("team__name",), "login": ("last_login",)}
    )
    default_sort = "-joined"

    class Meta:
        model = User
        fields = []


def _order(params):
    filterset = UserSort(params, queryset=User.objects.all())
    return filterset, filterset.qs.query.order_by


def test_a_key_sorts_both_ways_with_the_id_last():
    assert _order({"sort": "joined"})[1] == ("date_joined", "id")
    assert _order({"sort": "-joined"})[1] == ("-date_joined", "-id")


def test_a_unique_field_needs_no_tie_breaker():
    assert _order({"sort": "name"})[1] == ("username",)
    assert _order({"sort": "-name"})[1] == ("-username",)


def test_empty_values_sort_last_both_ways():
    assert _order({"sort": "login"})[1] == (F("last_login").asc(nulls_last=True), "id")
    assert _order({"sort": "-team"})[1] == (F("team__name").desc(nulls_last=True), "-id")


def test_no_sort_is_the_default_and_a_bad_one_is_a_message_with_the_default():
    filterset, order = _order({})
    assert order == ("-date_joined", "-id") and filterset.sort_key == "-joined"

    filterset, order = _order({"sort": "password"})
    assert order == ("-date_joined", "-id") and filterset.sort_key == "-joined"
    assert not filterset.is_valid() and list(filterset.errors) == ["sort"]
    assert "password" in filterset.messages[0]


def test_the_sorted_rows_never_repeat_across_pages():
    for _ in range(6):
        UserFactory(team=None)
    rows = list(UserSort({"sort": "team"}, queryset=User.objects.all()).qs.values_list("pk", flat=True))
    pages = [rows[i : i + 2] for i in range(0, len(rows), 2)]

    assert sorted(itertools.chain(*pages)) == sorted(rows) and len(set(rows)) == len(rows)


def _render(template: str, **context) -> str:
    return Template("{% load pager %}" + template).render(Context(context))


def test_a_column_heading_toggles_its_direction_and_keeps_the_other_filters():
    request = RequestFactory().get("/tickets/", {"station": "3", "page": "4", "sort": "number"})

    current = _render('{% sort_header "单号" "number" %}', request=request, sort_key="number")
    other = _render('{% sort_header "受理时间" "created" "desc" %}', request=request, sort_key="number")
    panel = _render('{% sort_header "单号" "number" %}', request=request)

    assert current == (
        '<th aria-sort="ascending"><a class="sort" href="?station=3&amp;sort=-number">单号'
        '<span class="sort-arrow" aria-hidden="true">▲</span></a></th>'
    )
    assert other == '<th><a class="sort" href="?station=3&amp;sort=-created">受理时间</a></th>'
    assert panel == "<th>单号</th>"  # a table shown outside its list (a home panel) does not sort
    descending = _render('{% sort_header "单号" "number" %}', request=request, sort_key="-number")
    assert 'aria-sort="descending"' in descending and "sort=number" in descending and "▼" in descending


# --- the export ---------------------------------------------------------------------------------------------


def test_the_csv_stream_starts_with_the_bom_once_and_keeps_formulas_as_text():
    rows = ([n, "=1+2" if n == 3 else f"第{n}行"] for n in range(1200))

    chunks = list(exports.csv_stream(["编号", "内容"], rows))
    text = "".join(chunks)

    assert len(chunks) > 2  # written a batch at a time, not in one piece
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    lines = list(csv.reader(io.StringIO(text[1:])))
    assert len(lines) == 1201 and lines[0] == ["编号", "内容"] and lines[4] == ["3", "'=1+2"]


def _peak_memory(write) -> int:
    tracemalloc.start()
    try:
        write()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _rows(n):
    return ([i, f"BX2612{i:06d}", "顺义区宏城花园3号楼2单元501", "138****5678", "=1+2"] for i in range(n))


HEADER = ["序号", "单号", "住址", "电话", "备注"]


def _xlsx(n):
    def write():
        with exports.xlsx_file(title="t", header=HEADER, rows=_rows(n), exported_by="x") as handle:
            handle.seek(0, io.SEEK_END)
            assert handle.tell() > n * 20

    return write


def _csv(n):
    def write():
        for _chunk in exports.csv_stream(HEADER, _rows(n)):
            pass

    return write


def test_memory_stays_flat_as_the_rows_grow_in_both_formats():
    """Ten times the rows, the same peak: the rows go to the file (or the response) as they come. (Kept as lists,
    10,000 rows of this shape would be some 4 MB; 100,000 rows of CSV some 40 MB.)"""
    small, large = _peak_memory(_xlsx(1_000)), _peak_memory(_xlsx(10_000))
    assert large < small + 500_000, (small, large)

    small, large = _peak_memory(_csv(10_000)), _peak_memory(_csv(100_000))
    assert large < small + 200_000, (small, large)


def test_the_xlsx_comes_from_a_temporary_file_ready_to_print():
    with exports.xlsx_file(title="报修单", header=["a", "b"], rows=[["=1", 2]], exported_by="王") as handle:
        sheet = load_workbook(handle).active

    assert sheet.title == "报修单" and sheet.freeze_panes == "A2"
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1", "s")


def test_an_export_needs_a_registered_list_and_the_recorder(rf, agent, monkeypatch):
    request = rf.get("/x/")
    request.user = agent
    kwargs = {"title": "t", "header": ["a"], "queryset": User.objects.all(), "row": lambda u: [u.pk], "fmt": "csv"}

    with pytest.raises(ValueError, match="not registered"):
        exports.export_response(request, list_code="nowhere", **kwargs)
    monkeypatch.setattr(exports, "_recorder", None)
    with pytest.raises(RuntimeError, match="recorder"):
        exports.export_response(request, list_code="tickets", **kwargs)


def test_every_list_is_registered_with_its_name():
    assert {"tickets", "exceptions", "complaints", "my_complaints", "calls", "consultations", "callbacks"} <= set(
        exports.LISTS
    )
    assert {"access_log", "export_log", "customers"} <= set(exports.LISTS)


def test_the_pager_keeps_the_order_and_the_filters():
    from types import SimpleNamespace

    request = RequestFactory().get("/tickets/", {"station": "3", "sort": "-number", "page": "2", "export": "csv"})
    page = SimpleNamespace(
        has_other_pages=True,
        has_previous=True,
        has_next=True,
        previous_page_number=1,
        next_page_number=3,
        number=2,
        paginator=None,
    )

    html = _render("{% pager page %}", request=request, page=page)

    assert 'href="?station=3&amp;sort=-number&amp;page=3"' in html
    assert 'href="?station=3&amp;sort=-number&amp;page=1"' in html and "export" not in html
