"""A real HTTP receiver of webhooks on loopback that verifies every request with the
``standardwebhooks`` library, as a vendor's backend would (X-4)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass(frozen=True)
class Received:
    webhook_id: str
    type: str
    verified_by: tuple[int, ...]
    """The indexes of the receiver's secrets that verified the request."""
    status: int
    body: dict[str, Any]


@dataclass
class Receiver:
    secrets: list[str] = field(default_factory=list)
    answer: Callable[[int], int] = lambda n: 204
    """The status to answer the n-th request (from 0) with."""
    body: bytes = b""
    hold: threading.Event | None = None
    """When given, every request waits until it is set before answering."""
    location: str | None = None
    """Sent as Location with every answer (to answer with a redirect)."""
    arrivals: list[str] = field(default_factory=list)
    """The webhook id of every request, as it arrives (before it is answered)."""
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def acknowledged(self) -> list[str]:
        """The webhook ids answered with 2xx, in order of arrival."""
        return [r.webhook_id for r in self.received if 200 <= r.status < 300]

    def types(self) -> list[str]:
        return [r.type for r in self.received]


@contextmanager
def receiver(**options: Any) -> Iterator[Receiver]:
    state = Receiver(**options)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            raw = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            verified = []
            for index, secret in enumerate(state.secrets):
                try:
                    Webhook(secret).verify(raw, headers)
                except WebhookVerificationError:
                    continue
                verified.append(index)
            with state._lock:
                state.arrivals.append(headers.get("webhook-id", ""))
            if state.hold is not None:
                state.hold.wait(30)
            with state._lock:
                status = state.answer(len(state.received))
                body = json.loads(raw)
                state.received.append(
                    Received(headers.get("webhook-id", ""), body["type"], tuple(verified),
                             status, body)
                )  # fmt: skip
            self.send_response(status)
            self.send_header("content-length", str(len(state.body)))
            if state.location is not None:
                self.send_header("location", state.location)
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        if state.hold is not None:
            state.hold.set()
        server.shutdown()
        server.server_close()
