"""What every list page must do (D-2, P-1), as checks the lists' tests share: sort by each column (a bad key is a
message, never a 500), show how many rows match, export exactly the filtered rows to .xlsx and .csv (the CSV with its
BOM), record each export once, keep its query count as rows grow."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.models import ExportRecord
from tests.downloads import csv_rows, xlsx_rows


def sorts_by_every_column(client, url: str, keys, params: dict | None = None, *, headed: bool = True) -> None:
    """Each key both ways: a 200 whose rows came in that order (`sort_key`), its heading marked with aria-sort
    (`headed=False` for keys without a column of their own: the API's and the links' orders)."""
    params = params or {}
    baseline = client.get(url, params)
    assert baseline.status_code == 200
    rows = len(baseline.context["page"].object_list)
    for key in keys:
        for wanted, state in ((key, "ascending"), (f"-{key}", "descending")):
            response = client.get(url, {**params, "sort": wanted})
            assert response.status_code == 200, wanted
            assert response.context["sort_key"] == wanted
            assert len(response.context["page"].object_list) == rows, wanted
            assert not [m for m in get_messages(response.wsgi_request)], wanted
            if headed:
                assert f'aria-sort="{state}"' in response.content.decode(), wanted


def refuses_a_bad_sort_with_a_message(client, url: str, *, status: int = 200) -> None:
    response = client.get(url, {"sort": "no_such_column"})
    assert response.status_code == status
    text = response.content.decode()
    assert "no_such_column" in text  # said on the page, the list shown in its default order
    assert response.context["sort_key"] != "no_such_column"


def shows_the_count(response, count: int | str) -> None:
    """The count above the list ("共 3 条" in Chinese once the catalogue has it; checked by its number here)."""
    if isinstance(count, int):
        assert response.context["count"] == count
    text = response.content.decode()
    start = text.index('<p class="list-count" role="status">')
    shown = f"{count:,}" if isinstance(count, int) else count
    assert shown in text[start : text.index("</p>", start)]


def exports_exactly(client, url: str, params: dict, *, rows: int, list_code: str, user) -> tuple[list, list]:
    """Both formats hold the header and exactly `rows` rows; each download is one ExportRecord of that count.
    Returns the .xlsx rows and the CSV rows (header first)."""
    before = ExportRecord.objects.count()
    as_xlsx = client.get(url, {**params, "export": "xlsx"})
    as_csv = client.get(url, {**params, "export": "csv"})

    assert as_xlsx.status_code == 200 and as_csv.status_code == 200
    assert as_xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="' in as_csv["Content-Disposition"]
    sheet, lines = xlsx_rows(as_xlsx), csv_rows(as_csv)  # csv_rows checks the BOM
    assert len(sheet) == rows + 1 and len(lines) == rows + 1
    records = list(ExportRecord.objects.order_by("id")[before:])
    assert [(r.user_id, r.list_code, r.format, r.row_count) for r in records] == [
        (user.pk, list_code, "xlsx", rows),
        (user.pk, list_code, "csv", rows),
    ]
    return sheet, lines


def queries_of(client, url: str, params: dict | None = None) -> int:
    """The queries of the page once the session and the permission cache are warm."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)
