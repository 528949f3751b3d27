"""Scheduler jobs of the API layer.

* ``api.idempotency_housekeeping`` deletes idempotency keys older than
  :data:`tenure.api.idempotency.KEEP_FOR` (24 hours, as docs/api.md promises), at most once an
  hour (``scheduler.registry.Housekeeping``). Deleting what is already gone deletes nothing, so
  a second worker or a repeated sweep is harmless.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from tenure.api import idempotency
from tenure.scheduler.registry import Housekeeping, register

EVERY = timedelta(hours=1)


def _purge(session: Session, now: datetime) -> None:
    idempotency.purge_expired(session, now=now)


register(Housekeeping("api.idempotency_housekeeping", _purge, every=EVERY))
