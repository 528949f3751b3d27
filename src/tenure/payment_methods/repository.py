"""Every query on payment methods."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenure.kit.db import autoflush_for
from tenure.payment_methods.models import PaymentMethod


def get(session: Session, payment_method_id: str) -> PaymentMethod | None:
    return session.get(PaymentMethod, payment_method_id)


def live_of(session: Session, account_id: str) -> Sequence[PaymentMethod]:
    """An account's methods that are not removed: the default first, then newest first."""
    return session.scalars(
        select(PaymentMethod)
        .where(PaymentMethod.account_id == account_id, PaymentMethod.removed_at.is_(None))
        .order_by(PaymentMethod.is_default.desc(), PaymentMethod.id.desc())
    ).all()


def default_of(session: Session, account_id: str) -> PaymentMethod | None:
    with autoflush_for(session, PaymentMethod):
        return session.scalar(
            select(PaymentMethod).where(
                PaymentMethod.account_id == account_id,
                PaymentMethod.removed_at.is_(None),
                PaymentMethod.is_default.is_(True),
            )
        )
