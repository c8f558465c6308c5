"""Import service areas from an .xlsx or .csv sheet (T-1, X-4): every row checked, a per-row error report,
nothing imported when any row is bad unless the user chose "import the good rows".

Columns (header row, Chinese or English): 维修站/station (name or code), 区/district, 街道/street,
小区/community, 楼号/buildings ("1-12", "1～12", "1至12", blank = the whole community).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tickets.models import ServiceArea, Station
from tickets.services import area_overlap

HEADERS = {
    "station": {"station", "维修站", "站", "站名"},
    "district": {"district", "区", "区县", "城区"},
    "street": {"street", "街道", "街道/镇", "镇"},
    "community": {"community", "小区", "社区", "小区/街"},
    "buildings": {"buildings", "楼号", "楼号范围", "楼栋"},
}
_RANGE = re.compile(r"^\s*(\d{1,5})\s*(?:[-~～至到—－]\s*(\d{1,5}))?\s*$")
MAX_ROWS = 20000


@dataclass
class RowReport:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowReport]
    imported: int = 0
    file_error: str = ""

    @property
    def bad_rows(self) -> list[RowReport]:
        return [r for r in self.rows if r.errors]

    @property
    def good_count(self) -> int:
        return len(self.rows) - len(self.bad_rows)


def _read(upload) -> list[list[str]]:
    name = (getattr(upload, "name", "") or "").lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many types for a damaged file
            raise ValidationError(_("This is not a readable .xlsx file.")) from error
        return [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(_("The .csv file is neither UTF-8 nor GBK."))
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    raise ValidationError(_("Upload an .xlsx or .csv file."))


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        for key, names in HEADERS.items():
            if title.strip().lower() in names:
                found[key] = index
    missing = [key for key in ("station", "district", "community") if key not in found]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return found


@transaction.atomic
def service_areas_import(*, upload, actor, good_rows_only: bool = False) -> ImportReport:
    """Check every row; import all of them, or only the good ones when asked, or nothing. Returns the report."""
    try:
        table = _read(upload)
        if not table:
            raise ValidationError(_("The file is empty."))
        columns = _columns(table[0])
    except ValidationError as error:
        return ImportReport(rows=[], file_error=" ".join(error.messages))
    body = [row for row in table[1:] if any(cell for cell in row)]
    if len(body) > MAX_ROWS:
        return ImportReport(rows=[], file_error=_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
    stations = {}
    for station in Station.objects.all():
        stations[station.name] = stations[station.code] = station
    report = ImportReport(rows=[])
    pending: list[ServiceArea] = []
    seen: set[tuple] = set()
    for line, row in enumerate(body, start=2):

        def cell(key, row=row):
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        values = {key: cell(key) for key in HEADERS}
        result = RowReport(line=line, values=values)
        report.rows.append(result)
        station = stations.get(values["station"])
        if station is None:
            result.errors.append(_("Unknown station “%(name)s”.") % {"name": values["station"]})
        if not values["district"]:
            result.errors.append(_("The district is missing."))
        if not values["community"]:
            result.errors.append(_("The community is missing."))
        first = last = None
        if values["buildings"]:
            match = _RANGE.match(values["buildings"])
            if not match:
                result.errors.append(_("Buildings must look like 1-12, or be blank for the whole community."))
            else:
                first = int(match.group(1))
                last = int(match.group(2) or match.group(1))
                if last < first:
                    result.errors.append(_("The last building is below the first."))
        if result.errors:
            continue
        area = ServiceArea(
            station=station,
            district=values["district"],
            street=values["street"],
            community=values["community"],
            building_from=first,
            building_to=last,
        )
        area.fill_keys()
        key = (area.station_id, area.district_stem, area.community_key, first, last)
        if key in seen:
            result.errors.append(_("The same area appears twice in the file."))
            continue
        if ServiceArea.objects.filter(
            station=station,
            district_stem=area.district_stem,
            community_key=area.community_key,
            building_from=first,
            building_to=last,
            is_active=True,
        ).exists():
            result.errors.append(_("This station already covers this area."))
            continue
        conflict = area_overlap(area, pending)
        if conflict is not None:
            result.errors.append(_("Overlaps %(area)s.") % {"area": conflict})
            continue
        seen.add(key)
        pending.append(area)
    if report.bad_rows and not good_rows_only:
        return report  # nothing imported
    for area in pending:
        area._history_user = actor
        area.save()
    report.imported = len(pending)
    return report
