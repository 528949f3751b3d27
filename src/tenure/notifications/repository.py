"""Every query on the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from tenure.notifications.models import PENDING, SENDING, Email


def get(session: Session, email_id: str) -> Email | None:
    return session.get(Email, email_id)


def lock(session: Session, email_id: str) -> Email | None:
    """The email, its row locked for this transaction (PostgreSQL; on SQLite the write
    transaction already excludes every other writer)."""
    return session.get(Email, email_id, with_for_update=True)


def claim_next(session: Session, *, now: datetime) -> Email | None:
    """The next email to send at ``now``, locked for this transaction: first one whose
    sending lease ran out (its worker died mid-send), else the pending one due longest.

    PostgreSQL: ``FOR UPDATE SKIP LOCKED`` lets several workers claim different rows at
    once. SQLite ignores the clause; its write transactions (``BEGIN IMMEDIATE``) already run
    one at a time. Two queries rather than ``status IN (…)``, so each is a range scan of
    ``ix_emails_due`` in index order, however long the queue.
    """
    for status in (SENDING, PENDING):
        query = (
            select(Email)
            .where(Email.status == status, Email.next_attempt_at <= now)
            .order_by(Email.next_attempt_at, Email.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        email = session.scalars(query).first()
        if email is not None:
            return email
    return None


def renew_lease(session: Session, *, email_id: str, attempt: int, until: datetime) -> bool:
    """Move the end of a sending lease to ``until``, if the email is still being sent under
    claim number ``attempt``. False when it is not (settled, or claimed again after the lease
    ran out)."""
    result = session.execute(
        update(Email)
        .where(Email.id == email_id, Email.status == SENDING, Email.attempts == attempt)
        .values(next_attempt_at=until)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount == 1


def next_due_at(session: Session) -> datetime | None:
    """When the next email is due: a pending one's next try or a sending lease's end."""
    due = [
        session.scalar(select(func.min(Email.next_attempt_at)).where(Email.status == status))
        for status in (SENDING, PENDING)
    ]
    return min((at for at in due if at is not None), default=None)


def last_queued(session: Session, *, account_id: str, template: str) -> datetime | None:
    return session.scalar(
        select(func.max(Email.created_at)).where(
            Email.account_id == account_id, Email.template == template
        )
    )


def counts_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Email.status, func.count()).group_by(Email.status)).all()
    return {str(status): int(count) for status, count in rows}


def oldest_undelivered(session: Session) -> datetime | None:
    return session.scalar(
        select(func.min(Email.created_at)).where(Email.status.in_((PENDING, SENDING)))
    )


def count_retrying(session: Session) -> int:
    """Pending emails that failed at least once and wait for their next try (X-12)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Email)
            .where(Email.status == PENDING, Email.attempts > 0)
        )
        or 0
    )
