"""Caller numbers as telephony and people write them: +86, 0086, spaces, dashes, brackets, 400/800 numbers (K-2)."""

from __future__ import annotations

import unicodedata

from django.conf import settings

from csc import masking


class BadPhoneNumber(ValueError):
    """Not something a phone could have dialled from."""


def normalise_caller_number(raw: str) -> str:
    """Digits as stored on customer records (csc.masking), with +86 landlines given back their trunk 0.

    '+86 138-1234-5678' → '13812345678'; '+86 10 6944 0000' → '01069440000'; '400-810-8888' → '4008108888'.
    Raises BadPhoneNumber for anything with letters or with too few or too many digits.
    """
    folded = unicodedata.normalize("NFKC", raw or "").strip()
    if not folded:
        raise BadPhoneNumber("empty")
    allowed = set("0123456789+-() .")
    if any(ch not in allowed for ch in folded):
        raise BadPhoneNumber("letters")
    digits = "".join(ch for ch in folded if ch.isdigit())
    international = folded.startswith("+") or digits.startswith("00")
    if international:
        if digits.startswith("0086"):
            digits = digits[4:]
        elif digits.startswith("86"):
            digits = digits[2:]
        else:
            return _checked(digits)  # a foreign number: kept as dialled
        if not (len(digits) == 11 and digits.startswith("1")):
            digits = "0" + digits.lstrip("0")  # a mainland landline: area code without its trunk 0 after +86
        return _checked(digits)
    return _checked(masking.normalise_phone(digits))


def _checked(digits: str) -> str:
    if not 5 <= len(digits) <= 15:  # 5-digit service numbers (95598, 12345) up to E.164's 15
        raise BadPhoneNumber("length")
    return digits


def lookup_variants(digits: str) -> list[str]:
    """The forms a customer record may hold for one number: with and without the local area code."""
    variants = [digits]
    area = settings.CALLCENTER_LOCAL_AREA_CODE
    if area and digits.startswith(area) and len(digits) > len(area) + 6:
        variants.append(digits[len(area) :])  # 01069440000 → 69440000
    elif area and len(digits) in (7, 8) and not digits.startswith(("400", "800")):
        variants.append(area + digits)  # 69440000 → 01069440000
    return variants
