"""Phone numbers as people and telephony write them, in one canonical form (libphonenumber's rules, region CN).

Every path that saves a number (customers, repair tickets, complaints, the telephony's call events, SMS) and every
path that looks one up (the screen-pop, list searches, the public status page) goes through `normalise`, so a
number saved one way is found when it is dialled another.

The canonical form is the digits a phone in mainland China dials:
- mobiles: 11 digits, 13812345678;
- landlines with their area code and trunk 0: 01069440000, 057188888888; a local number without its area code
  (69440000) gets the centre's own (the LOCAL_AREA_CODE setting);
- 400/800 numbers: 4008108888;
- short service numbers kept as dialled: 95598, 12345;
- other countries with the international prefix 00: 0014155552671, 085221234567.
+86, 0086, full-width digits, spaces, dashes, dots, brackets, a (0) trunk prefix and extensions (ext., x, #, 转,
分机) are all read; an extension is not part of the number (the look-up is by the line).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType, shortnumberinfo

REGION = "CN"
MIN_DIGITS, MAX_DIGITS = 5, 15  # a 5-digit service number (95598) up to E.164's 15
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|extension|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_ALLOWED = re.compile(r"^[\d\s+\-()./—–]+$")


class PhoneError(ValueError):
    """Not something a phone could have dialled from: `code` is empty, letters, length or invalid."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


MESSAGES = {
    "empty": _("Enter a phone number."),
    "letters": _("A phone number has digits only (spaces, brackets, - and + are fine)."),
    "length": _("This is too short or too long to be a phone number."),
    "invalid": _("This is not a phone number that can be called."),
}


@dataclass(frozen=True)
class Phone:
    number: str  # the canonical form
    kind: str  # mobile, landline, toll_free, service, foreign, unknown
    extension: str = ""

    @property
    def callable(self) -> bool:
        """A number a person can be called back on (not a short service number, not a fragment)."""
        return self.kind in {"mobile", "landline", "toll_free", "foreign"}


def _fold(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw or "").strip()


def digits(value: str) -> str:
    """Only the digits of a value, full-width ones folded: for masking and searching, never raises."""
    return "".join(ch for ch in _fold(value) if ch.isdigit())


def _kind(number: phonenumbers.PhoneNumber) -> str:
    if number.country_code != 86:
        return "foreign"
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.MOBILE:
        return "mobile"
    if kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return "landline"
    if kind in (PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.PREMIUM_RATE):
        return "toll_free"
    return "unknown"


def _parse(text: str) -> phonenumbers.PhoneNumber:
    """libphonenumber's reading, with the +86 that callers leave out ("86 138…") or write as 0086."""
    try:
        number = phonenumbers.parse(text, REGION)
    except NumberParseException:
        raise PhoneError("invalid") from None
    plain = digits(text)
    if (
        not phonenumbers.is_valid_number(number)
        and plain.startswith("86")
        and not text.lstrip().startswith(("+", "00"))
    ):
        try:
            international = phonenumbers.parse("+" + plain, None)
        except NumberParseException:
            international = None
        if international is not None and phonenumbers.is_valid_number(international):
            return international
    return number


def _canonical(number: phonenumbers.PhoneNumber) -> str:
    bare = phonenumbers.PhoneNumber(
        country_code=number.country_code,
        national_number=number.national_number,
        italian_leading_zero=number.italian_leading_zero,
        number_of_leading_zeros=number.number_of_leading_zeros,
    )
    if number.country_code == 86:
        return digits(phonenumbers.format_number(bare, PhoneNumberFormat.NATIONAL))
    return "00" + digits(phonenumbers.format_number(bare, PhoneNumberFormat.E164))


def parse(raw: str) -> Phone:
    """The canonical number, its kind and any extension; PhoneError for what no phone could dial."""
    return _parse_cached(raw or "", settings.LOCAL_AREA_CODE)


@lru_cache(maxsize=4096)  # a call's four events repeat one caller's number; a parse costs ~0.15 ms
def _parse_cached(raw: str, local: str) -> Phone:
    text = _fold(raw)
    if not text:
        raise PhoneError("empty")
    extension = ""
    match = _EXTENSION.search(text)
    if match and len(digits(text[: match.start()])) >= MIN_DIGITS:
        extension, text = match.group(1), text[: match.start()]
    if not _ALLOWED.match(text):
        raise PhoneError("letters")
    count = len(digits(text))
    if not MIN_DIGITS <= count <= MAX_DIGITS + 4:  # room for a 0086 or 00 prefix
        raise PhoneError("length")
    number = _parse(text)
    if number.country_code == 86 and not phonenumbers.is_valid_number(number):
        plain = str(number.national_number)
        if local and len(plain) in (7, 8) and not text.lstrip().startswith("+"):
            with_area = _parse(local + plain)
            if phonenumbers.is_valid_number(with_area):
                return Phone(_canonical(with_area), "landline", extension)
        if shortnumberinfo.is_valid_short_number(number) or len(plain) <= 6:
            if not MIN_DIGITS <= len(plain) <= 6:
                raise PhoneError("length")
            return Phone(plain, "service", extension)
        if not phonenumbers.is_possible_number(number):
            raise PhoneError("length")
        return Phone(
            _canonical(number), _kind(number) if phonenumbers.is_valid_number(number) else "unknown", extension
        )
    if not phonenumbers.is_possible_number(number):
        raise PhoneError("length")
    canonical = _canonical(number)
    if len(canonical) > 17:  # "00" + E.164's 15 digits
        raise PhoneError("length")
    return Phone(canonical, _kind(number), extension)


def normalise(raw: str) -> str:
    """The canonical form of a number (see the module); PhoneError for what no phone could dial."""
    return parse(raw).number


def normalise_or_digits(raw: str) -> str:
    """The canonical form when the value reads as a number, else its digits: for searches, which never fail."""
    try:
        return normalise(raw)
    except PhoneError:
        return digits(raw)


def search_number(text: str) -> str | None:
    """The canonical number when what was typed in a search box is a phone number (7 digits or more, in any
    spelling `normalise` reads), else None: the list then searches its other fields."""
    if len(digits(text)) < 7:
        return None
    try:
        return normalise(text)
    except PhoneError:
        return None


def clean(raw: str) -> str:
    """A number a person gives to be called back on, canonical; ValidationError with the reason otherwise."""
    try:
        phone = parse(raw)
    except PhoneError as error:
        raise ValidationError(MESSAGES[error.code], code=error.code) from None
    if not phone.callable and phone.kind != "unknown":
        raise ValidationError(MESSAGES["invalid"], code="invalid")
    return phone.number
