"""Reading a list's download back in tests: exports stream (CSV) or come from a file (.xlsx), so their bytes are
in `streaming_content`, not `content`."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_text(response) -> str:
    """The CSV's text, its BOM checked and removed."""
    raw = body(response)
    assert raw.startswith("\ufeff".encode()), "a CSV export starts with the UTF-8 BOM"
    return raw.decode("utf-8-sig")


def csv_rows(response) -> list[list[str]]:
    """Header first, then the rows."""
    return list(csv.reader(io.StringIO(csv_text(response))))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(body(response))).active


def xlsx_rows(response) -> list[list]:
    """Header first, then the rows, as values."""
    return [list(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]
