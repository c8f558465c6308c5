"""What a person reads on a page, an export or an SMS, and the words in it that should never reach them (issue 12).

`visible_text` keeps the text nodes outside <script>/<style> and the attributes a person reads (title,
placeholder, aria-label, alt, a button's value). `raw_words` finds what a Chinese page must not show: snake_case
and CONSTANT_CASE keys, None/True/False, [] and {…}, a Python repr, a spec id like T-5, and any Latin word that is
not on the allow-list (units, product and protocol names, the keys printed on the keyboard).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Latin words that belong on a Chinese page: product and protocol names, file types, units, keys.
ALLOWED_LATIN = frozenset(
    """
    CSC API CTI IVR SMS URL HTTP HTTPS JSON CSV Excel xlsx PDF OpenAPI Swagger ID IP Token Bearer Authorization
    GET POST PUT PATCH DELETE
    Ctrl Alt Shift Enter Esc Tab Space PgUp PgDn F1 F2 F3 F4 F5 F6 F7 F8 F9
    SHA kWh GB MB KB ms OK English UPS
    """.split()
)
# Latin words allowed only as the names of things in the data (a company, a test client's name).
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
RAW = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\[\]|[{}]|<\w+ object at 0x|\bQuerySet\b|\bnan\b")
# A spec id as code puts it in a text: "(T-5)", "（C-2）", "K-1:" (a shelf "A-3" in the data is not one).
SPEC_ID = re.compile(r"[(（]\s*[TCRKPDXA]-\d{1,2}\s*[)）]|(?<![A-Za-z0-9-])[TCRKPDXA]-\d{1,2}[:：]")
LATIN = re.compile(r"(?<![A-Za-z0-9@./:_\-])[A-Za-z]{2,}(?![A-Za-z0-9@_\-])")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        values = dict(attrs)
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style", "template"):
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


def raw_words(text: str, *, also_allowed: frozenset[str] = frozenset()) -> set[str]:
    """The codes, keys, reprs and English words in a text meant for a Chinese reader."""
    found = {m.group() for m in SNAKE.finditer(text)}
    found |= {m.group() for m in RAW.finditer(text)}
    found |= {m.group() for m in SPEC_ID.finditer(text)}
    found |= {
        m.group() for m in LATIN.finditer(text) if m.group() not in ALLOWED_LATIN and m.group() not in also_allowed
    }
    return found
