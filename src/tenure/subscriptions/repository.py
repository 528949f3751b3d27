"""Every query on subscriptions.

The use cases (:mod:`.purchase`, :mod:`.lifecycle`, :mod:`.charging`, :mod:`.changes`) read
subscriptions through these functions; other packages read them through :mod:`.lookups`.
What this package needs from other packages' tables it asks their owners for
(``billing.service``, ``payment_methods.service``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from tenure.domain import subscription as rules
from tenure.subscriptions.models import Subscription

# Subscriptions that count as held: not ended yet (including one that starts later).
OPEN_STATUSES = ("scheduled", "trialing", "active", "past_due")


def count_open_of_product(
    session: Session, *, account_id: str, product_code: str, excluding: str | None = None
) -> int:
    """How many subscriptions of the product the account holds, leaving out ``excluding``
    (the subscription a purchase replaces)."""
    return _count_of_product(
        session,
        account_id,
        product_code,
        Subscription.status.in_(OPEN_STATUSES),
        Subscription.id != (excluding or ""),
    )


def ever_subscribed(session: Session, *, account_id: str, product_code: str) -> bool:
    """Whether the account has ever had a subscription of the product, in any state."""
    return bool(_count_of_product(session, account_id, product_code))


def _count_of_product(
    session: Session, account_id: str, product_code: str, *more: ColumnElement[bool]
) -> int:
    count = session.scalar(
        select(func.count())
        .select_from(Subscription)
        .where(
            Subscription.account_id == account_id, Subscription.product_code == product_code, *more
        )
    )
    return count or 0


def live_store_subscriptions(
    session: Session, *, account_id: str, product_code: str
) -> Sequence[Subscription]:
    """The account's live subscriptions of the product bought outside the web (App Store)."""
    return session.scalars(
        select(Subscription).where(
            Subscription.account_id == account_id,
            Subscription.product_code == product_code,
            Subscription.channel != "web",
            Subscription.status.in_(rules.LIVE_STATUSES),
        )
    ).all()


def overdue_of_account(session: Session, account_id: str) -> Sequence[Subscription]:
    """The account's subscriptions that may owe a charge: past due, or scheduled (a purchase
    that starts later may have failed its first charge, APP-8)."""
    return session.scalars(
        select(Subscription).where(
            Subscription.account_id == account_id,
            Subscription.status.in_(("past_due", "scheduled")),
        )
    ).all()


def open_successor_of(session: Session, subscription_id: str) -> Subscription | None:
    """The not-ended subscription bought to follow this one (a resubscription), if any."""
    return session.scalar(
        select(Subscription).where(
            Subscription.previous_subscription_id == subscription_id,
            Subscription.status.in_(OPEN_STATUSES),
        )
    )
