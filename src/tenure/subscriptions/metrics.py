"""The subscriptions' gauges and counters (X-12); plugged in by ``tenure.wiring``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy.orm import Session

from tenure.kit.metrics import EventCounter
from tenure.subscriptions import lookups

# Counted from the events written in the same transaction as the change.
COUNTERS = (
    EventCounter(
        "tenure_renewals_charged",
        "Automatic renewals charged successfully (subscription.renewal_paid events).",
        ("subscription.renewal_paid",),
    ),
    EventCounter(
        "tenure_renewals_failed",
        "Automatic renewal charges that failed (subscription.renewal_failed events).",
        ("subscription.renewal_failed",),
    ),
    EventCounter(
        "tenure_grace_entered",
        "Subscriptions that entered grace after a failed charge (subscription.past_due events).",
        ("subscription.past_due",),
    ),
)


def gauges(session: Session, now: datetime) -> Iterator[Metric]:
    yield GaugeMetricFamily(
        "tenure_subscriptions_in_grace",
        "Web subscriptions in grace (past_due).",
        value=lookups.count_in_grace(session),
    )
