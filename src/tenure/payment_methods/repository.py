"""Every query on payment methods."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from tenure.kit.db import autoflush_for
from tenure.kit.pages import Window, keyset
from tenure.payment_methods.models import PaymentMethod


def get(session: Session, payment_method_id: str) -> PaymentMethod | None:
    return session.get(PaymentMethod, payment_method_id)


def live_of(
    session: Session, account_id: str, window: Window | None = None
) -> Sequence[PaymentMethod]:
    """An account's methods that are not removed (all, or one window): the default first,
    then newest first."""
    query = select(PaymentMethod).where(
        PaymentMethod.account_id == account_id, PaymentMethod.removed_at.is_(None)
    )
    order = [PaymentMethod.is_default, PaymentMethod.id]
    return session.scalars(keyset(query, order, window, descending=True)).all()


def default_of(session: Session, account_id: str) -> PaymentMethod | None:
    with autoflush_for(session, PaymentMethod):
        return session.scalar(
            select(PaymentMethod).where(
                PaymentMethod.account_id == account_id,
                PaymentMethod.removed_at.is_(None),
                PaymentMethod.is_default.is_(True),
            )
        )


def live_of_accounts(
    session: Session, account_ids: Collection[str]
) -> Sequence[Row[*tuple[Any, ...]]]:
    """The live (not removed) methods of many accounts at once, as plain rows (``id``,
    ``account_id``, ``type``, ``token``, ``is_default``), in id order: what a batch of
    renewals chooses from."""
    table = PaymentMethod.__table__.c
    return session.execute(
        select(table.id, table.account_id, table.type, table.token, table.is_default)
        .where(table.account_id.in_(set(account_ids)), table.removed_at.is_(None))
        .order_by(table.id)
    ).all()


def load_live_of_accounts(
    session: Session, account_ids: Collection[str]
) -> Sequence[PaymentMethod]:
    """The live methods of many accounts as objects, loaded into the session at once."""
    return session.scalars(
        select(PaymentMethod).where(
            PaymentMethod.account_id.in_(set(account_ids)), PaymentMethod.removed_at.is_(None)
        )
    ).all()
