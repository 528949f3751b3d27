"""Scheduler jobs of the devices package.

* ``devices.delivery_expiry`` marks open deliveries ``expired`` 24 hours after they were made
  and records ``delivery.expired``. Correctness does not depend on it — every read computes
  the status from the clock — it keeps the stored status and the audit trail in line.
* ``devices.housekeeping`` deletes link-code attempts older than a day and link codes that
  expired more than a week ago, at most once an hour (``scheduler.registry.Housekeeping``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from tenure.devices import deliveries, repository
from tenure.scheduler.registry import Housekeeping, OneAtATime, register

ATTEMPTS_KEPT = timedelta(days=1)
LINK_CODES_KEPT = timedelta(days=7)
EVERY = timedelta(hours=1)


def _purge(session: Session, now: datetime) -> None:
    repository.purge_attempts(session, before=now - ATTEMPTS_KEPT)
    repository.purge_link_codes(session, expired_before=now - LINK_CODES_KEPT)


register(
    OneAtATime(
        "devices.delivery_expiry",
        next_due=repository.next_delivery_expiry,
        due=lambda session, now, limit: repository.expired_open_deliveries(
            session, now=now, limit=limit
        ),
        settle=lambda session, delivery_id, now: deliveries.expire_due(
            session, delivery_id=delivery_id, now=now
        ),
    )
)
register(Housekeeping("devices.housekeeping", _purge, every=EVERY))
