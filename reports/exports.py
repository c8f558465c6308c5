"""The report laid out like seed 004's 日报表, for the page, the print view and the .xlsx alike (one `layout()`).

The seed's table, exactly: two title lines (xx月xx日供暖报修报表 / xxxx年xx月xx日供暖报修数据统计), the top block
(报修量 咨询量 已维修 已回访 报修不热 报修冰凉 要求测温 报修漏水), then the stations as rows — 维修站 累计报修 累计维修
未完成 今日报修 今日维修, 总计 first, then every station in its order. What the seed's table has no place for (repairs
of another category, repairs no station has yet, exception events, area outages) follows in separate notes below,
each saying how it relates to the table. "今日" is said only of today; another day, week or month is named by its
dates (本周 / 本月 while the period is running).

Archived snapshots keep the figures of the day they were built, in the shape of that day: everything here is read
with defaults, so a snapshot older than a key still renders.
"""

from __future__ import annotations

import itertools
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Border, Side

from csc import exports as sheets
from csc import reporting
from csc.exports import XLSX_TYPE, append, workbook_bytes
from reports.selectors import CATEGORIES, CATEGORY_LABELS

__all__ = ["XLSX_TYPE", "layout", "report_workbook", "title", "xlsx_bytes", "xlsx_filename"]

TOP_BLOCK = [  # the seed's top block, in the seed's order: (where the figure is, key, label)
    ("totals", "repairs", "报修量"),
    ("totals", "consultations", "咨询量"),
    ("totals", "completed", "已维修"),
    ("totals", "callbacks", "已回访"),
    ("categories", "not_warm", "报修不热"),
    ("categories", "cold", "报修冰凉"),
    ("categories", "temperature_check", "要求测温"),
    ("categories", "leak", "报修漏水"),
]
SEED_CATEGORIES = {key for where, key, _label in TOP_BLOCK if where == "categories"}
STATION_COLUMNS = ["cumulative_repairs", "cumulative_completed", "unfinished", "repairs", "completed"]
# Snapshots built before the row was flagged name it so (tickets' label for repairs no active station has).
OLD_UNROUTED_NAME = "未分配"
NOTES_HEADING = "附：报表样式以外的数字"
SHEET_NAMES = {"daily": "日报表", "weekly": "周报表", "monthly": "月报表"}
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center")
NOTE_WIDTH = 24  # a note's cell wider than this wraps


def _day(value: date) -> str:
    return f"{value.month}月{value.day}日"


def _span(start: date, end: date, *, years: bool) -> str:
    """11月16日至22日, 11月30日至12月6日, 2025年12月29日至2026年1月4日 (with years: the year once if shared)."""
    first = f"{start.year}年{_day(start)}" if years else _day(start)
    if years and start.year != end.year:
        return f"{first}至{end.year}年{_day(end)}"
    return f"{first}至{end.day}日" if start.month == end.month else f"{first}至{_day(end)}"


def _period(data: dict) -> tuple[date, date]:
    return date.fromisoformat(data["period"]["start"]), date.fromisoformat(data["period"]["end"])


def title_lines(data: dict) -> tuple[str, str]:
    """The seed's two title lines for this report's period."""
    start, end = _period(data)
    kind = data["kind"]
    if kind == "daily":
        return f"{_day(start)}供暖报修报表", f"{start.year}年{_day(start)}供暖报修数据统计"
    if kind == "weekly":
        return f"{_span(start, end, years=False)}供暖报修周报表", f"{_span(start, end, years=True)}供暖报修数据统计"
    if kind == "monthly":
        return f"{start.month}月供暖报修月报表", f"{start.year}年{start.month}月供暖报修数据统计"
    return f"{start.year}年{start.month}月客诉统计", ""


def title(data: dict) -> str:
    return title_lines(data)[0]


