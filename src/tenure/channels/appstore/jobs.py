"""The App Store safety net: ends store subscriptions the store has gone quiet about.

Tenure never charges a store subscription, so the subscription job has nothing to do with
them (their ``next_action`` is empty). The store's notifications end them; this job only
covers a notification that never arrived (see :func:`tenure.domain.appstore.lapse_at`).
Claimed like every job: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, one writer on SQLite.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tenure.channels.appstore import mirror
from tenure.container import Container
from tenure.scheduler.registry import register


class AppStoreLapseJob:
    name = "app_store_lapse"
    batch_size = 100

    def _margin(self, container: Container) -> timedelta:
        return timedelta(hours=container.settings.appstore_lapse_margin_hours)

    def next_due_at(self, container: Container) -> datetime | None:
        with container.db.transaction(write=False) as session:
            return mirror.lapse_due_at(session, margin=self._margin(container))

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        ran = 0
        while ran < limit:
            with container.db.transaction() as session:
                done = mirror.run_lapses(
                    session,
                    now=now,
                    margin=self._margin(container),
                    limit=min(self.batch_size, limit - ran),
                    skip_locked=container.db.is_postgres,
                )
            if done == 0:
                break
            ran += done
        return ran


register(AppStoreLapseJob())
