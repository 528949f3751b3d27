"""Reads of subscriptions for the other packages: one by id, an account's subscriptions, the
store channels' subscription of a store purchase and the App Store safety net's queries, and
the hot path's statement of a device's connection admission run straight on the driver
(``kit.direct``). Other packages import this module, never :mod:`.repository` or
:mod:`.models` (``.importlinter`` checks it).

Only reads: the subscriptions package writes its rows itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import ColumnElement, Table, and_, bindparam, func, literal_column, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tenure.catalog.lookups import join_version_id
from tenure.kit.direct import Direct, Pending
from tenure.kit.errors import NotFound
from tenure.kit.pages import Window, keyset
from tenure.subscriptions.models import Subscription


def get_subscription(
    session: Session, subscription_id: str, *, for_update: bool = False
) -> Subscription:
    query = select(Subscription).where(Subscription.id == subscription_id)
    if for_update:
        query = query.with_for_update()
    sub = session.scalar(query)
    if sub is None:
        raise NotFound("subscription_not_found", "No subscription with this id exists.")
    return sub


def list_subscriptions(
    session: Session, *, account_id: str, window: Window | None = None
) -> Sequence[Subscription]:
    """The account's subscriptions, oldest first (all of them, or one window)."""
    query = select(Subscription).where(Subscription.account_id == account_id)
    return session.scalars(keyset(query, [Subscription.created_at, Subscription.id], window)).all()


def find(session: Session, subscription_id: str) -> Subscription | None:
    return session.get(Subscription, subscription_id)


def of_account_in(
    session: Session, *, account_id: str, statuses: Iterable[str], product: str | None = None
) -> Sequence[Subscription]:
    """The account's subscriptions in ``statuses`` (of one product), oldest first (one
    indexed query)."""
    query = select(Subscription).where(
        Subscription.account_id == account_id, Subscription.status.in_(list(statuses))
    )
    if product is not None:
        query = query.where(Subscription.product_code == product)
    return session.scalars(query.order_by(Subscription.created_at, Subscription.id)).all()


# --------------------------------------------------------------------------- hot path (Core)


@dataclass(frozen=True, slots=True)
class PlanOf:
    """A subscription's status and the plan it was bought on, as the hot path reads them."""

    subscription_id: str
    status: str
    store_state: str | None
    grace_ends_at: datetime | None
    catalog_version: int
    plan_code: str
    catalog_version_id: str | None  # the id of that catalog version (None: not stored)


_SUBS = cast(Table, Subscription.__table__)
_WITH_VERSION_ID, _VERSION_ID = join_version_id(_SUBS, _SUBS.c.catalog_version)


def _plans_in(statuses: Iterable[str]) -> Direct:
    """One Core statement, built once: the account's subscriptions in ``statuses`` with the id
    of the catalog version each was bought under (a version id names one immutable catalog).
    The statuses are constants: rendered into the SQL once, not bound per execution."""
    return Direct(
        select(
            _SUBS.c.id,
            _SUBS.c.status,
            _SUBS.c.store_state,
            _SUBS.c.grace_ends_at,
            _SUBS.c.catalog_version,
            _SUBS.c.plan_code,
            _VERSION_ID,
        )
        .select_from(_WITH_VERSION_ID)
        .where(
            _SUBS.c.account_id == bindparam("account_id"),
            _SUBS.c.status.in_([literal_column(f"'{status}'") for status in statuses]),
        )
    )


class PlansIn:
    """The statement of :func:`_plans_in` for a fixed set of statuses (made once, at import
    by its user)."""

    __slots__ = ("_direct",)

    def __init__(self, statuses: Iterable[str]) -> None:
        self._direct = _plans_in(sorted(statuses))

    def send(self, conn: Connection, account_id: str) -> Pending:
        """Ask for the account's plans, in ``conn``'s transaction (on PostgreSQL inside
        ``kit.direct.pipeline``: sent, not yet answered); :meth:`read` reads the answer."""
        return self._direct.send(conn, {"account_id": account_id})

    @staticmethod
    def read(pending: Pending) -> list[PlanOf]:
        return [PlanOf(*row) for row in pending.all()]


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


def in_grace(
    session: Session, *, account_ids: Iterable[str] | None = None
) -> Sequence[Subscription]:
    """Web subscriptions in grace (``past_due``), soonest deadline first; only those of
    ``account_ids`` when given (BIZ-9)."""
    query = select(Subscription).where(
        Subscription.status == "past_due", Subscription.channel == "web"
    )
    if account_ids is not None:
        query = query.where(Subscription.account_id.in_(list(account_ids)))
    return session.scalars(query.order_by(Subscription.grace_ends_at, Subscription.id)).all()


def count_in_grace(session: Session) -> int:
    """Web subscriptions in grace (X-12)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Subscription)
            .where(Subscription.status == "past_due", Subscription.channel == "web")
        )
        or 0
    )


def earliest_due(session: Session) -> datetime | None:
    """The earliest time a subscription action is due (the scheduler's lag, X-12)."""
    return session.scalar(select(func.min(Subscription.next_action_at)))
