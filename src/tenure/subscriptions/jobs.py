"""The subscription life-cycle job: runs every due transition (trial end, renewal charge,
period roll-over, expiry, end of grace) found from ``next_action_at``.

Each subscription is claimed in its own transaction: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL
(so two workers never take the same one), ``BEGIN IMMEDIATE`` on SQLite. The action re-checks
``next_action_at`` under the lock, and invoices are keyed by subscription + period + reason,
so a crash, a retry or a second worker never charges twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog
from sqlalchemy import func, or_, select

from tenure.container import Container
from tenure.scheduler.registry import register
from tenure.subscriptions import service
from tenure.subscriptions.models import Subscription

log = structlog.get_logger(__name__)


class SubscriptionLifecycleJob:
    name = "subscription_lifecycle"

    def next_due_at(self, container: Container) -> datetime | None:
        with container.db.transaction(write=False) as session:
            return session.scalar(select(func.min(Subscription.next_action_at)))

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        with container.db.transaction(write=False) as session:
            due = session.scalars(
                select(Subscription.id)
                .where(Subscription.next_action_at <= now)
                .order_by(Subscription.next_action_at, Subscription.id)
                .limit(limit)
            ).all()
        ran = 0
        for subscription_id in due:
            if self._run_one(container, subscription_id, now=now):
                ran += 1
        return ran

    def _run_one(self, container: Container, subscription_id: str, *, now: datetime) -> bool:
        with container.db.transaction() as session:
            query = select(Subscription).where(
                Subscription.id == subscription_id, Subscription.next_action_at <= now
            )
            if container.db.is_postgres:
                query = query.with_for_update(skip_locked=True)
            sub = session.scalar(query)
            if sub is None:  # another worker has it, or it already ran
                return False
            action = sub.next_action
            done = service.run_due_action(session, sub=sub, gateway=container.gateway, now=now)
            if done:
                log.info("subscription.action", subscription=sub.id, action=action)
            return done


class RenewalNoticeJob:
    """Emails "renewal upcoming" ``renewal_notice_days`` before each automatic renewal."""

    name = "renewal_notice"

    # Active, auto-renewing subscriptions whose coming renewal has not been announced.
    PENDING = (
        Subscription.status == "active",
        Subscription.next_action == "renew",
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
        with container.db.transaction(write=False) as session:
            due = session.scalars(
                select(Subscription.id)
                .where(*self.PENDING, Subscription.current_period_end <= now + lead)
                .limit(limit)
            ).all()
        sent = 0
        for subscription_id in due:
            with container.db.transaction() as session:
                query = select(Subscription).where(Subscription.id == subscription_id)
                if container.db.is_postgres:
                    query = query.with_for_update(skip_locked=True)
                sub = session.scalar(query)
                if sub is None or sub.renewal_notice_for == sub.current_period_end:
                    continue
                service.send_renewal_notice(session, sub=sub, now=now)
                sent += 1
        return sent


register(SubscriptionLifecycleJob())
register(RenewalNoticeJob())
