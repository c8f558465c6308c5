"""How the product writes times, dates and lists for people — the one home of these rules (issue 12, point 6).

One format per context:
- in lists and tables, a time is ``12-01 18:20`` (``2025-12-28 18:20`` when it is not this year);
- on a record's own page, ``2026-12-01 18:20``;
- in reports, a day is ``2026年12月1日`` and a month ``2026年12月`` (English: ``1 December 2026``, ``December 2026``);
- a span of time, ``2天3小时``; a share, ``37.5%``;
- to a customer (SMS, the public status page), ``12月1日 23:02``;
- within one call's own timeline (queued, ringing, answered), the time of day to the second, ``18:20:05``.
Chinese text takes full-width punctuation (``已受理，编号``); a list of words is joined with ``、`` in Chinese.
Templates use these through the built-in filters of `csc.templatetags.csc_text` (``|list_time``, ``|detail_time``,
``|report_date``, ``|report_month``, ``|customer_time``, ``|words``, ``|full_width`` and ``{% colon %}`` after a
label); Python code (exports, e-mails) calls them here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext

CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef"
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# A half-width mark touching a Chinese character on either side (a "12:30" or "a, b" stays as it is).
_HALF_NEAR_CJK = re.compile(rf"(?<=[{CJK}])\s*([,;:?!])\s*|\s*([,;:?!])\s*(?=[{CJK}])")
_PAREN_AROUND_CJK = re.compile(rf"\(([^()]*[{CJK}][^()]*)\)")


def is_chinese() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def _local(value: datetime | date) -> datetime | date:
    # astimezone on the current zone, not timezone.localtime: the same moment at a fifth of the cost (an export
    # writes 100,000 of these)
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value.astimezone(timezone.get_current_timezone())
    return value


def list_time(value: datetime | date | None) -> str:
    """A time in a list or table: month-day and minutes; the year only when it is not this year."""
    if value is None:
        return ""
    value = _local(value)
    this_year = timezone.localdate().year == value.year
    # strftime, not Django's date format: the same digits, a tenth of the cost (a list renders hundreds of these)
    if isinstance(value, datetime):
        return value.strftime("%m-%d %H:%M" if this_year else "%Y-%m-%d %H:%M")
    return value.strftime("%m-%d" if this_year else "%Y-%m-%d")


def detail_time(value: datetime | date | None) -> str:
    """A time on a record's own page: the full date and minutes."""
    if value is None:
        return ""
    value = _local(value)
    return value.strftime("%Y-%m-%d %H:%M" if isinstance(value, datetime) else "%Y-%m-%d")


def exact_time(value: datetime | None) -> str:
    """A moment to the second, in exports of logs (calls, the access log): 2026-12-01 18:20:05."""
    if value is None:
        return ""
    return _local(value).strftime("%Y-%m-%d %H:%M:%S")


def report_date(value: datetime | date | None) -> str:
    """A day in a report's title or heading: 2026年12月1日 (English: 1 December 2026)."""
    if value is None:
        return ""
    value = _local(value)
    return date_format(value, "Y年n月j日" if is_chinese() else "j F Y")


def report_month(value: datetime | date | None) -> str:
    """A month in a report's title: 2026年12月 (English: December 2026)."""
    if value is None:
        return ""
    value = _local(value)
    return date_format(value, "Y年n月" if is_chinese() else "F Y")


def customer_time(value: datetime | date | None) -> str:
    """A time in a text to a customer (an SMS, the public status page): 12月1日 23:02 (English: 1 December 23:02)."""
    if value is None:
        return ""
    value = _local(value)
    if not isinstance(value, datetime):
        return date_format(value, "n月j日" if is_chinese() else "j F")
    return date_format(value, "n月j日 H:i" if is_chinese() else "j F H:i")


def duration(seconds: float | None) -> str:
    """A span of time in the units a person says: 2天3小时, 5小时20分, 45分钟 (English: 2 d 3 h, 5 h 20 min, 45 min)."""
    if seconds is None:
        return "—"
    minutes = int(round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    zh = is_chinese()
    if days:
        return (
            (f"{days}天{hours}小时" if hours else f"{days}天")
            if zh
            else (f"{days} d {hours} h" if hours else f"{days} d")
        )
    if hours:
        return (
            (f"{hours}小时{minutes}分" if minutes else f"{hours}小时")
            if zh
            else (f"{hours} h {minutes} min" if minutes else f"{hours} h")
        )
    return f"{minutes}分钟" if zh else f"{minutes} min"


def seconds(value: float | None) -> str:
    """A short span to the second (a wait, a call's handling): 21秒, 3分20秒 (English: 21 s, 3 min 20 s)."""
    if value is None:
        return "—"
    minutes, rest = divmod(int(round(value)), 60)
    if is_chinese():
        return f"{minutes}分{rest}秒" if minutes else f"{rest}秒"
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def percent(part: float | None, whole: float | None = 1) -> str:
    """A share as a person reads it: 37.5% (one decimal, none when whole); — when there is nothing to divide by."""
    if part is None or not whole:
        return "—"
    value = round(100 * part / whole, 1)
    return f"{value:.0f}%" if value == int(value) else f"{value}%"


def record_text(message: str, **values: object) -> str:
    """A text the system writes into a record others read later (an access-log purpose): in the centre's language
    (LANGUAGE_CODE), whatever the language of the person whose action wrote it. `message` is marked with
    gettext_noop so the catalogue has it."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message) % values


def colon() -> str:
    """The colon after a label: full-width in Chinese (角色：), a colon and a space in English (Role: )."""
    return "：" if is_chinese() else ": "


def words(items: Iterable[object]) -> str:
    """A list of words as a person writes it: 姓名、电话、地址 (English: name, phones, addresses)."""
    return ("、" if is_chinese() else ", ").join(str(item) for item in items if str(item))


def full_width(text: str) -> str:
    """Chinese text with full-width punctuation where a half-width mark touches a Chinese character."""
    if not text:
        return text
    text = _PAREN_AROUND_CJK.sub(lambda m: f"（{m.group(1)}）", text)
    return _HALF_NEAR_CJK.sub(lambda m: _FULL[m.group(1) or m.group(2)], text)
