"""Queries of the App Store channel's own tables (its subscriptions are found through
:mod:`tenure.subscriptions.repository`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenure.channels.appstore.models import AppStoreAccountToken, AppStoreNotification
from tenure.kit.pages import Window, keyset


def token_of_account(session: Session, account_id: str) -> AppStoreAccountToken | None:
    return session.scalar(
        select(AppStoreAccountToken).where(AppStoreAccountToken.account_id == account_id)
    )


def token(session: Session, value: str, *, for_update: bool = False) -> AppStoreAccountToken | None:
    query = select(AppStoreAccountToken).where(AppStoreAccountToken.token == value)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def notification_by_uuid(session: Session, uuid: str) -> AppStoreNotification | None:
    return session.scalar(
        select(AppStoreNotification).where(AppStoreNotification.notification_uuid == uuid)
    )


def search_notifications(
    session: Session,
    *,
    outcome: str | None,
    original_transaction_id: str | None,
    account_id: str | None,
    window: Window,
) -> Sequence[AppStoreNotification]:
    query = select(AppStoreNotification)
    if outcome is not None:
        query = query.where(AppStoreNotification.outcome == outcome)
    if original_transaction_id is not None:
        query = query.where(AppStoreNotification.original_transaction_id == original_transaction_id)
    if account_id is not None:
        query = query.where(AppStoreNotification.account_id == account_id)
    order = [AppStoreNotification.received_at, AppStoreNotification.id]
    return session.scalars(keyset(query, order, window, descending=True)).all()


def unlinked_of_transaction(
    session: Session, original_transaction_id: str
) -> Sequence[AppStoreNotification]:
    """Unlinked notifications of one store subscription, oldest signature first."""
    return session.scalars(
        select(AppStoreNotification)
        .where(
            AppStoreNotification.original_transaction_id == original_transaction_id,
            AppStoreNotification.outcome == "unlinked",
        )
        .order_by(AppStoreNotification.signed_at, AppStoreNotification.id)
    ).all()
