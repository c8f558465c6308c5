"""Masking of personal data for lists and screen-pops (SPEC X-3): 138****5678, 110***********1234."""

from __future__ import annotations

import re
import unicodedata

from customers import phones

_DIGITS = re.compile(r"\d")


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits of a mobile (138****5678); other numbers keep only the last 4."""
    digits = phones.normalise_or_digits(value)
    if not digits:
        return ""
    if len(digits) == 11 and digits.startswith("1"):  # a mainland mobile
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)


def mask_id_number(value: str) -> str:
    """Keep the first 3 and last 4 characters of an ID-card number (110***********1234)."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """Keep the family name's first character (张*, 欧***); Latin names keep their first letter."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)


def mask_address(value: str) -> str:
    """Keep the place names, hide every house, building, unit and room number (幸福小区*号楼*单元***)."""
    folded = unicodedata.normalize("NFKC", value or "")
    return _DIGITS.sub("*", folded)
