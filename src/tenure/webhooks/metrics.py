"""The webhooks' gauges and counter (X-12), read from the database at each scrape; plugged
in by ``tenure.wiring``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy.orm import Session

from tenure.kit.metrics import EventCounter
from tenure.webhooks import service

COUNTERS = (
    EventCounter(
        "tenure_webhook_endpoints_disabled",
        "Webhook endpoints switched off for failing the whole retry window "
        "(webhook_endpoint.disabled events).",
        ("webhook_endpoint.disabled",),
    ),
)


def gauges(session: Session, now: datetime) -> Iterator[Metric]:
    counts = service.queue_counts(session)
    deliveries = GaugeMetricFamily(
        "tenure_webhook_deliveries",
        "Webhook deliveries by status: pending (queued, including retrying), sending (a "
        "worker holds them), failed (gave up; kept 30 days). Delivered ones are not counted.",
        labels=["status"],
    )
    for status in ("pending", "sending", "failed"):
        deliveries.add_metric([status], counts[status])
    yield deliveries
    yield GaugeMetricFamily(
        "tenure_webhook_deliveries_retrying",
        "Pending deliveries that failed at least once and wait for their next attempt.",
        value=counts["retrying"],
    )
    oldest = service.oldest_undelivered(session)
    yield GaugeMetricFamily(
        "tenure_webhook_oldest_undelivered_age_seconds",
        "Age of the oldest delivery not yet delivered (0: none waiting).",
        value=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
    )
    yield GaugeMetricFamily(
        "tenure_webhook_endpoints_failing_disabled",
        "Webhook endpoints that are off because they kept failing (switch on and replay).",
        value=service.disabled_for_failing(session),
    )
