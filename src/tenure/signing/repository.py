"""Every query on signing keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tenure.signing.models import SigningKey


def active(session: Session) -> SigningKey | None:
    """The newest key that is not retired."""
    return session.scalar(
        select(SigningKey)
        .where(SigningKey.retired_at.is_(None))
        .order_by(SigningKey.created_at.desc(), SigningKey.kid.desc())
        .limit(1)
    )


def unretired(session: Session) -> Sequence[SigningKey]:
    return session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))).all()


def published(session: Session, *, now: datetime) -> Sequence[SigningKey]:
    """Keys whose tokens may still be valid: unretired ones, and retired ones until their
    last token expires."""
    return session.scalars(
        select(SigningKey)
        .where(or_(SigningKey.published_until.is_(None), SigningKey.published_until > now))
        .order_by(SigningKey.created_at.desc(), SigningKey.kid.desc())
    ).all()


def every(session: Session) -> Sequence[SigningKey]:
    return session.scalars(select(SigningKey).order_by(SigningKey.created_at)).all()
