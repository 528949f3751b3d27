"""What an account may use right now: ONE answer combined from every subscription it has,
whatever the channel it was bought through (APP-2, APP-3, APP-4, APP-9, DEV-4).

Pure functions: the caller passes the subscriptions with the terms of their plans, ``now``
and (optionally) the client asking; nothing here reads the database or the clock.

* A subscription is *live* while it is ``trialing``, ``active`` or ``past_due`` (grace keeps
  full access, SUB-5) and any grace it is in has not run out. ``scheduled`` ones have not
  begun, ``expired`` ones are over. Web and App Store subscriptions count alike: either
  unlocks every app of the product on every platform (APP-3).
* ``features`` is the union of the live subscriptions' features; ``products``,
  ``channels`` and ``platforms`` likewise.
* ``connection_limit`` is the highest limit among them (8 for a web VPN plan, 5 for the App
  Store plan, APP-4); ``None`` when none of them has one.
* ``expires_at`` is the latest instant access is paid (or granted) for: the end of the
  current period, or the end of grace for a subscription with a billing problem; ``None``
  when a live subscription has no end.
* ``warnings`` tell the apps what to show: ``payment_failed`` (a web renewal failed, or the
  store reports a billing problem, APP-9; also on an ended entitlement while the store
  still retries), ``grace_deadline`` (the date access ends unless
  the payment goes through, BIZ-2), ``expiring_soon`` (access ends within a few days and
  nothing renews it), ``trial`` (a free trial, until its end), ``client_version_too_old``
  (a subscription this app version cannot use, APP-2).
* Version gating (APP-2): a plan may declare minimum app and OS versions per platform. A
  client that is too old for a plan cannot use the subscriptions of that plan; when it can
  use none of the account's live subscriptions the answer is ``client_version_too_old``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

from tenure.domain.eligibility import version_at_least

COUNTING_STATUSES = frozenset({"trialing", "active", "past_due"})

# What the store channel writes to ``subscriptions.store_state`` while the store cannot
# collect a renewal (tenure.domain.appstore.StoreState): ``grace`` (status ``past_due``, the
# store's billing grace period keeps access until ``grace_ends_at``) and ``billing_retry``
# (status ``expired``: no access while the store keeps retrying). Both show "payment
# failed" (APP-9): the first while access lasts, the second on the ended entitlement.
STORE_BILLING_PROBLEM_STATES = frozenset({"grace", "billing_retry"})

DEFAULT_EXPIRING_WITHIN = timedelta(days=7)

Reason = Literal[
    "subscription_active",
    "trialing",
    "grace",
    "no_subscription",
    "expired",
    "client_version_too_old",
    "account_suspended",
]
# The order a single ``reason`` is chosen in when several subscriptions give access.
LIVE_REASONS: tuple[Reason, ...] = ("subscription_active", "trialing", "grace")

WarningCode = Literal[
    "payment_failed",
    "grace_deadline",
    "double_charge_risk",
    "expiring_soon",
    "trial",
    "client_version_too_old",
]
WARNING_ORDER: tuple[WarningCode, ...] = (
    "payment_failed",
    "grace_deadline",
    "double_charge_risk",
    "expiring_soon",
    "trial",
    "client_version_too_old",
)

# APP-5: the App Store renews unless auto-renew is turned off at least 24 hours before the
# period (or the free trial) ends.
APP_STORE_CANCEL_NOTICE = timedelta(hours=24)
# Where an App Store subscriber manages or cancels (Apple's own page, APP-6).
APP_STORE_MANAGE_URL = "https://apps.apple.com/account/subscriptions"

# Why a subscription of the account does not count now (APP-12), with the English text for
# people (the msgid of its translations); ``{date}`` stands for the instant as a date.
NotCountingReason = Literal[
    "not_started",
    "canceled",
    "payment_failed",
    "refunded",
    "replaced",
    "expired",
    "client_version_too_old",
]
NOT_COUNTING_MESSAGES: dict[str, str] = {
    "not_started": "This subscription has not started yet; it starts on {date}.",
    "canceled": "This subscription was cancelled and ended on {date}.",
    "payment_failed": "This subscription ended on {date} because the payment did not go through.",
    "refunded": "This subscription was refunded, so it ended on {date}.",
    "replaced": "This subscription was replaced by another one on {date}.",
    "expired": "This subscription ended on {date}.",
    "client_version_too_old": "This version of the app is too old for this subscription. "
    "Update the app to use it here.",
}
# Where and by whom a subscription is managed (APP-6, APP-12), for people; keyed by who
# manages it, then by the channel.
MANAGE_MESSAGES: dict[str, str] = {
    "app_store": "This subscription was bought in the App Store, so it can only be changed or "
    "cancelled there: on your iPhone or iPad, open Settings, tap your name, then "
    "Subscriptions.",
    "web": "Change or cancel this subscription on the web, on your account's subscriptions page.",
    "organization": "Your organization's administrators manage this subscription.",
    "license_owner": "The owner of your license manages this subscription.",
}
_END_REASONS: dict[str, NotCountingReason] = {
    "canceled": "canceled",
    "canceled_by_staff": "canceled",
    "payment_failed": "payment_failed",
    "billing_retry": "payment_failed",
    "refunded": "refunded",
    "revoked": "refunded",
    "switched": "replaced",
    "moved_to_volume": "replaced",
}

WARNING_MESSAGES: dict[str, str] = {
    "payment_failed": "Payment failed. Update your payment method before the deadline to keep "
    "access.",
    "payment_failed.app_store": "Payment failed in the App Store. Update your payment details "
    "in the App Store to keep access.",
    "payment_failed.app_store.access_lost": "Payment failed in the App Store, so access has "
    "stopped. Update your payment details in the App Store to restore it.",
    "payment_failed.access_lost": "Payment failed, so access has stopped. Update your payment "
    "method to restore it.",
    "grace_deadline": "Your access continues until the deadline while the payment is retried.",
    "expiring_soon": "Your subscription ends soon and will not renew.",
    "trial": "You are using a free trial until the deadline.",
    "client_version_too_old": "Update the app to use all of your subscriptions on this device.",
    "double_charge_risk": "You pay for this product both in the App Store and on the web. "
    "Cancel one of them before the deadline, or you will be charged twice.",
    # A subscription an organization grants its people (BIZ-2): admins are asked to update
    # billing, members told when the plan ends. ``{deadline}`` is filled in as a date.
    "payment_failed.organization_admin": "Your organization's payment failed. Update billing "
    "before {deadline} to keep your organization's plan.",
    "grace_deadline.organization_admin": "Update billing before {deadline}, or your "
    "organization's plan ends.",
    "payment_failed.organization_member": "Your organization's plan has a payment problem; its "
    "administrators have been asked to update billing.",
    "grace_deadline.organization_member": "Your organization's plan ends on {deadline} unless "
    "it is paid.",
    "expiring_soon.organization_admin": "Your organization's plan ends on {deadline} and will "
    "not renew.",
    "expiring_soon.organization_member": "Your organization's plan ends on {deadline} and will "
    "not renew.",
}

CLIENT_VERSION_PATTERN = re.compile(r"^v?[0-9]{1,9}(\.[0-9]{1,9}){0,5}([-+][0-9A-Za-z.+-]{0,40})?$")


# --------------------------------------------------------------------------- clients (APP-2)


class VersionRequirements(Protocol):
    """What a plan says about the apps that may use it (the catalog's ``Plan`` fits)."""

    @property
    def min_app_versions(self) -> Mapping[Any, str]: ...

    @property
    def min_os_versions(self) -> Mapping[Any, str]: ...


@dataclass(frozen=True, slots=True)
class Client:
    """The app asking: its platform and versions (``None``: not told)."""

    platform: str
    app_version: str | None = None
    os_version: str | None = None


@dataclass(frozen=True, slots=True)
class ClientVersionProblem:
    """The client is older than a plan allows (APP-2). ``too_old`` names what is too old
    (``app``, ``os``); the minimums are the plan's for the client's platform."""

    platform: str
    app_version: str | None
    os_version: str | None
    min_app_version: str | None
    min_os_version: str | None
    too_old: tuple[Literal["app", "os"], ...]
    plan: str | None = None

    def params(self) -> dict[str, Any]:
        """The fields of the ``client_version_too_old`` error."""
        return {
            "platform": self.platform,
            "app_version": self.app_version,
            "os_version": self.os_version,
            "min_app_version": self.min_app_version,
            "min_os_version": self.min_os_version,
            "too_old": list(self.too_old),
            "plan": self.plan,
        }


def valid_client_version(value: str) -> bool:
    """``7.3.10``, ``12``, ``21.3.1-beta`` are versions; ``abc`` and ``1..2`` are not."""
    return bool(CLIENT_VERSION_PATTERN.match(value))


def client_version_problem(
    plan: VersionRequirements,
    platform: str | None,
    app_version: str | None,
    os_version: str | None,
) -> ClientVersionProblem | None:
    """Is the app (``platform``, ``app_version``, ``os_version``) too old for ``plan``?

    Versions compare as numbers part by part (7.3.10 is newer than 7.3.7; 12 equals 12.0).
    A plan without a minimum for the platform accepts every version; a version that is not
    given (``None``) where the plan has a minimum is not known to meet it, so it is a
    problem. An unknown platform (``None``) is never gated. The store purchase side calls
    this before accepting an in-app purchase (APP-2); the status endpoints call it through
    :func:`resolve`.
    """
    if platform is None:
        return None
    min_app = plan.min_app_versions.get(platform)
    min_os = plan.min_os_versions.get(platform)
    too_old: list[Literal["app", "os"]] = []
    if min_app is not None and not version_at_least(app_version, min_app):
        too_old.append("app")
    if min_os is not None and not version_at_least(os_version, min_os):
        too_old.append("os")
    if not too_old:
        return None
    code = getattr(plan, "code", None)
    return ClientVersionProblem(
        platform=platform,
        app_version=app_version,
        os_version=os_version,
        min_app_version=min_app,
        min_os_version=min_os,
        too_old=tuple(too_old),
        plan=code if isinstance(code, str) else None,
    )


# --------------------------------------------------------------------------- the terms


@dataclass(frozen=True, slots=True)
class FreeTier:
    """What an ended subscription falls back to (its plan's ``fallback_plan``, a free plan):
    a VPN's or password manager's lapsed subscriber keeps the free features, not nothing."""

    product: str
    plan: str
    features: tuple[str, ...] = ()
    storage_quota_mb: int | None = None
    connection_limit: int | None = None


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
    storage_quota_mb: int | None = None
    # Does it renew by itself at the end of the period? (auto-renew on, not cancelled, an
    # auto-renewing plan). A non-renewing one ending soon gives ``expiring_soon``.
    renews: bool = True
    store_state: str | None = None
    trial_end: datetime | None = None
    start_at: datetime | None = None
    platforms: tuple[str, ...] = ()
    min_app_versions: Mapping[str, str] = field(default_factory=dict)
    min_os_versions: Mapping[str, str] = field(default_factory=dict)
    # Set when an organization grants the subscription to its people (BIZ-1): which one, and
    # the reader's role in it (``admin`` or ``member``).
    organization_id: str | None = None
    organization_role: str | None = None
    # An expired subscription's free tier (its plan's fallback plan), if it declares one.
    fallback: FreeTier | None = None
    # The next charge (APP-12): the plan's lead time (web, SUB-3), what is paid for
    # (``paid_through``), and the amount of the next charge in minor units of ``currency``
    # (``None``: not known, e.g. a store plan change to a price the catalog lacks).
    charge_lead_days: int = 0
    paid_through: datetime | None = None
    next_amount: int | None = None
    currency: str | None = None
    # How it ended (``expired``): the reason the store or the life cycle recorded, and when.
    end_reason: str | None = None
    ended_at: datetime | None = None
    # Who may manage or cancel it: ``you``, ``organization`` (its administrators, for a
    # member, BIZ-1) or ``license_owner`` (a licensed user's, VL-9).
    managed_by: str = "you"

    @property
    def code(self) -> str:
        return self.plan


@dataclass(frozen=True, slots=True)
class Warning:
    code: str
    subscription_id: str
    deadline: datetime | None
    channel: str = "web"
    access_lost: bool = False  # payment_failed after access ended (the store still retries)
    organization_id: str | None = None  # an organization's subscription (BIZ-2) …
    organization_role: str | None = None  # … read by one of its admins or members
    # double_charge_risk: the other subscription of the same product (another channel).
    other_subscription_id: str | None = None

    @property
    def message(self) -> str:
        """The English text (the msgid of its translations); ``{deadline}`` in it stands
        for the deadline as a date."""
        keys = [f"{self.code}.{self.channel}", self.code]
        if self.access_lost:
            keys = [f"{key}.access_lost" for key in keys] + keys
        if self.organization_role is not None and self.deadline is not None:
            keys = [f"{self.code}.organization_{self.organization_role}", *keys]
        return next(WARNING_MESSAGES[key] for key in keys if key in WARNING_MESSAGES)


@dataclass(frozen=True, slots=True)
class NextCharge:
    """The next charge of a renewing subscription (APP-12): when the money is taken, the
    last moment to cancel so that it is not, and how much (minor units; ``None``: not
    known)."""

    at: datetime
    cancel_by: datetime
    amount: int | None
    currency: str | None


@dataclass(frozen=True, slots=True)
class Manage:
    """Where the subscription is changed or cancelled (APP-6, APP-12): ``web`` (the
    vendor's page) or ``app_store`` (Apple's), and by whom."""

    channel: str
    by: str = "you"

    @property
    def message(self) -> str:
        return MANAGE_MESSAGES.get(self.by) or MANAGE_MESSAGES.get(self.channel, "")


@dataclass(frozen=True, slots=True)
class Source:
    """A live subscription as the apps see it."""

    subscription_id: str
    product: str
    plan: str
    channel: str
    status: str
    reason: Reason
    renews: bool
    access_until: datetime | None
    organization_id: str | None = None
    next_charge: NextCharge | None = None
    manage: Manage = field(default_factory=lambda: Manage("web"))


@dataclass(frozen=True, slots=True)
class NotCounting:
    """A subscription of the account that gives no access now, and why (APP-12). ``at`` is
    the instant the reason is about: when it ended, or when it starts."""

    subscription_id: str
    product: str
    plan: str
    channel: str
    status: str
    reason: NotCountingReason
    at: datetime | None
    manage: Manage
    next_charge: NextCharge | None = None

    @property
    def message(self) -> str:
        return NOT_COUNTING_MESSAGES[self.reason]


@dataclass(frozen=True, slots=True)
class Entitlement:
    active: bool
    reason: Reason
    features: tuple[str, ...]
    connection_limit: int | None
    expires_at: datetime | None
    warnings: tuple[Warning, ...]
    subscription_ids: tuple[str, ...]  # the subscriptions that count, oldest first
    reasons: tuple[Reason, ...] = ()
    products: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    # Set when the client asking can use none of the live subscriptions (APP-2).
    client_problems: tuple[ClientVersionProblem, ...] = ()
    # The largest storage quota among the live subscriptions' plans (CAT-1, BIZ-3).
    storage_quota_mb: int | None = None
    # Why the account may not be used at all (BIZ-4), when reason is account_suspended.
    suspended_reason: str | None = None
    # Products without a live subscription whose last one falls back to a free plan.
    free_tiers: tuple[FreeTier, ...] = ()
    # The account's other subscriptions and why they do not count now (APP-12).
    not_counting: tuple[NotCounting, ...] = ()


# --------------------------------------------------------------------------- the rule


def billing_problem(sub: SubscriptionTerms) -> bool:
    """A web renewal failed (``past_due``), or the store reports one (APP-9)."""
    return sub.status == "past_due" or sub.store_state in STORE_BILLING_PROBLEM_STATES


def counts(sub: SubscriptionTerms, *, now: datetime) -> bool:
    """Does the subscription give access at ``now``? A grace period that has run out no longer
    does, even before the scheduler (or the store) has marked the subscription expired."""
    if sub.status not in COUNTING_STATUSES:
        return False
    return not (billing_problem(sub) and sub.grace_ends_at and sub.grace_ends_at <= now)


def access_until(sub: SubscriptionTerms) -> datetime | None:
    if billing_problem(sub) and sub.grace_ends_at is not None:
        return sub.grace_ends_at
    return sub.current_period_end


def _reason_of(sub: SubscriptionTerms) -> Reason:
    if billing_problem(sub):
        return "grace"
    if sub.status == "trialing":
        return "trialing"
    return "subscription_active"


def resolve(
    subscriptions: Iterable[SubscriptionTerms],
    *,
    now: datetime,
    client: Client | None = None,
    expiring_within: timedelta = DEFAULT_EXPIRING_WITHIN,
) -> Entitlement:
    """The one entitlement of all ``subscriptions`` at ``now``, for ``client`` (``None``:
    any client, no version gating)."""
    every = list(subscriptions)
    live_any = [s for s in every if counts(s, now=now)]
    problems: dict[str, ClientVersionProblem] = {}
    if client is not None:
        for sub in live_any:
            found = client_version_problem(
                sub, client.platform, client.app_version, client.os_version
            )
            if found is not None:
                problems[sub.subscription_id] = found
    live = [s for s in live_any if s.subscription_id not in problems]
    if not live:
        if problems:
            reason: Reason = "client_version_too_old"
        elif any(s.status == "expired" or s.status in COUNTING_STATUSES for s in every):
            reason = "expired"
        else:
            reason = "no_subscription"
        return Entitlement(
            active=False,
            reason=reason,
            features=(),
            connection_limit=None,
            expires_at=None,
            warnings=_store_retrying(every) if reason == "expired" else (),
            subscription_ids=(),
            reasons=(reason,),
            client_problems=tuple(problems.values()),
            free_tiers=free_tiers(every, live_any),
            not_counting=not_counting(every, live_any, problems),
        )

    ends = [access_until(s) for s in live]
    expires_at = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    limits = [s.connection_limit for s in live if s.connection_limit is not None]
    quotas = [s.storage_quota_mb for s in live if s.storage_quota_mb is not None]
    per_sub = {s.subscription_id: _reason_of(s) for s in live}
    reasons = tuple(r for r in LIVE_REASONS if r in per_sub.values())
    warnings = _warnings(every, live, problems, now=now, expires_at=expires_at,
                         expiring_within=expiring_within)  # fmt: skip
    return Entitlement(
        active=True,
        reason=reasons[0],
        features=tuple(sorted({f for s in live for f in s.features})),
        connection_limit=max(limits) if limits else None,
        storage_quota_mb=max(quotas) if quotas else None,
        free_tiers=free_tiers(every, live_any),
        not_counting=not_counting(every, live_any, problems),
        expires_at=expires_at,
        warnings=warnings,
        subscription_ids=tuple(s.subscription_id for s in live),
        reasons=reasons,
        products=tuple(sorted({s.product for s in live})),
        channels=tuple(sorted({s.channel for s in live})),
        platforms=tuple(sorted({p for s in live for p in s.platforms})),
        sources=tuple(
            Source(
                subscription_id=s.subscription_id,
                product=s.product,
                plan=s.plan,
                channel=s.channel,
                status=s.status,
                reason=per_sub[s.subscription_id],
                renews=s.renews,
                access_until=access_until(s),
                organization_id=s.organization_id,
                # Billing is the payer's: a member or a licensed user is not shown it.
                next_charge=next_charge(s) if s.managed_by == "you" else None,
                manage=manage_of(s),
            )
            for s in live
        ),
    )


def manage_of(sub: SubscriptionTerms) -> Manage:
    """APP-6: a subscription is changed or cancelled in the channel it was bought in."""
    return Manage(channel=sub.channel, by=sub.managed_by)


def next_charge(sub: SubscriptionTerms) -> NextCharge | None:
    """APP-12, APP-5, SUB-2, SUB-3: the next charge of a subscription that renews by itself,
    and the last moment to cancel so that it is not taken. ``None`` when nothing will be
    charged (cancelled, not renewing, a fixed term) or the charge is already being retried
    (a billing problem: the ``payment_failed`` warning tells the deadline).

    * App Store: the store charges at the end of the period (or of the free trial) and
      renews unless cancelled at least 24 hours before (APP-5): ``cancel_by`` is 24 hours
      before the charge.
    * Web: a trial's first charge is taken at the trial's end (SUB-2); a renewal
      ``charge_lead_days`` before the renewal date (SUB-3), the next period's if this one's
      is already paid. Cancelling (SUB-4) before the charge is taken stops it, so
      ``cancel_by`` is the charge itself.
    * Web, bought to start when a store subscription ends and not paid yet (APP-8): charged
      the lead time before it starts.
    """
    if sub.status == "scheduled":
        if sub.channel != "web" or sub.paid_through is not None or sub.start_at is None:
            return None
        at = sub.start_at - timedelta(days=sub.charge_lead_days)
        return NextCharge(at=at, cancel_by=at, amount=sub.next_amount, currency=sub.currency)
    if sub.status not in ("trialing", "active") or not sub.renews or billing_problem(sub):
        return None
    boundary = (sub.trial_end or sub.current_period_end) if sub.status == "trialing" else None
    boundary = boundary or sub.current_period_end
    if boundary is None:
        return None
    if sub.channel == "app_store":
        return NextCharge(
            at=boundary,
            cancel_by=boundary - APP_STORE_CANCEL_NOTICE,
            amount=sub.next_amount,
            currency=sub.currency,
        )
    if sub.status == "trialing":
        at = boundary
    else:
        paid_ahead = sub.paid_through is not None and sub.paid_through > boundary
        end = sub.paid_through if paid_ahead and sub.paid_through is not None else boundary
        at = end - timedelta(days=sub.charge_lead_days)
    return NextCharge(at=at, cancel_by=at, amount=sub.next_amount, currency=sub.currency)


def not_counting(
    every: list[SubscriptionTerms],
    live: list[SubscriptionTerms],
    problems: Mapping[str, ClientVersionProblem],
) -> tuple[NotCounting, ...]:
    """APP-12: the account's subscriptions that give no access now, each with its reason:
    ``not_started`` (scheduled: a re-subscription, SUB-4, or a web subscription waiting for
    the store one to end, APP-8), ``client_version_too_old`` (the asking app cannot use it,
    APP-2), a grace that has run out (``payment_failed``), and, of the ended ones, the
    latest of each product and channel, by how it ended (``canceled``, ``payment_failed``,
    ``refunded``, ``replaced`` by another subscription, else ``expired``). Oldest first."""
    live_ids = {s.subscription_id for s in live}
    out: list[NotCounting] = []
    ended: dict[tuple[str, str], tuple[tuple[datetime, str], NotCounting]] = {}
    for sub in every:
        reason: NotCountingReason
        if sub.subscription_id in problems:
            reason, at = "client_version_too_old", None
        elif sub.subscription_id in live_ids:
            continue
        elif sub.status == "scheduled":
            reason, at = "not_started", sub.start_at
        elif sub.status in COUNTING_STATUSES:  # a billing problem whose grace ran out
            reason, at = "payment_failed", sub.grace_ends_at
        elif sub.status == "expired":
            reason = _END_REASONS.get(sub.end_reason or "", "expired")
            at = sub.ended_at or sub.current_period_end
            entry = _not_counting(sub, reason, at)
            key = (at or _NEVER, sub.subscription_id)
            known = ended.get((sub.product, sub.channel))
            if known is None or known[0] <= key:
                ended[(sub.product, sub.channel)] = (key, entry)
            continue
        else:
            continue
        out.append(_not_counting(sub, reason, at))
    out.extend(entry for _key, entry in ended.values())
    return tuple(sorted(out, key=lambda n: n.subscription_id))


def _not_counting(
    sub: SubscriptionTerms, reason: NotCountingReason, at: datetime | None
) -> NotCounting:
    return NotCounting(
        subscription_id=sub.subscription_id,
        product=sub.product,
        plan=sub.plan,
        channel=sub.channel,
        status=sub.status,
        reason=reason,
        at=at,
        manage=manage_of(sub),
        next_charge=next_charge(sub) if reason == "not_started" else None,
    )


def double_charges(live: list[SubscriptionTerms]) -> list[Warning]:
    """Seed 001: the account pays for one product through two channels (a web subscription
    and an App Store one that both renew by themselves) and would be charged twice. One
    warning per product, on the subscription charged first; ``deadline`` is the last moment
    to cancel it; ``other_subscription_id`` names the one on the other channel."""
    out: list[Warning] = []
    by_product: dict[str, list[tuple[NextCharge, SubscriptionTerms]]] = {}
    for sub in live:
        charge = next_charge(sub) if sub.managed_by == "you" else None
        if charge is not None:
            by_product.setdefault(sub.product, []).append((charge, sub))
    for product in sorted(by_product):
        renewing = sorted(by_product[product], key=lambda p: (p[0].at, p[1].subscription_id))
        first_charge, first = renewing[0]
        other = next((s for _c, s in renewing if s.channel != first.channel), None)
        if other is None:
            continue
        out.append(
            Warning(
                "double_charge_risk",
                first.subscription_id,
                first_charge.cancel_by,
                first.channel,
                other_subscription_id=other.subscription_id,
            )
        )
    return out


def free_tiers(
    every: list[SubscriptionTerms], live: list[SubscriptionTerms]
) -> tuple[FreeTier, ...]:
    """For each product without a live subscription: the free tier its last ended
    subscription falls back to, if that declares one."""
    covered = {s.product for s in live}
    last: dict[str, tuple[tuple[datetime, str], FreeTier]] = {}
    for sub in every:
        if sub.status != "expired" or sub.fallback is None or sub.product in covered:
            continue
        key = (sub.current_period_end or sub.start_at or _NEVER, sub.subscription_id)
        known = last.get(sub.product)
        if known is None or known[0] <= key:
            last[sub.product] = (key, sub.fallback)
    return tuple(last[product][1] for product in sorted(last))


_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def suspended(reason: str) -> Entitlement:
    """A suspended account has no access at all, whatever it holds (BIZ-4); ``reason`` says
    why (``sso_plan_expired``)."""
    return Entitlement(
        active=False,
        reason="account_suspended",
        features=(),
        connection_limit=None,
        expires_at=None,
        warnings=(),
        subscription_ids=(),
        reasons=("account_suspended",),
        suspended_reason=reason,
    )


def _store_retrying(every: list[SubscriptionTerms]) -> tuple[Warning, ...]:
    """Access has ended because the store could not collect a renewal, and the store is
    still retrying (``store_state`` ``billing_retry``): the apps show "payment failed" and
    where to fix it, not just "expired" (APP-9); a recovered payment brings access back."""
    return tuple(
        Warning("payment_failed", s.subscription_id, None, s.channel, access_lost=True)
        for s in sorted(every, key=lambda s: s.subscription_id)
        if s.status == "expired" and s.store_state == "billing_retry"
    )


def _warnings(
    every: list[SubscriptionTerms],
    live: list[SubscriptionTerms],
    problems: Mapping[str, ClientVersionProblem],
    *,
    now: datetime,
    expires_at: datetime | None,
    expiring_within: timedelta,
) -> tuple[Warning, ...]:
    out: list[Warning] = []
    for sub in live:
        if billing_problem(sub):
            out.append(_warning("payment_failed", sub, sub.grace_ends_at))
            if sub.grace_ends_at is not None:
                out.append(_warning("grace_deadline", sub, sub.grace_ends_at))
        if sub.status == "trialing":
            out.append(_warning("trial", sub, sub.trial_end or sub.current_period_end))
    out.extend(double_charges(live))
    ending = _expiring_soon(every, live, now=now, expires_at=expires_at, within=expiring_within)
    if ending is not None:
        out.append(_warning("expiring_soon", ending, expires_at))
    for sub_id in problems:
        channel = next(s.channel for s in every if s.subscription_id == sub_id)
        out.append(Warning("client_version_too_old", sub_id, None, channel))
    rank: dict[str, int] = {code: index for index, code in enumerate(WARNING_ORDER)}
    return tuple(sorted(out, key=lambda w: (rank.get(w.code, 99), w.subscription_id)))


def _warning(code: str, sub: SubscriptionTerms, deadline: datetime | None) -> Warning:
    return Warning(
        code,
        sub.subscription_id,
        deadline,
        sub.channel,
        organization_id=sub.organization_id,
        organization_role=sub.organization_role,
    )


def _expiring_soon(
    every: list[SubscriptionTerms],
    live: list[SubscriptionTerms],
    *,
    now: datetime,
    expires_at: datetime | None,
    within: timedelta,
) -> SubscriptionTerms | None:
    """The subscription whose end is the end of access, when that end is near and nothing
    carries access past it: no live subscription renews by itself (one in a billing problem
    has its own warnings) and no scheduled subscription starts by then (SUB-4, APP-8)."""
    if expires_at is None or expires_at - now > within:
        return None
    if any(s.renews and not billing_problem(s) for s in live):
        return None
    ending = [s for s in live if not s.renews]
    if not ending:
        return None
    if any(
        s.status == "scheduled" and s.start_at is not None and s.start_at <= expires_at
        for s in every
    ):
        return None
    return max(ending, key=lambda s: (access_until(s) or expires_at, s.subscription_id))
