"""The entitlement of an account, read from its subscriptions and their plans' terms.

``entitlement_for`` is what the apps' status endpoint and the connection limit (DEV-4) use;
the rules themselves are the pure :mod:`tenure.domain.entitlement`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenure.catalog.schema import Plan, Product
from tenure.catalog.service import LoadedCatalog, catalog_version
from tenure.domain import entitlement as rules
from tenure.subscriptions.models import Subscription
from tenure.subscriptions.service import list_subscriptions

COUNTING = tuple(sorted(rules.COUNTING_STATUSES))


class PlanLookup:
    """Plans by (catalog version, code), each version read once per lookup object."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._versions: dict[int, LoadedCatalog] = {}

    def __call__(self, sub: Subscription) -> tuple[Product, Plan]:
        loaded = self._versions.get(sub.catalog_version)
        if loaded is None:
            loaded = catalog_version(self._session, sub.catalog_version)
            self._versions[sub.catalog_version] = loaded
        return loaded.product_for(sub.plan_code), loaded.plan(sub.plan_code)


def plan_terms(session: Session, sub: Subscription) -> tuple[Product, Plan]:
    """The product and plan of a subscription, as in the catalog version it was bought on."""
    return PlanLookup(session)(sub)


def terms_of(subs: Iterable[Subscription], lookup: PlanLookup) -> list[rules.SubscriptionTerms]:
    out: list[rules.SubscriptionTerms] = []
    for sub in subs:
        features: tuple[str, ...] = ()
        limit: int | None = None
        if sub.status in rules.COUNTING_STATUSES:
            _product, plan = lookup(sub)
            features = tuple(plan.features)
            limit = plan.connection_limit
        out.append(
            rules.SubscriptionTerms(
                subscription_id=sub.id,
                product=sub.product_code,
                plan=sub.plan_code,
                channel=sub.channel,
                status=sub.status,
                current_period_end=sub.current_period_end,
                grace_ends_at=sub.grace_ends_at,
                features=features,
                connection_limit=limit,
            )
        )
    return out


def counting_subscriptions(
    session: Session, *, account_id: str, product: str | None = None
) -> Sequence[Subscription]:
    """The account's subscriptions that may give access (one indexed query)."""
    query = select(Subscription).where(
        Subscription.account_id == account_id, Subscription.status.in_(COUNTING)
    )
    if product is not None:
        query = query.where(Subscription.product_code == product)
    return session.scalars(query.order_by(Subscription.created_at, Subscription.id)).all()


def entitlement_for(
    session: Session, *, account_id: str, now: datetime, product: str | None = None
) -> rules.Entitlement:
    """The account's entitlement at ``now``, over all products or one ``product``."""
    subs: Sequence[Subscription] = list_subscriptions(session, account_id=account_id)
    if product is not None:
        subs = [s for s in subs if s.product_code == product]
    return rules.resolve(terms_of(subs, PlanLookup(session)), now=now)


def connection_limit_for(
    session: Session, *, account_id: str, now: datetime, product: str | None = None
) -> tuple[bool, int | None]:
    """``(entitled, limit)`` for the account's own connections (DEV-4, APP-4): the highest
    ``connection_limit`` among its live subscriptions; ``None`` means no limit applies."""
    subs = counting_subscriptions(session, account_id=account_id, product=product)
    resolved = rules.resolve(terms_of(subs, PlanLookup(session)), now=now)
    return resolved.active, resolved.connection_limit
