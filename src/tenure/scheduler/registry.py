"""Scheduled work, found from database state (DESIGN: scheduler).

A *job* knows how to tell the earliest instant at which it has something due and how to run
everything due up to an instant. The items it runs are claimed in a transaction (one item
or a batch; ``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and are idempotent, so several workers,
a crash or a retry never do the same work twice.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from tenure.container import Container


class Job(Protocol):
    name: str

    def next_due_at(self, container: Container) -> datetime | None:
        """The earliest instant at which an item of this job is due, if any."""
        ...

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        """Run items due at or before ``now``; return how many ran."""
        ...


_JOBS: list[Job] = []

# Modules whose import registers their jobs with :func:`register`.
JOB_MODULES: tuple[str, ...] = (
    "tenure.subscriptions.jobs",
    "tenure.notifications.jobs",
    "tenure.devices.jobs",
    "tenure.auth.jobs",
    "tenure.connections.jobs",
    "tenure.channels.appstore.jobs",
    "tenure.api.jobs",
    "tenure.organizations.jobs",
    "tenure.webhooks.jobs",
)


def register(job: Job) -> Job:
    if any(existing.name == job.name for existing in _JOBS):
        raise ValueError(f"job {job.name!r} registered twice")
    _JOBS.append(job)
    return job


def jobs() -> list[Job]:
    for module in JOB_MODULES:
        importlib.import_module(module)
    return list(_JOBS)


class OneAtATime:
    """A job whose due items are found from database state and settled one per transaction
    (the settling re-reads and locks its row, so a second worker or a retry changes
    nothing): ``next_due`` says when the next one is due, ``due`` lists the ids due at a
    time, ``settle`` settles one and says whether it did."""

    def __init__(
        self,
        name: str,
        *,
        next_due: Callable[[Session], datetime | None],
        due: Callable[[Session, datetime, int], Sequence[str]],
        settle: Callable[[Session, str, datetime], bool],
    ) -> None:
        self.name = name
        self._next_due = next_due
        self._due = due
        self._settle = settle

    def next_due_at(self, container: Container) -> datetime | None:
        with container.db.transaction(write=False) as session:
            return self._next_due(session)

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        with container.db.transaction(write=False) as session:
            due = self._due(session, now, limit)
        ran = 0
        for item_id in due:
            with container.db.transaction() as session:
                ran += self._settle(session, item_id, now)
        return ran


class Housekeeping:
    """A job with no due time of its own that deletes old rows: it runs on every sweep, at
    most once per ``every``, in one transaction. Deleting is not "work that ran" (it returns
    0), so a sweep does not loop on it."""

    def __init__(
        self, name: str, purge: Callable[[Session, datetime], None], *, every: timedelta
    ) -> None:
        self.name = name
        self._purge = purge
        self._every = every
        self._last_run: datetime | None = None

    def next_due_at(self, container: Container) -> datetime | None:
        return None

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        if self._last_run is not None and timedelta(0) <= now - self._last_run < self._every:
            return 0
        self._last_run = now
        with container.db.transaction() as session:
            self._purge(session, now)
        return 0
