"""Queries of the subscriptions table, for this package and for the packages that ask it.

The store channels find their subscriptions here (by the store's identity of the purchase) and
so does the App Store safety net: only this package queries the table it owns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from tenure.subscriptions.models import Subscription


def find(session: Session, subscription_id: str) -> Subscription | None:
    """The subscription with this id, or None."""
    return session.get(Subscription, subscription_id)


def by_store_transaction(
    session: Session, *, channel: str, original_transaction_id: str, for_update: bool = False
) -> Subscription | None:
    """The subscription a store channel created for the store's ``originalTransactionId``
    (APP-1), locked for the update when asked."""
    query = select(Subscription).where(
        Subscription.store_original_transaction_id == original_transaction_id,
        Subscription.channel == channel,
    )
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


# --- the App Store safety net -----------------------------------------------------------
# :func:`tenure.domain.appstore.lapse_at` in SQL: the rows the store created whose store has
# gone quiet. ``margin`` is how long a renewal may stay unconfirmed; ``retry`` how long after
# a billing retry began (the store's retry period and the margin) it counts as failed.


def _store_rows(channel: str) -> tuple[ColumnElement[bool], ...]:
    return (
        Subscription.channel == channel,
        Subscription.store_original_transaction_id.is_not(None),
    )


_RUNNING = Subscription.status.in_(("trialing", "active"))
_RETRYING = and_(Subscription.status == "expired", Subscription.store_state == "billing_retry")


def store_lapse_due_at(
    session: Session, *, channel: str, margin: timedelta, retry: timedelta
) -> datetime | None:
    """The earliest instant the safety net has something to end."""
    rows = _store_rows(channel)
    candidates = [
        session.scalar(
            select(func.min(Subscription.current_period_end)).where(
                *rows, _RUNNING, Subscription.cancel_at_period_end.is_(True)
            )
        ),
        _plus(
            session.scalar(
                select(func.min(Subscription.current_period_end)).where(
                    *rows, _RUNNING, Subscription.cancel_at_period_end.is_(False)
                )
            ),
            margin,
        ),
        session.scalar(
            select(func.min(Subscription.grace_ends_at)).where(
                *rows, Subscription.status == "past_due"
            )
        ),
        _plus(
            session.scalar(select(func.min(Subscription.ended_at)).where(*rows, _RETRYING)),
            retry,
        ),
    ]
    found = [c for c in candidates if c is not None]
    return min(found) if found else None


def _plus(value: datetime | None, delta: timedelta) -> datetime | None:
    return value + delta if value is not None else None


def store_lapse_candidates(
    session: Session,
    *,
    channel: str,
    now: datetime,
    margin: timedelta,
    retry: timedelta,
    limit: int,
    skip_locked: bool,
) -> Sequence[Subscription]:
    """The store subscriptions due for the safety net at ``now``, by id."""
    query = (
        select(Subscription)
        .where(
            *_store_rows(channel),
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
