"""The report laid out like seed 004's 日报表 (stations as columns), for the page, print and .xlsx alike."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Border, Side

from csc import exports as sheets
from csc.exports import XLSX_TYPE, append, workbook_bytes
from reports.selectors import CATEGORIES, CATEGORY_LABELS

__all__ = ["XLSX_TYPE", "layout", "report_workbook", "title", "xlsx_bytes", "xlsx_filename"]

TOTAL_HEADINGS = [
    ("repairs", "报修量"),
    ("consultations", "咨询量"),
    ("completed", "已维修"),
    ("callbacks", "已回访"),
]
STATION_ROWS = [
    ("cumulative_repairs", "累计报修"),
    ("cumulative_completed", "累计维修"),
    ("unfinished", "未完成"),
    ("repairs", "今日报修"),
    ("completed", "今日维修"),
]
PERIOD_ROWS = {"repairs": "本期报修", "completed": "本期维修"}


def title(data: dict) -> str:
    start = date.fromisoformat(data["period"]["start"])
    end = date.fromisoformat(data["period"]["end"])
    if data["kind"] == "daily":
        return f"{start.year}年{start.month}月{start.day}日供暖报修数据统计"
    if data["kind"] == "weekly":
        return f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}供暖报修周报"
    if data["kind"] == "monthly":
        return f"{start.year}年{start.month}月供暖报修月报"
    return f"{start.year}年{start.month}月客诉统计"


def layout(data: dict) -> dict:
    """Rows and columns of the seed's table: a totals line, then one column per station with 总计 first."""
    daily = data["kind"] == "daily"
    totals_header = [label for _key, label in TOTAL_HEADINGS] + [
        f"报修{CATEGORY_LABELS[c]}" if c != "temperature_check" else "要求测温" for c in CATEGORIES
    ]
    totals_row = [data["totals"][key] for key, _label in TOTAL_HEADINGS] + [data["categories"][c] for c in CATEGORIES]
    station_header = ["维修站", "总计", *[row["station"] for row in data["stations"]]]
    station_rows = []
    for key, label in STATION_ROWS:
        name = label if daily else PERIOD_ROWS.get(key, label)
        station_rows.append([name, data["station_totals"].get(key, 0), *[row[key] for row in data["stations"]]])
    exception_rows = [[e["label"], e["count"]] for e in data.get("exceptions", [])]
    outages = data.get("outages") or {}
    outage_rows = [["片区停热(起)", outages.get("outages", 0)], ["停热关联来电", outages.get("linked_calls", 0)]]
    return {
        "title": title(data),
        "totals_header": totals_header,
        "totals_row": totals_row,
        "station_header": station_header,
        "station_rows": station_rows,
        "exception_rows": exception_rows,
        "outage_rows": outage_rows if "outages" in data else [],
    }


def xlsx_filename(snapshot) -> str:
    return f"{snapshot.kind}-{snapshot.period_start.isoformat()}-v{snapshot.version}.xlsx"


def xlsx_bytes(snapshot, *, exported_by: str) -> bytes:
    return report_workbook(
        snapshot.data, footer=f"v{snapshot.version} · SHA-256 {snapshot.checksum[:16]}", exported_by=exported_by
    )


def report_workbook(data: dict, *, footer: str = "", exported_by: str) -> bytes:
    if data["kind"] == "complaints_monthly":
        return _complaints_workbook(data, exported_by=exported_by)
    table = layout(data)
    book = sheets.new_workbook()
    sheet = book.active
    sheet.title = {"daily": "日报表", "weekly": "周报表", "monthly": "月报表"}[data["kind"]]
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    width = max(len(table["station_header"]), len(table["totals_header"]))
    lines = [table["totals_header"], table["totals_row"], table["station_header"], *table["station_rows"]]
    lines += [*table["exception_rows"], *table["outage_rows"]]
    # The title, the totals and the station header: kept in view and printed on every page.
    sheets.sheet_setup(sheet, widths=sheets.column_widths(lines), header_rows=6, exported_by=exported_by)

    append(sheet, [table["title"]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = sheets.font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    append(sheet, [])
    append(sheet, table["totals_header"])
    append(sheet, table["totals_row"])
    append(sheet, [])
    append(sheet, table["station_header"])
    for row in table["station_rows"]:
        append(sheet, row)
    for row_number in (3, 4, *range(6, 7 + len(table["station_rows"]))):
        for cell in sheet[row_number]:
            if cell.value is not None:
                cell.border = border
                cell.alignment = Alignment(horizontal="center")
    for cell in (*sheet[3], *sheet[6]):
        cell.font = sheets.font(bold=True)
    if table["exception_rows"]:
        append(sheet, [])
        append(sheet, ["异常事件", "件数"], bold=True)
        for row in table["exception_rows"]:
            append(sheet, row)
    if table["outage_rows"]:  # T-8: one outage counted once, the calls behind it apart
        append(sheet, [])
        for row in table["outage_rows"]:
            append(sheet, row)
    if footer:
        append(sheet, [])
        append(sheet, [footer])
    return workbook_bytes(book)


def _complaints_workbook(data: dict, *, exported_by: str) -> bytes:
    """C-11's figures as they are stored: each figure on a line, each group under its name."""
    statistics = data.get("statistics") or {}
    lines: list[tuple[list, bool]] = [([title(data)], True)]  # (cells, is a heading)
    for key, value in statistics.items():
        if isinstance(value, dict):
            lines += [([], False), ([str(key)], True)]
            lines += [([str(name), _cell(figure)], False) for name, figure in value.items()]
        elif isinstance(value, list):
            lines += [([], False), ([str(key)], True)]
            lines += [
                ([_cell(v) for v in item.values()] if isinstance(item, dict) else [_cell(item)], False)
                for item in value
            ]
        else:
            lines.append(([str(key), _cell(value)], False))
    if not statistics:
        lines.append(([_("No complaint statistics available.")], False))
    book = sheets.new_workbook()
    sheet = book.active
    sheet.title = "客诉统计"
    widths = sheets.column_widths(cells for cells, heading in lines if not heading)
    sheets.sheet_setup(sheet, widths=widths, header_rows=1, exported_by=exported_by)
    for cells, heading in lines:
        append(sheet, cells, bold=heading)
    return workbook_bytes(book)


def _cell(value):
    return value if isinstance(value, int | float | str) or value is None else str(value)