def period_word(data: dict, *, today: date | None = None) -> str:
    """What the period's own columns are called: 今日 / 本周 / 本月 while it is running, otherwise its dates."""
    start, end = _period(data)
    today = today or timezone.localdate()
    running = start <= today <= end
    if data["kind"] == "daily":
        return "今日" if running else _day(start)
    if data["kind"] == "weekly":
        return "本周" if running else _span(start, end, years=False)
    return "本月" if running else f"{start.month}月"


def _is_unrouted(row: dict) -> bool:
    return bool(row.get("unrouted", row.get("station") == OLD_UNROUTED_NAME))


def _station_row(name: str, figures: dict) -> list:
    return [name, *[figures.get(column, 0) for column in STATION_COLUMNS]]


def layout(data: dict, *, today: date | None = None) -> dict:
    """The seed's table (title lines, top block, stations as rows with 总计 first) and, apart, the notes."""
    word = period_word(data, today=today)
    top_line, sub_line = title_lines(data)
    totals = data.get("totals") or {}
    categories = data.get("categories") or {}
    sources = {"totals": totals, "categories": categories}
    station_header = ["维修站", "累计报修", "累计维修", "未完成", f"{word}报修", f"{word}维修"]
    stations = data.get("stations") or []
    routed = [row for row in stations if not _is_unrouted(row)]
    unrouted = [row for row in stations if _is_unrouted(row)]

    notes = []
    other = [code for code in CATEGORIES if code not in SEED_CATEGORIES]
    notes.append(
        {
            "key": "other_categories",
            "heading": "其他类报修（已计入报修量）",
            "row_headers": False,
            "header": [f"报修{CATEGORY_LABELS.get(code, code)}" for code in other],
            "rows": [[categories.get(code, 0) for code in other]],
        }
    )
    if unrouted:
        notes.append(
            {
                "key": "unrouted",
                "heading": "未分配到在用维修站的报修（已计入总计）",
                "row_headers": True,
                "header": station_header,
                "rows": [_station_row(row.get("station") or OLD_UNROUTED_NAME, row) for row in unrouted],
            }
        )
    if data.get("exceptions"):
        notes.append(
            {
                "key": "exceptions",
                "heading": "异常事件",
                "row_headers": True,
                "header": ["异常事件", "件数"],
                "rows": [
                    [event.get("label", event.get("type", "")), event.get("count", 0)] for event in data["exceptions"]
                ],
            }
        )
    if "outages" in data:  # T-8: one outage counted once, the calls behind it apart from the repairs
        outages = data.get("outages") or {}
        notes.append(
            {
                "key": "outages",
                "heading": "片区停热（停热关联来电不计入报修量）",
                "row_headers": False,
                "header": ["片区停热（起）", "停热关联来电"],
                "rows": [[outages.get("outages", 0), outages.get("linked_calls", 0)]],
            }
        )
    return {
        "title": top_line,
        "subtitle": sub_line,
        "top": {
            "key": "totals",
            "row_headers": False,
            "header": [label for _where, _key, label in TOP_BLOCK],
            "rows": [[sources[where].get(key, 0) for where, key, _label in TOP_BLOCK]],
        },
        "stations": {
            "key": "stations",
            "row_headers": True,
            "header": station_header,
            "rows": [
                _station_row("总计", data.get("station_totals") or {}),
                *[_station_row(row.get("station", ""), row) for row in routed],
            ],
        },
        "notes_heading": NOTES_HEADING if notes else "",
        "notes": notes,
    }


def xlsx_filename(snapshot) -> str:
    return f"{snapshot.kind}-{snapshot.period_start.isoformat()}-v{snapshot.version}.xlsx"


def xlsx_bytes(snapshot, *, exported_by: str) -> bytes:
    return report_workbook(
        snapshot.data, footer=f"v{snapshot.version} · SHA-256 {snapshot.checksum[:16]}", exported_by=exported_by
    )


