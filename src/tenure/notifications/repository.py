"""Every query on the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tenure.notifications.models import PENDING, Email


def get(session: Session, email_id: str) -> Email | None:
    return session.get(Email, email_id)


def claim_due(session: Session, *, now: datetime, limit: int) -> Sequence[Email]:
    """Pending emails due at ``now``, oldest first, locked for this transaction.

    PostgreSQL: ``FOR UPDATE SKIP LOCKED`` lets several workers claim different rows.
    SQLite ignores the clause; its write transactions (``BEGIN IMMEDIATE``) already run one
    at a time.
    """
    query = (
        select(Email)
        .where(Email.status == PENDING, Email.next_attempt_at <= now)
        .order_by(Email.next_attempt_at, Email.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return session.scalars(query).all()


def next_due_at(session: Session) -> datetime | None:
    return session.scalar(select(func.min(Email.next_attempt_at)).where(Email.status == PENDING))


def list_emails(
    session: Session,
    *,
    to: str | None = None,
    account_id: str | None = None,
    template: str | None = None,
    limit: int = 100,
) -> Sequence[Email]:
    """Newest first."""
    query = select(Email)
    if to is not None:
        query = query.where(Email.to_address == to)
    if account_id is not None:
        query = query.where(Email.account_id == account_id)
    if template is not None:
        query = query.where(Email.template == template)
    return session.scalars(
        query.order_by(Email.created_at.desc(), Email.id.desc()).limit(limit)
    ).all()
