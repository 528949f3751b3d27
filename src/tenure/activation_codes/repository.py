"""Every query on activation codes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenure.activation_codes.models import ActivationCode


def by_subscription(session: Session, subscription_id: str) -> ActivationCode | None:
    return session.scalar(
        select(ActivationCode).where(ActivationCode.subscription_id == subscription_id)
    )


def get(session: Session, code_id: str, *, for_update: bool = False) -> ActivationCode | None:
    return session.get(ActivationCode, code_id, with_for_update=for_update)


def by_code(session: Session, code: str) -> ActivationCode | None:
    return session.scalar(select(ActivationCode).where(ActivationCode.code == code))


def for_account(session: Session, account_id: str) -> Sequence[ActivationCode]:
    return session.scalars(
        select(ActivationCode)
        .where(ActivationCode.account_id == account_id)
        .order_by(ActivationCode.created_at, ActivationCode.id)
    ).all()
