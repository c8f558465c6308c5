"""Resident identity card numbers (GB 11643-1999): 18 characters, the last one an ISO 7064 MOD 11-2 check digit."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")


def normalise_id_number(value: str) -> str:
    """Full-width digits folded, spaces dropped, a lower-case x made upper-case."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def check_digit(first17: str) -> str:
    """The check character for the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def with_check_digit(first17: str) -> str:
    """A complete number for 17 digits (used to make valid demo and test numbers)."""
    return first17 + check_digit(first17)


def validate_id_number(value: str) -> str:
    """The normalised number, or ValidationError with the reason: shape, birth date or check digit (GB 11643)."""
    number = normalise_id_number(value)
    if not _SHAPE.match(number):
        raise ValidationError(
            _("An ID-card number has 18 characters: 17 digits and a digit or X."), code="id_number_shape"
        )
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date in this ID-card number does not exist."), code="id_number_date"
        ) from None
    if born.year < 1900 or born > date.today():  # noqa: DTZ011  a calendar date, not a moment
        raise ValidationError(_("The birth date in this ID-card number does not exist."), code="id_number_date")
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(
            _("The check digit of this ID-card number is wrong: please read the number again."),
            code="id_number_check_digit",
        )
    return number
