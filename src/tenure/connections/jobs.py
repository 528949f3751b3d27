"""``connections.purge``: deletes leases that ended or lapsed more than a week ago.

The limit never depends on this job — a lapsed lease stops counting the moment its
``expires_at`` passes — it only keeps the table small. Connects and releases stay in the
event log.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tenure.connections import repository
from tenure.container import Container
from tenure.scheduler.registry import register

KEPT = timedelta(days=7)
EVERY = timedelta(hours=1)


class PurgeLeasesJob:
    name = "connections.purge"

    def __init__(self) -> None:
        self._last_run: datetime | None = None

    def next_due_at(self, container: Container) -> datetime | None:
        return None

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        if self._last_run is not None and timedelta(0) <= now - self._last_run < EVERY:
            return 0
        self._last_run = now
        with container.db.transaction() as session:
            repository.purge(session, before=now - KEPT, limit=limit)
        return 0  # housekeeping, not due work: a sweep must not loop on it


register(PurgeLeasesJob())
