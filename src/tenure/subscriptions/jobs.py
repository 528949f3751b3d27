"""The subscription life-cycle job: runs every due transition (trial end, renewal charge,
period roll-over, expiry, end of grace) found from ``next_action_at``.

Due subscriptions are claimed in batches, each batch in one transaction: ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL (so two workers never take the same one), ``BEGIN IMMEDIATE`` on
SQLite (one writer at a time). The claim re-checks ``next_action_at`` under the lock. Plain
renewals and roll-overs run set-based in :mod:`tenure.subscriptions.renewals`; every other
due action runs through :func:`lifecycle.run_due_action` (the same code as everywhere else);
the batch commits once. Invoices are keyed by subscription +
period + reason and gateway charges by that key + the attempt number, so a crash (which
rolls the whole batch back), a retry or a second worker never charges twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog
from sqlalchemy import func, literal, or_, select

from tenure.container import Container
from tenure.scheduler.registry import register
from tenure.subscriptions import lifecycle, renewals
from tenure.subscriptions.models import Subscription

log = structlog.get_logger(__name__)


class SubscriptionLifecycleJob:
    name = "subscription_lifecycle"
    # Subscriptions claimed and run in one transaction. Larger batches commit less often but
    # hold their row locks (PostgreSQL) or the write lock (SQLite) longer.
    batch_size = 200
    # False sends every subscription through the general path (the batch renewal test
    # compares the two).
    plain = True

    def next_due_at(self, container: Container) -> datetime | None:
        with container.db.transaction(write=False) as session:
            return session.scalar(select(func.min(Subscription.next_action_at)))

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        ran = 0
        while ran < limit:
            done = self._run_batch(container, now=now, size=min(self.batch_size, limit - ran))
            if done == 0:  # nothing due, or every due subscription is another worker's
                break
            ran += done
        return ran

    def _run_batch(self, container: Container, *, now: datetime, size: int) -> int:
        lock = container.db.is_postgres
        with container.db.transaction() as session:
            rows = session.execute(renewals.claim_query(now=now, size=size, lock=lock)).all()
            if not rows:
                return 0
            actions = renewals.run_batch(
                session, rows, gateway=container.gateway, now=now, lock=lock, plain=self.plain
            )
        log.info("subscription.actions", ran=sum(actions.values()), **actions)
        return sum(actions.values())


class RenewalNoticeJob:
    """Emails "renewal upcoming" ``renewal_notice_days`` before each automatic renewal, in
    batches like the life-cycle job."""

    name = "renewal_notice"

    # Active, auto-renewing subscriptions whose coming renewal has not been announced: the
    # condition of the partial index ix_subscriptions_renewal_notice. The constants are
    # written into the SQL so that PostgreSQL's generic plans can use that index too.
    PENDING = (
        Subscription.status == literal("active", literal_execute=True),
        Subscription.next_action == literal("renew", literal_execute=True),
        or_(
            Subscription.renewal_notice_for.is_(None),
            Subscription.renewal_notice_for != Subscription.current_period_end,
        ),
    )

    def next_due_at(self, container: Container) -> datetime | None:
        lead = timedelta(days=container.settings.renewal_notice_days)
        with container.db.transaction(write=False) as session:
            first = session.scalar(
                select(func.min(Subscription.current_period_end)).where(*self.PENDING)
            )
        return first - lead if first is not None else None

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        lead = timedelta(days=container.settings.renewal_notice_days)
        sent = 0
        while sent < limit:
            # One batch per transaction; the claim re-checks the conditions under the lock.
            with container.db.transaction() as session:
                query = (
                    select(Subscription)
                    .where(*self.PENDING, Subscription.current_period_end <= now + lead)
                    .order_by(Subscription.current_period_end, Subscription.id)
                    .limit(min(SubscriptionLifecycleJob.batch_size, limit - sent))
                )
                if container.db.is_postgres:
                    query = query.with_for_update(skip_locked=True)
                subs = session.scalars(query).all()
                if not subs:
                    break
                prefetched = renewals.prefetch(session, subs, lock=container.db.is_postgres)
                for sub in subs:
                    lifecycle.send_renewal_notice(session, sub=sub, now=now)
                del prefetched
            sent += len(subs)
        return sent


register(SubscriptionLifecycleJob())
register(RenewalNoticeJob())
