"""What operators see (X-12): Prometheus metrics, structured logs with a request id.

* **Request ids.** Every request gets one: the caller's ``X-Request-ID`` when it is a short
  token (letters, digits, ``.``, ``_``, ``-``; at most 64), else a new one. It is answered in
  ``X-Request-ID`` and bound to every log line written while the request runs.
* **Logs.** ``structlog``, configured once per process by :func:`configure_logging`: JSON
  lines (``settings.log_format = "json"``, the default in production) or readable lines in
  development; one ``request`` line per request (method, route, status, duration).
* **Metrics** (:class:`Metrics`, one registry per application): requests by route and
  status and their latency; at each scrape, read from the database: emails in the outbox by
  status and the age of the oldest undelivered one, subscriptions in grace, and the
  scheduler's lag (how long the oldest due subscription action has been waiting).
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenure.notifications import service as notifications
from tenure.subscriptions import lookups as subscriptions

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
    """The application's metrics, in a registry of its own."""

    def __init__(self, container: Container) -> None:
        self.registry = CollectorRegistry()
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
        self.registry.register(DatabaseGauges(container))


class DatabaseGauges(Collector):
    """Gauges read from the database at each scrape (cheap, indexed reads)."""

    def __init__(self, container: Container) -> None:
        self.container = container

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self.container.clock.now()
        with self.container.db.transaction(write=False) as session:
            by_status = notifications.outbox_counts(session)
            oldest = notifications.oldest_undelivered(session)
            in_grace = subscriptions.count_in_grace(session)
            due = subscriptions.earliest_due(session)
        emails = GaugeMetricFamily(
            "tenure_emails", "Emails in the outbox by status.", labels=["status"]
        )
        for status, count in sorted(by_status.items()):
            emails.add_metric([status], count)
        yield emails
        yield GaugeMetricFamily(
            "tenure_email_oldest_undelivered_age_seconds",
            "Age of the oldest email not yet sent (0: none waiting).",
            value=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
        )
        yield GaugeMetricFamily(
            "tenure_subscriptions_in_grace", "Web subscriptions in grace (past_due).",
            value=in_grace,
        )  # fmt: skip
        yield GaugeMetricFamily(
            "tenure_scheduler_lag_seconds",
            "How long the oldest due subscription action has been waiting (0: none due).",
            value=max(0.0, (now - due).total_seconds()) if due and due <= now else 0.0,
        )


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
