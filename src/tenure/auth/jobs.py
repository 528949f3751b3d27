"""Scheduler jobs of the auth package.

* ``auth.housekeeping`` deletes failed sign-ins older than a day (the throttle looks back
  ``sign_in_failure_window_minutes``), at most once an hour.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from tenure.auth import throttle
from tenure.scheduler.registry import Housekeeping, register

FAILURES_KEPT = timedelta(days=1)


def _purge(session: Session, now: datetime) -> None:
    throttle.purge(session, before=now - FAILURES_KEPT)


register(Housekeeping("auth.housekeeping", _purge, every=timedelta(hours=1)))
