"""What an account may use right now, combined from its subscriptions (APP-3, APP-9, DEV-4).

A pure function: the caller passes the account's subscriptions with the terms of their plans
and ``now``; nothing here reads the database or the clock.

* A subscription counts while it is ``trialing``, ``active`` or ``past_due`` (grace keeps
  full access, SUB-5) — ``scheduled`` ones have not begun, ``expired`` ones are over.
* ``features`` is the union of the counting subscriptions' features.
* ``connection_limit`` is the highest limit among them (8 for a web VPN plan, 5 for the App
  Store plan, APP-4); ``None`` when none of them has one.
* ``expires_at`` is the latest instant access is paid (or granted) for: the end of the
  current period, or the end of grace for a subscription in grace.
* ``warnings`` tell the apps what to show: ``payment_failed`` with the grace deadline while a
  subscription is in grace (APP-9, BIZ-2).

Issue 6 adds channels, per-product views, ETags and the status stream on top of this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

COUNTING_STATUSES = frozenset({"trialing", "active", "past_due"})

Reason = Literal["subscription_active", "trialing", "grace", "no_subscription", "expired"]

WARNING_MESSAGES = {
    "payment_failed": "Payment failed. Update your payment method before the deadline to keep "
    "access.",
}


@dataclass(frozen=True, slots=True)
class SubscriptionTerms:
    """One subscription of the account, with what its plan grants."""

    subscription_id: str
    product: str
    plan: str
    channel: str
    status: str
    current_period_end: datetime | None
    grace_ends_at: datetime | None = None
    features: tuple[str, ...] = ()
    connection_limit: int | None = None


@dataclass(frozen=True, slots=True)
class Warning:
    code: str
    subscription_id: str
    deadline: datetime | None

    @property
    def message(self) -> str:
        return WARNING_MESSAGES[self.code]


@dataclass(frozen=True, slots=True)
class Entitlement:
    active: bool
    reason: Reason
    features: tuple[str, ...]
    connection_limit: int | None
    expires_at: datetime | None
    warnings: tuple[Warning, ...]
    subscription_ids: tuple[str, ...]  # the subscriptions that count, oldest first


def counts(sub: SubscriptionTerms, *, now: datetime) -> bool:
    """Does the subscription give access at ``now``? A grace period that has run out no longer
    does, even before the scheduler has marked the subscription expired."""
    if sub.status not in COUNTING_STATUSES:
        return False
    return not (sub.status == "past_due" and sub.grace_ends_at and sub.grace_ends_at <= now)


def _access_until(sub: SubscriptionTerms) -> datetime | None:
    if sub.status == "past_due" and sub.grace_ends_at is not None:
        return sub.grace_ends_at
    return sub.current_period_end


def resolve(subscriptions: Iterable[SubscriptionTerms], *, now: datetime) -> Entitlement:
    every = list(subscriptions)
    live = [s for s in every if counts(s, now=now)]
    if not live:
        ended = any(s.status == "expired" or s.status in COUNTING_STATUSES for s in every)
        return Entitlement(
            active=False,
            reason="expired" if ended else "no_subscription",
            features=(),
            connection_limit=None,
            expires_at=None,
            warnings=(),
            subscription_ids=(),
        )
    features = sorted({f for s in live for f in s.features})
    limits = [s.connection_limit for s in live if s.connection_limit is not None]
    ends = [_access_until(s) for s in live]
    expires_at = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    warnings = tuple(
        Warning("payment_failed", s.subscription_id, s.grace_ends_at)
        for s in live
        if s.status == "past_due"
    )
    reason: Reason
    if any(s.status == "active" for s in live):
        reason = "subscription_active"
    elif any(s.status == "trialing" for s in live):
        reason = "trialing"
    else:
        reason = "grace"
    return Entitlement(
        active=True,
        reason=reason,
        features=tuple(features),
        connection_limit=max(limits) if limits else None,
        expires_at=expires_at,
        warnings=warnings,
        subscription_ids=tuple(s.subscription_id for s in live),
    )
