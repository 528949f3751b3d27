"""Reads of subscriptions for the packages above (entitlements): one by id, an account's
subscriptions in some statuses, and the hot path's statement of a device's connection
admission run straight on the driver (``kit.direct``).

Only reads: the subscriptions package writes its rows itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tenure.catalog.models import CatalogVersion
from tenure.kit.direct import Direct, Pending
from tenure.subscriptions.models import Subscription


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
_VERSIONS = cast(Table, CatalogVersion.__table__)


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
            _VERSIONS.c.id,
        )
        .outerjoin(_VERSIONS, _VERSIONS.c.version == _SUBS.c.catalog_version)
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
