"""Address normalisation for routing (T-3): the same address typed ten ways gives the same key.

Agents type addresses as callers say them: with or without the city and district (北京市顺义区 / 顺义),
full-width digits (３号楼), 号楼 / 栋 / 幢 / 号 / # / 座 for a building, Chinese numerals (三号楼), 3-2-501 for
building-unit-room, spaces anywhere, and a 单元 / 室 tail. `text_key` folds what never matters (width, spaces,
case); `parse_building` finds the building number right after the community name.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000·,，、.。]+")
_CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_BUILDING_WORDS = r"(?:号楼|号院楼|栋楼|幢楼|栋|幢|号|楼|座|#)"
# A Chinese numeral used as a building number: only when a building word follows, so 三区 / 三师 stay names.
_CHINESE_BUILDING = re.compile(
    r"(?<![零〇一二三四五六七八九十两])([零〇一二三四五六七八九十两]{1,3})(?=" + _BUILDING_WORDS + r")"
)
_BUILDING = re.compile(r"^(?:小区|社区)?[-－—_]?(?:第)?(\d{1,4})(?:" + _BUILDING_WORDS + r"|-|－|—|_|$)")
_FIRST_DIGIT = re.compile(r"\d")
# Administrative suffixes dropped to get a place's stem (顺义区 → 顺义, 胜利街道 → 胜利).
_ADMIN_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|街道办事处|街道办|街道|地区|新区|区|县|市|镇|乡|省)$")


def text_key(value: str) -> str:
    """Width-folded (NFKC), spaceless, lower-case text: the stored form of community, district and street names."""
    folded = unicodedata.normalize("NFKC", value or "")
    return _SPACES.sub("", folded).lower()


def place_stem(value: str) -> str:
    """A district's or street's name without its administrative suffix, when at least two characters remain."""
    key = text_key(value)
    stem = _ADMIN_SUFFIX.sub("", key)
    return stem if len(stem) >= 2 else key


def _chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23, 一二 → 12 (digits read one by one)."""
    if "十" not in text:
        return int("".join(str(_CHINESE_DIGITS[ch]) for ch in text))
    tens, _sep, units = text.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


def address_key(value: str) -> str:
    """The whole address folded for matching: width, spaces, case, and Chinese building numerals as digits."""
    key = text_key(value)
    return _CHINESE_BUILDING.sub(lambda m: str(_chinese_number(m.group(1))), key)


def head_of(key: str) -> str:
    """The part of a folded address before its first digit: where the place and community names are."""
    match = _FIRST_DIGIT.search(key)
    return key[: match.start()] if match else key


def parse_building(tail: str) -> int | None:
    """The building number at the start of what follows the community name (3号楼, 3栋, 3-2-501, 第3幢 …)."""
    match = _BUILDING.match(tail)
    return int(match.group(1)) if match else None
