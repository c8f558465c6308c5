"""Test plumbing shared by the notifications, escalation and reports tests."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading

import pytest

from csc.celery import app


@pytest.fixture
def eager_celery():
    """Run .delay() in-process (retries included) so that a test sees the whole delivery chain."""
    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = False  # a retry re-runs in-process; its Retry marker must not escape
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


class Receiver:
    """A tiny local HTTP server on a random port that answers with the scripted status codes in turn."""

    def __init__(self, statuses: list[int]):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  (http.server's naming)
                length = int(self.headers.get("Content-Length", 0))
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)}
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/csc"

    def json(self, index: int) -> dict:
        return json.loads(self.requests[index]["body"])


@contextlib.contextmanager
def receiver(statuses: list[int] | None = None):
    server = Receiver(statuses or [])
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
