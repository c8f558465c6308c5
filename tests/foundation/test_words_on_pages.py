"""No code, key, None, [], repr or English word reaches a Chinese reader (issue 12, point 2).

On the demo data, as each demo role in zh-hans: every page reachable from the role's navigation (one page per
route shape, following links), every export linked from those pages, and the texts customers get (SMS, the public
status answer) even when the request asks for English.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.demo import ACCOUNTS
from accounts.models import User
from complaints.models import ComplaintCategory
from csc.demo import load_demo_data
from notifications.models import SmsMessage
from tests.factories import PASSWORD
from tests.foundation.words import raw_words, visible_text

SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/api/", "/accounts/logout", "/i18n/", "/__")
EXPORT = re.compile(r"[?&](export|format)=(xlsx|csv)\b")
PAGES_PER_ROLE = 400
RECORDS_PER_SHAPE = 5  # a record's page says what its data says: read a few of each kind, not just the first
# Names that happen to be written in Latin letters in the demo data (the integration client's CTI is allowed).
DATA_WORDS = frozenset()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module inside a transaction that is rolled back afterwards."""
    from tests.factories import data_migration_rows

    with django_db_blocker.unblock(), transaction.atomic():
        data_migration_rows()
        load_demo_data(password=PASSWORD)
        yield
        transaction.set_rollback(True)


def _shape(url: str) -> str:
    """One page per route shape: /complaints/26120001/ and /complaints/26120002/ are the same page."""
    path = urlsplit(url).path
    return re.sub(r"[A-Z]{0,2}\d+", "N", path)


def _links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="(/[^"#]*)"', html)]


def _export_text(response) -> str:
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        book = load_workbook(io.BytesIO(content))
        cells = []
        for sheet in book.worksheets:
            cells.append(sheet.title)
            cells += [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
            cells += [
                sheet.oddFooter.left.text or "",
                sheet.oddFooter.right.text or "",
                sheet.oddHeader.center.text or "",
            ]
        return "\n".join(cells)
    text = content.decode("utf-8-sig")
    return "\n".join(",".join(row) for row in csv.reader(io.StringIO(text)))


def _crawl(username: str) -> tuple[dict[str, set[str]], int]:
    """Walk a role's pages in zh-hans; returns {raw word: pages} and how many pages and exports were read."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(User.objects.get(username=username))
    found: dict[str, set[str]] = defaultdict(set)
    home = client.get("/")
    queue = ["/"] + [str(item["url"]) for item in home.context["nav_items"]]
    seen: dict[str, int] = defaultdict(int)
    visited: set[str] = set()
    read = 0
    while queue and read < PAGES_PER_ROLE:
        url = queue.pop(0)
        is_export = bool(EXPORT.search(url))
        key = _shape(url) + ("?export" if is_export else "")
        record = key != urlsplit(url).path  # a page of one record (a number or id in its address)
        limit = RECORDS_PER_SHAPE if record and "?" not in url else 1
        if url in visited or seen[key] >= limit or url.startswith(SKIP_PREFIXES):
            continue
        seen[key] += 1
        visited.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        read += 1
        content_type = response.get("Content-Type", "")
        if is_export or "spreadsheetml" in content_type or "text/csv" in content_type:
            text = _export_text(response)
        elif "text/html" in content_type:
            html = response.content.decode()
            text = visible_text(html)
            queue += [link for link in _links(html) if "logout" not in link]
        else:
            continue
        for word in raw_words(text, also_allowed=DATA_WORDS):
            found[word].add(url)
    return found, read


@pytest.mark.parametrize("username", [username for username, _role, _number, _name in ACCOUNTS])
def test_no_code_or_english_word_on_a_role_s_pages_and_exports(demo, db, username):
    found, read = _crawl(username)

    assert read > 5, f"{username} read only {read} pages"
    report = "\n".join(f"  {word!r} on {sorted(urls)[:3]}" for word, urls in sorted(found.items()))
    assert not found, f"{username}: raw words on Chinese pages:\n{report}"


def test_the_scanner_finds_what_it_is_meant_to_find():
    html = (
        '<p title="by_category">None</p><script>if (a && b) {}</script><td>[]</td><span>超时: accept</span>'
        "<li>维修站未按时接单（T-5）</li><p>导出 Excel · API · 档案柜A-3</p>"
    )

    assert raw_words(visible_text(html)) == {"by_category", "None", "[]", "accept", "（T-5）"}


def _english(client):
    """A client asking for English both ways: the browser's header and the language switch's cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_customers_read_chinese_whatever_language_the_request_asks_for(demo, db):
    from django.core.cache import cache

    cache.clear()  # the status answers are rate-limited per caller; other tests asked from the same address
    api = _english(APIClient(HTTP_ACCEPT_LANGUAGE="en"))
    agent = User.objects.get(username="agent1")
    api.force_authenticate(agent)
    category = ComplaintCategory.objects.filter(is_active=True).order_by("sort_order").first()

    registered = api.post(
        "/api/v1/complaints/",
        {
            "category": category.code,
            "complainant_name": "王建华",
            "complainant_phone": "13812345678",
            "subject": "维修师傅态度差",
            "statement": "师傅上门后态度恶劣。",
            "channel": "phone",
        },
        format="json",
    )

    assert registered.status_code == 201, registered.content
    assert registered["Content-Language"] == "en"  # the agent's own answer follows the request
    number = registered.json()["number"]
    sms = SmsMessage.objects.get(reference=number)
    assert "受理" in sms.body and number in sms.body
    assert raw_words(sms.body) == set(), sms.body
    assert "," not in sms.body and ":" not in sms.body.replace(re.search(r"\d\d:\d\d", sms.body).group(), "")

    status = _english(APIClient(HTTP_ACCEPT_LANGUAGE="en")).get(
        "/api/v1/complaints/status/", {"number": number, "phone": "13812345678"}
    )
    assert status.status_code == 200
    assert status["Content-Language"] == "zh-hans"
    assert raw_words(status.json()["status_display"]) == set()

    page = _english(Client(HTTP_ACCEPT_LANGUAGE="en")).get(
        "/complaints/status/", {"number": number, "phone": "13812345678"}
    )
    assert page.status_code == 200
    assert "投诉" in page.content.decode() and "Check your complaint" not in page.content.decode()
