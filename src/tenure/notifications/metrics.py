"""The email outbox's gauges (X-12), read at each scrape; plugged in by ``tenure.wiring``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy.orm import Session

from tenure.notifications import service

STATUSES = ("pending", "sending", "sent", "failed")


def gauges(session: Session, now: datetime) -> Iterator[Metric]:
    by_status = service.outbox_counts(session)
    oldest = service.oldest_undelivered(session)
    emails = GaugeMetricFamily(
        "tenure_emails",
        "Emails in the outbox by status: pending (queued, including retrying), sending, sent, "
        "failed (gave up). Emails are never deleted, so sent and failed only grow.",
        labels=["status"],
    )
    for status in sorted(set(STATUSES) | set(by_status)):
        emails.add_metric([status], by_status.get(status, 0))
    yield emails
    yield GaugeMetricFamily(
        "tenure_emails_retrying",
        "Pending emails that failed at least once and wait for their next try.",
        value=service.retrying_count(session),
    )
    yield GaugeMetricFamily(
        "tenure_email_oldest_undelivered_age_seconds",
        "Age of the oldest email not yet sent (0: none waiting).",
        value=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
    )