def report_workbook(data: dict, *, footer: str = "", exported_by: str, today: date | None = None) -> bytes:
    """The same layout as the page: the seed's table from the top, the notes below it, the provenance last."""
    if data["kind"] == "complaints_monthly":
        return _complaints_workbook(data, exported_by=exported_by)
    table = layout(data, today=today)
    book = sheets.new_workbook()
    sheet = book.active
    sheet.title = SHEET_NAMES[data["kind"]]
    seed = [row for block in (table["top"], table["stations"]) for row in [block["header"], *block["rows"]]]
    notes = [row for note in table["notes"] for row in [note["header"], *note["rows"]]]
    width = max(len(row) for row in seed + notes)
    # The seed's table sets the widths; a long note (an exception's name) may widen a column up to NOTE_WIDTH and
    # wraps beyond it, so the station table keeps its shape.
    widths = [
        max(seed_width, min(note_width, NOTE_WIDTH))
        for seed_width, note_width in itertools.zip_longest(
            sheets.column_widths(seed), sheets.column_widths(notes), fillvalue=0
        )
    ]
    widths[1:] = [max(widths[1:])] * (len(widths) - 1)  # the figures' columns alike, as on a printed form
    # Frozen: the title lines, the top block, a blank line and the station header; printed again: the title lines.
    sheets.sheet_setup(sheet, widths=widths, header_rows=6, repeat_rows=2, exported_by=exported_by)

    for row_number, (text, size) in enumerate([(table["title"], 16), (table["subtitle"], 12)], start=1):
        append(sheet, [text])
        sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
        sheet.cell(row_number, 1).font = sheets.font(bold=True, size=size)
        sheet.cell(row_number, 1).alignment = CENTER
    _block(sheet, table["top"])
    append(sheet, [])
    _block(sheet, table["stations"], first_bold=True)
    if table["notes"]:
        append(sheet, [])
        append(sheet, [table["notes_heading"]], bold=True)
    for note in table["notes"]:
        append(sheet, [])
        append(sheet, [note["heading"]], bold=True)
        _block(sheet, note, wrap=True)
    for block in reporting.blocks(data["kind"], data):  # what a section lays out itself (monthly satisfaction)
        append(sheet, [])
        append(sheet, [block["heading"]], bold=True)
        _block(sheet, block, wrap=True)
    if footer:
        append(sheet, [])
        append(sheet, [footer])
    return workbook_bytes(book)


def _block(sheet, block: dict, *, first_bold: bool = False, wrap: bool = False) -> None:
    """A bordered table: the header row bold, then the rows (the 总计 row bold too when first_bold)."""
    append(sheet, block["header"], bold=True)
    _frame(sheet[sheet.max_row], wrap=wrap)
    for index, row in enumerate(block["rows"]):
        append(sheet, row, bold=first_bold and index == 0)
        _frame(sheet[sheet.max_row], wrap=wrap)


def _frame(cells, *, wrap: bool) -> None:
    for cell in cells:
        if cell.value is not None:
            cell.border = BORDER
            left = cell.column == 1 and isinstance(cell.value, str)
            cell.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=wrap)


def _complaints_workbook(data: dict, *, exported_by: str) -> bytes:
    """C-11 in the layout of its page: the title, then each table under its heading (complaints.statistics)."""
    tables = reporting.blocks(data["kind"], data)
    book = sheets.new_workbook()
    sheet = book.active
    sheet.title = "客诉统计"
    rows = [row for block in tables for row in [block["header"], *block["rows"]]]
    sheets.sheet_setup(sheet, widths=sheets.column_widths(rows), header_rows=1, exported_by=exported_by)
    append(sheet, [title(data)], bold=True)
    sheet.cell(1, 1).font = sheets.font(bold=True, size=14)
    if not tables:
        append(sheet, [_("No complaint statistics available.")])
    for block in tables:
        append(sheet, [])
        append(sheet, [block["heading"]], bold=True)
        _block(sheet, block)
    return workbook_bytes(book)
