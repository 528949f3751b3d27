"""The webhooks' scheduled work: fan events out to endpoints, send the deliveries, and
forget old delivery logs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tenure.scheduler.registry import Housekeeping, register
from tenure.webhooks.delivery import DeliveryJob
from tenure.webhooks.fanout import FanOutJob
from tenure.webhooks.models import DELIVERED, FAILED, WebhookAttempt, WebhookDelivery

LOG_RETENTION = timedelta(days=30)


def _purge(session: Session, now: datetime) -> None:
    """Delivered and failed deliveries older than :data:`LOG_RETENTION`, with their
    attempts (a replay queues them again from the events)."""
    old = (
        select(WebhookDelivery.id)
        .where(
            WebhookDelivery.status.in_((DELIVERED, FAILED)),
            WebhookDelivery.created_at < now - LOG_RETENTION,
        )
        .order_by(WebhookDelivery.created_at, WebhookDelivery.id)
        .limit(10_000)
        .scalar_subquery()
    )
    session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(old)))
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.id.in_(old)))


FAN_OUT = register(FanOutJob())
DELIVER = register(DeliveryJob())
PURGE = register(Housekeeping("webhooks.purge", _purge, every=timedelta(hours=1)))
