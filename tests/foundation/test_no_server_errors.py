"""Nothing answers 500: every GET route, as every demo role and anonymously, with real and junk ids and junk
query strings, on the demo data. Admin routes are walked by the superuser only (the others are sent to sign in)."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from complaints.models import Complaint
from tests.factories import data_migration_rows
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

JUNK_QUERIES = [
    "",
    "?page=abc&month=2026-13&date_from=x&date_to=2026-02-30&agent=abc&status=zzz&q=%3Cscript%3E&number=%00"
    "&phone=abc&format=xml&ordering=-nope&kind=nope&limit=-1&offset=x&station=abc&late=x&year=0&week=99"
    "&answered_late=maybe&has_recording=2&page_size=100000&shown=x:y&call=abc&customer=-1&level=x&day=2026-02-30",
]


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _urls(route: str, values: dict[str, list[str]]) -> list[str]:
    if "(?P" in route or "\\" in route or route.startswith("^"):  # DRF's format-suffix regex routes
        return []
    parts = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    urls = []
    for combo in itertools.product(*[values.get(conv or "str", ["x"]) for conv, _name in parts]):
        url = route
        for (_conv, name), value in zip(parts, combo, strict=True):
            url = re.sub(r"<(?:\w+:)?" + name + ">", value, url, count=1)
        urls.append("/" + url)
    return urls[:6]


def _demo(settings) -> dict[str, list[str]]:
    """The demo data, and the values to put in routes' parameters: real ids and numbers, and junk."""
    settings.DEBUG = True  # the demo command refuses otherwise
    data_migration_rows()  # a transactional test elsewhere may have flushed them
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    return {
        "int": ["1", "999999"],
        "str": [Complaint.objects.order_by("id").first().number, Ticket.objects.order_by("id").first().number, "x"],
        "slug": ["daily", "x"],
        "path": ["x"],
        "uuid": ["00000000-0000-0000-0000-000000000000"],
    }


def test_no_route_answers_a_server_error(settings):
    values = _demo(settings)
    routes = [r for r in _routes(get_resolver().url_patterns) if not r.startswith(("static/", "media/"))]
    assert len(routes) > 100
    failures = []
    for username in ("agent1", "lead1", "supervisor1", "compliance1", "station1", "integration1", "admin", None):
        client = Client(raise_request_exception=False)
        if username:
            client.force_login(User.objects.get(username=username))
        for route in routes:
            if route.startswith("admin/") and username != "admin":
                continue
            for url in _urls(route, values):
                for query in JUNK_QUERIES if not route.startswith("admin/") else JUNK_QUERIES[:1]:
                    status = client.get(url + query).status_code
                    if status >= 500:
                        failures.append(f"{username} {url}{query[:40]} → {status}")

    assert failures == [], "\n".join(failures)


JUNK_FIELDS = (
    "number phone call customer ticket complaint category station area address agent agent_number external_id "
    "event occurred_at caller_number status action reason amount shares due_at promised_at at day date month "
    "file url duration_seconds question answer title body severity kind ids recipients email level note text "
    "score subject statement summary q"
).split()
JUNK_JSON = [
    "{}",
    "[]",
    '{"x":',
    json.dumps(dict.fromkeys(JUNK_FIELDS, ["a", {"b": 1}])),
    json.dumps(dict.fromkeys(JUNK_FIELDS, "x" * 3000)),
    json.dumps(dict.fromkeys(JUNK_FIELDS, -1)),
    json.dumps(dict.fromkeys(JUNK_FIELDS, "2026-02-30T25:61:00")),
]
JUNK_FORMS = [
    {},
    dict.fromkeys(JUNK_FIELDS, "x" * 3000),
    dict.fromkeys(JUNK_FIELDS, "2026-02-30"),
    dict.fromkeys(JUNK_FIELDS, "-1"),
]


def test_no_write_answers_a_server_error(settings):
    """POST (and PUT/PATCH on the API) junk bodies to every non-admin route: refused with a reason, never a 500."""
    values = _demo(settings)
    routes = [r for r in _routes(get_resolver().url_patterns) if not r.startswith(("admin/", "static/", "media/"))]
    failures = []
    for username in ("agent1", "supervisor1", "station1", "integration1"):
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        for route in routes:
            for url in _urls(route, values)[:3]:
                if "logout" in url:
                    continue
                api = url.startswith("/api/")
                for method in ("post", "put", "patch") if api else ("post",):
                    for body in JUNK_JSON if api else JUNK_FORMS:
                        send = getattr(client, method)
                        response = send(url, data=body, content_type="application/json") if api else send(url, body)
                        if response.status_code >= 500:
                            failures.append(
                                f"{username} {method.upper()} {url} {str(body)[:40]} → {response.status_code}"
                            )

    assert failures == [], "\n".join(failures)
