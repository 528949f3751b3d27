"""Scheduler jobs of the organizations package (BIZ-8), each found from database state and
settled one expiry per transaction, the row locked (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL) and its status checked again, so a second worker or a retry changes nothing.

* ``organizations.restore_lapse``: a restore not paid within its 3 days lapses.
* ``organizations.purge``: at the end of the restore window the revoked items are gone for
  good (``organization.items_purged`` tells the vendor's backend to delete them).
"""

from __future__ import annotations

from datetime import datetime

from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.organizations import repository, restore
from tenure.scheduler.registry import register


class RestoreLapseJob:
    name = "organizations.restore_lapse"

    def next_due_at(self, container: Container) -> datetime | None:
        with container.db.transaction(write=False) as session:
            return repository.next_lapse_at(session)

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        with container.db.transaction(write=False) as session:
            due = repository.due_lapses(session, now=now, limit=limit)
        ran = 0
        for expiry_id in due:
            with container.db.transaction() as session:
                ran += restore.lapse(session, expiry_id, now=now, actor=Actor.scheduler())
        return ran


class PurgeJob:
    name = "organizations.purge"

    def next_due_at(self, container: Container) -> datetime | None:
        with container.db.transaction(write=False) as session:
            return repository.next_purge_at(session)

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        with container.db.transaction(write=False) as session:
            due = repository.due_purges(session, now=now, limit=limit)
        ran = 0
        for expiry_id in due:
            with container.db.transaction() as session:
                ran += restore.purge(session, expiry_id, now=now, actor=Actor.scheduler())
        return ran


register(RestoreLapseJob())
register(PurgeJob())
