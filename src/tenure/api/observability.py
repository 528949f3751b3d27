"""What operators see (X-12): Prometheus metrics, structured logs with a request id.

* **Request ids.** Every request gets one: the caller's ``X-Request-ID`` when it is a short
  token (letters, digits, ``.``, ``_``, ``-``; at most 64), else a new one. It is answered in
  ``X-Request-ID`` and bound to every log line written while the request runs.
* **Logs.** ``structlog``, configured once per process by :func:`configure_logging`: JSON
  lines (``settings.log_format = "json"``, the default in production) or readable lines in
  development; one ``request`` line per request (method, route, status, duration).
* **Metrics** (:class:`Metrics`, one registry per process): requests by route and status
  and their latency, refused connection admissions (per process); and everything read from
  the database at the scrape (``tenure.api.metrics``: counters derived from the events
  table, the email outbox, grace, each scheduler job's lag), the same in every process.
  Served at ``/metrics`` on the API port, or on a port of their own
  (``metrics_port``, :class:`MetricsServer`), which is also how ``tenure worker`` shows them.
"""

from __future__ import annotations

import hmac
import logging
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import structlog
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenure.api.metrics import DatabaseCollector

if TYPE_CHECKING:
    from tenure.container import Container
    from tenure.kit.settings import Settings

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

log = structlog.get_logger("tenure.http")


def configure_logging(settings: Settings) -> None:
    """Structured logs, configured once per process: JSON lines for machines, or readable
    lines for people (development)."""
    json_lines = settings.log_lines == "json"
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if json_lines
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelName(settings.log_level.upper())
        ),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stdout),
        cache_logger_on_first_use=False,
    )


class Metrics:
    """A process's metrics, in a registry of its own."""

    def __init__(self, container: Container) -> None:
        self.registry = CollectorRegistry()
        self.admissions_refused = Counter(
            "tenure_connection_admissions_refused",
            "Connection requests refused (POST /v1/connections), by reason (the error code). "
            "Per process.",
            ["reason"],
            registry=self.registry,
        )
        self.requests = Counter(
            "tenure_http_requests",
            "HTTP requests by method, route and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tenure_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(DatabaseCollector(container))

    def render(self) -> bytes:
        return generate_latest(self.registry)


def refused_admission(metrics: object, reason: str) -> None:
    """Count a refused connection request (``metrics``: the app's, if it has any)."""
    if isinstance(metrics, Metrics):
        metrics.admissions_refused.labels(reason).inc()


def metrics_authorized(token: str | None, authorization: str | None) -> bool:
    """With ``metrics_token`` set, only ``Authorization: Bearer <token>`` may scrape."""
    if not token:
        return True
    given = (authorization or "").encode()
    return hmac.compare_digest(given, f"Bearer {token}".encode())


UNAUTHENTICATED = b'{"error":{"code":"unauthenticated","message":"Send the metrics token."}}'


class MetricsServer:
    """``/metrics`` on a port of its own (``metrics_host``:``metrics_port``), answered by a
    thread of this process: for ``tenure serve`` (instead of the API port) and for
    ``tenure worker``. The ``metrics_token`` applies here too."""

    def __init__(self, metrics: Metrics, settings: Settings) -> None:
        assert settings.metrics_port is not None
        self.metrics = metrics
        token = settings.metrics_token

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.split("?", 1)[0] != "/metrics":
                    self._answer(404, b'{"error":{"code":"not_found","message":"Not found."}}',
                                 "application/json")  # fmt: skip
                elif not metrics_authorized(token, self.headers.get("Authorization")):
                    self._answer(401, UNAUTHENTICATED, "application/json",
                                 {"WWW-Authenticate": "Bearer"})  # fmt: skip
                else:
                    self._answer(200, metrics.render(), CONTENT_TYPE_LATEST)

            def _answer(
                self, status: int, body: bytes, media: str, extra: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # scrapes are not worth a log line each

        self.server = ThreadingHTTPServer((settings.metrics_host, settings.metrics_port), Handler)
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.server.server_address[:2]
        return str(host), int(port)

    def start(self) -> MetricsServer:
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="tenure-metrics", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


class Observability:
    """ASGI middleware: the request id, the request's log line and its metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics, *, log_requests: bool = True) -> None:
        self.app = app
        self.metrics = metrics
        self.log_requests = log_requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode("latin-1")),
                ]
            await send(message)

        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = str(scope.get("method", ""))
            self.metrics.requests.labels(method, template, str(status)).inc()
            self.metrics.latency.labels(method, template).observe(elapsed)
            if self.log_requests:
                log.info(
                    "request",
                    method=method,
                    route=template,
                    status=status,
                    duration_ms=round(elapsed * 1000, 2),
                )
            structlog.contextvars.unbind_contextvars("request_id")
