"""Queries of the App Store channel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from tenure.channels.appstore.models import AppStoreAccountToken, AppStoreNotification
from tenure.domain.appstore import BILLING_RETRY_DAYS
from tenure.kit.pages import Window, keyset
from tenure.subscriptions.models import Subscription

APP_STORE = "app_store"


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


def subscription_by_transaction(
    session: Session, original_transaction_id: str, *, for_update: bool = False
) -> Subscription | None:
    query = select(Subscription).where(
        Subscription.store_original_transaction_id == original_transaction_id,
        Subscription.channel == APP_STORE,
    )
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


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


# --- the safety net ---------------------------------------------------------------------

_STORE_ROWS = (
    Subscription.channel == APP_STORE,
    Subscription.store_original_transaction_id.is_not(None),
)
_RUNNING = Subscription.status.in_(("trialing", "active"))
_RETRYING = and_(Subscription.status == "expired", Subscription.store_state == "billing_retry")


def lapse_due_at(session: Session, *, margin: timedelta) -> datetime | None:
    """The earliest instant the safety net has something to end (see domain.appstore)."""
    retry = timedelta(days=BILLING_RETRY_DAYS) + margin
    candidates = [
        session.scalar(
            select(func.min(Subscription.current_period_end)).where(
                *_STORE_ROWS, _RUNNING, Subscription.cancel_at_period_end.is_(True)
            )
        ),
        _plus(
            session.scalar(
                select(func.min(Subscription.current_period_end)).where(
                    *_STORE_ROWS, _RUNNING, Subscription.cancel_at_period_end.is_(False)
                )
            ),
            margin,
        ),
        session.scalar(
            select(func.min(Subscription.grace_ends_at)).where(
                *_STORE_ROWS, Subscription.status == "past_due"
            )
        ),
        _plus(
            session.scalar(select(func.min(Subscription.ended_at)).where(*_STORE_ROWS, _RETRYING)),
            retry,
        ),
    ]
    found = [c for c in candidates if c is not None]
    return min(found) if found else None


def _plus(value: datetime | None, delta: timedelta) -> datetime | None:
    return value + delta if value is not None else None


def lapse_candidates(
    session: Session, *, now: datetime, margin: timedelta, limit: int, skip_locked: bool
) -> Sequence[Subscription]:
    retry = timedelta(days=BILLING_RETRY_DAYS) + margin
    query = (
        select(Subscription)
        .where(
            *_STORE_ROWS,
            or_(
                and_(
                    _RUNNING,
                    Subscription.cancel_at_period_end.is_(True),
                    Subscription.current_period_end <= now,
                ),
                and_(
                    _RUNNING,
                    Subscription.cancel_at_period_end.is_(False),
                    Subscription.current_period_end <= now - margin,
                ),
                and_(Subscription.status == "past_due", Subscription.grace_ends_at <= now),
                and_(_RETRYING, Subscription.ended_at <= now - retry),
            ),
        )
        .order_by(Subscription.id)
        .limit(limit)
    )
    if skip_locked:
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).all()
