"""App Store subscriptions: what a verified App Store Server Notification (V2) means for
Tenure's subscription state (APP-1, APP-5, APP-7, APP-9). Pure: no I/O, instants are given.

Every notification carries a *snapshot* that Apple signed at ``signed_at``: the latest
transaction of the subscription (period, product, offer, revocation) and its renewal info
(auto-renew on or off, billing retry, grace period). The state Tenure keeps is computed from
the newest snapshot it has applied, so notifications that arrive late, twice or out of order
converge to the same state:

* a notification signed before the one already applied (``is_stale``) changes nothing, except
  that it may fill in history the newer ones do not carry (the free trial, ``history_of``);
* a snapshot holding an *older* transaction than the one known (a refund of an earlier
  period) never moves the period back;
* times come from the signed data (purchase, expiry, revocation and grace dates, the
  signing date), never from the time a notification happened to arrive.

``docs/app-store.md`` has the mapping table in prose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from tenure.domain import subscription
from tenure.domain.subscription import LIVE_STATUSES, Status

# Notification types whose snapshot sets the subscription's state. Every other type
# (PRICE_INCREASE, REFUND_DECLINED, CONSUMPTION_REQUEST, RENEWAL_EXTENSION, TEST, …) is
# recorded and changes nothing.
STATE_TYPES = frozenset(
    {
        "SUBSCRIBED",
        "DID_RENEW",
        "DID_CHANGE_RENEWAL_STATUS",
        "DID_CHANGE_RENEWAL_PREF",
        "OFFER_REDEEMED",
        "DID_FAIL_TO_RENEW",
        "GRACE_PERIOD_EXPIRED",
        "EXPIRED",
        "REFUND",
        "REVOKE",
        "REFUND_REVERSED",
        "RENEWAL_EXTENDED",
    }
)

# EXPIRED's subtype says why the subscription ended.
EXPIRY_REASONS = {
    "VOLUNTARY": "canceled",
    "BILLING_RETRY": "payment_failed",
    "PRICE_INCREASE": "price_increase_declined",
    "PRODUCT_NOT_FOR_SALE": "product_not_for_sale",
}
# The renewal info's expirationIntent, for snapshots that show an ended subscription.
EXPIRATION_INTENTS = {
    1: "canceled",
    2: "payment_failed",
    3: "price_increase_declined",
    4: "product_not_for_sale",
}

# How long the App Store retries a failed renewal (its "billing retry" period).
BILLING_RETRY_DAYS = 60

StoreState = Literal[
    "trial", "active", "grace", "billing_retry", "expired", "refunded", "revoked", "lapsed"
]
"""``Subscription.store_state``: the store's own view, for the entitlement (APP-9).

* ``trial`` / ``active`` — access, the store bills normally;
* ``grace`` — a renewal failed and the store's billing grace period keeps access
  (status ``past_due``, ``grace_ends_at``): show "payment failed" (APP-9);
* ``billing_retry`` — a renewal failed, no grace: no access (status ``expired``, end
  reason ``billing_retry``) while the store keeps retrying; a recovered payment brings the
  subscription back. Show "payment failed" too;
* ``expired`` — ended (see ``end_reason``); ``refunded`` / ``revoked`` — access ended at
  once (APP-7);
* ``lapsed`` — Tenure heard nothing from the store after the expiry date and ended the
  subscription by itself (``renewal_unconfirmed``); a late renewal brings it back.
"""

LIVE = LIVE_STATUSES

# The statuses a store subscription takes: never ``scheduled`` (the store sells subscriptions
# that start at once; only a web purchase waits for a running subscription to end, APP-8).
STORE_STATUSES: tuple[Status, ...] = ("trialing", "active", "past_due", "expired")

# The App Store's transitions differ from the web's (:data:`subscription.TRANSITIONS`) on
# purpose. A web subscription is driven by Tenure's own clock one step at a time, and
# ``expired`` is final there (a resubscription is a new subscription, SUB-4). A store
# subscription mirrors the newest snapshot Apple signed (APP-1): one ``originalTransactionId``
# is one subscription for its whole life, and Apple moves it between any two of its states —
# an expired one comes back on a recovered payment, a reversed refund, a resubscription or a
# late renewal after the safety net lapsed it; a paid one becomes a trial again on a free
# offer; notifications lost or delivered out of order skip the steps in between (a renewal
# in grace straight after a trial, a billing retry straight into grace). What the store can
# never do is make a subscription ``scheduled`` or bring it out of that state.
STORE_TRANSITIONS: dict[Status, frozenset[Status]] = {
    "scheduled": frozenset(),
    **{status: frozenset(STORE_STATUSES) for status in STORE_STATUSES},
}


def check_transition(current: Status | None, target: Status) -> None:
    """The state machine's check for a store subscription's status change (APP-1), with
    :data:`STORE_TRANSITIONS`. ``current`` is None for a subscription the store's first
    snapshot creates: it starts in whichever store status the snapshot shows (an ``EXPIRED``
    may be the first notification Tenure hears of a purchase)."""
    if current is None:
        if target not in STORE_STATUSES:
            raise subscription.TransitionError("new", target)
        return
    subscription.check_transition(current, target, STORE_TRANSITIONS)


@dataclass(frozen=True, slots=True)
class StoreTransaction:
    """The fields of a verified JWSTransaction that Tenure reads."""

    original_transaction_id: str
    transaction_id: str | None = None
    product_id: str | None = None
    purchased_at: datetime | None = None
    original_purchased_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    offer_type: int | None = None
    offer_discount_type: str | None = None
    price_milli: int | None = None  # the store's prices are in thousandths of the unit
    currency: str | None = None
    app_account_token: str | None = None
    environment: str | None = None

    @property
    def free_trial(self) -> bool:
        """An offer period that costs nothing: a free trial (APP-5)."""
        if self.offer_discount_type == "FREE_TRIAL":
            return True
        return self.offer_type is not None and self.price_milli == 0


@dataclass(frozen=True, slots=True)
class StoreRenewal:
    """The fields of a verified JWSRenewalInfo that Tenure reads."""

    original_transaction_id: str | None = None
    auto_renew: bool | None = None
    auto_renew_product_id: str | None = None
    in_billing_retry: bool = False
    grace_expires_at: datetime | None = None
    expiration_intent: int | None = None
    renewal_price_milli: int | None = None
    currency: str | None = None
    app_account_token: str | None = None


@dataclass(frozen=True, slots=True)
class StoreNotice:
    """One verified notification."""

    uuid: str
    type: str
    subtype: str | None
    signed_at: datetime
    environment: str | None
    transaction: StoreTransaction | None = None
    renewal: StoreRenewal | None = None

    @property
    def original_transaction_id(self) -> str | None:
        if self.transaction is not None:
            return self.transaction.original_transaction_id
        return self.renewal.original_transaction_id if self.renewal else None

    @property
    def app_account_token(self) -> str | None:
        if self.transaction is not None and self.transaction.app_account_token:
            return self.transaction.app_account_token
        return self.renewal.app_account_token if self.renewal else None

    @property
    def changes_state(self) -> bool:
        return self.type in STATE_TYPES and self.transaction is not None


@dataclass(frozen=True, slots=True)
class Known:
    """What Tenure holds for the subscription before a notification is applied."""

    status: Status
    period_start: datetime | None
    period_end: datetime | None
    trial_start: datetime | None
    trial_end: datetime | None
    cancel_at_period_end: bool
    canceled_at: datetime | None


@dataclass(frozen=True, slots=True)
class Target:
    """The subscription's state after a notification."""

    status: Status
    store_state: StoreState
    end_reason: str | None
    ended_at: datetime | None
    grace_ends_at: datetime | None
    period_start: datetime | None
    period_end: datetime | None
    trial_start: datetime | None
    trial_end: datetime | None
    cancel_at_period_end: bool
    canceled_at: datetime | None
    product_id: str | None
    renewal_product_id: str | None  # the product of the next period when it differs

    @property
    def live(self) -> bool:
        return self.status in LIVE


def is_stale(notice: StoreNotice, store_signed_at: datetime | None) -> bool:
    """Signed before the newest snapshot already applied: it must not overwrite it."""
    return store_signed_at is not None and notice.signed_at < store_signed_at


@dataclass(frozen=True, slots=True)
class _Status:
    status: Status
    store_state: StoreState
    end_reason: str | None = None
    ended_at: datetime | None = None
    grace_ends_at: datetime | None = None


def _ended(reason: str, state: StoreState, at: datetime | None, signed_at: datetime) -> _Status:
    """Ended at ``at`` (the signed date of the ending), never later than the signing."""
    return _Status("expired", state, reason, min(at, signed_at) if at else signed_at)


def _status(notice: StoreNotice, txn: StoreTransaction) -> _Status:
    """The status after the notification: by its type where the type says it, else read
    from the snapshot at its signing date."""
    kind, sub, at, renewal = notice.type, notice.subtype, notice.signed_at, notice.renewal
    live = _Status("trialing", "trial") if txn.free_trial else _Status("active", "active")
    if kind == "REFUND":
        return _ended("refunded", "refunded", txn.revoked_at, at)
    if kind == "REVOKE":
        return _ended("revoked", "revoked", txn.revoked_at, at)
    if kind == "EXPIRED":
        reason = EXPIRY_REASONS.get(sub or "", "expired")
        return _ended(reason, "expired", _access_end(txn, renewal), at)
    if kind == "GRACE_PERIOD_EXPIRED":
        grace_end = renewal.grace_expires_at if renewal else None
        return _ended("billing_retry", "billing_retry", grace_end, at)
    if kind == "DID_FAIL_TO_RENEW":
        if sub == "GRACE_PERIOD" and renewal is not None and renewal.grace_expires_at:
            return _Status("past_due", "grace", grace_ends_at=renewal.grace_expires_at)
        return _ended("billing_retry", "billing_retry", txn.expires_at, at)
    if kind == "DID_RENEW":
        return _Status("active", "active")
    if kind == "SUBSCRIBED":
        return live
    # DID_CHANGE_RENEWAL_STATUS, DID_CHANGE_RENEWAL_PREF, OFFER_REDEEMED, REFUND_REVERSED,
    # RENEWAL_EXTENDED: the snapshot tells.
    if txn.revoked_at is not None:
        return _ended("refunded", "refunded", txn.revoked_at, at)
    if renewal is not None and renewal.in_billing_retry:
        if renewal.grace_expires_at is not None and renewal.grace_expires_at > at:
            return _Status("past_due", "grace", grace_ends_at=renewal.grace_expires_at)
        return _ended("billing_retry", "billing_retry", txn.expires_at, at)
    if txn.expires_at is not None and txn.expires_at <= at:
        intent = renewal.expiration_intent if renewal else None
        reason = EXPIRATION_INTENTS.get(intent or 0, "expired")
        return _ended(reason, "expired", _access_end(txn, renewal), at)
    return live


def _access_end(txn: StoreTransaction, renewal: StoreRenewal | None) -> datetime | None:
    """Access lasted to the end of the period, or of the store's grace period after it."""
    ends = [e for e in (txn.expires_at, renewal.grace_expires_at if renewal else None) if e]
    return max(ends) if ends else None


def target(notice: StoreNotice, known: Known | None) -> Target | None:
    """The state a (not stale) notification leads to; ``None`` when it changes nothing."""
    txn = notice.transaction
    if not notice.changes_state or txn is None:
        return None
    status = _status(notice, txn)
    renewal = notice.renewal

    period_start, period_end = txn.purchased_at, txn.expires_at
    if known is not None and known.period_start is not None:
        older = period_start is None or period_start < known.period_start
        if older or period_end is None:
            # An earlier transaction (a refund of a past period): the period stays.
            period_start, period_end = known.period_start, known.period_end
        elif period_start == known.period_start and known.period_end is not None:
            period_end = max(period_end, known.period_end)

    trial_start = known.trial_start if known else None
    trial_end = known.trial_end if known else None
    if status.status == "trialing":
        trial_start, trial_end = txn.purchased_at, txn.expires_at

    if notice.type == "DID_CHANGE_RENEWAL_STATUS" and notice.subtype == "AUTO_RENEW_DISABLED":
        cancel = True
    elif notice.type == "DID_CHANGE_RENEWAL_STATUS" and notice.subtype == "AUTO_RENEW_ENABLED":
        cancel = False
    elif renewal is not None and renewal.auto_renew is not None:
        cancel = not renewal.auto_renew
    else:
        cancel = known.cancel_at_period_end if known else False
    canceled_at = None
    if cancel:
        already = known is not None and known.cancel_at_period_end and known.canceled_at
        canceled_at = known.canceled_at if already and known else notice.signed_at

    next_product = renewal.auto_renew_product_id if renewal else None
    renewal_product = (
        next_product
        if status.status in LIVE and next_product and next_product != txn.product_id
        else None
    )
    return Target(
        status=status.status,
        store_state=status.store_state,
        end_reason=status.end_reason,
        ended_at=status.ended_at,
        grace_ends_at=status.grace_ends_at,
        period_start=period_start,
        period_end=period_end,
        trial_start=trial_start,
        trial_end=trial_end,
        cancel_at_period_end=cancel,
        canceled_at=canceled_at,
        product_id=txn.product_id,
        renewal_product_id=renewal_product,
    )


def history_of(notice: StoreNotice, known: Known) -> tuple[datetime, datetime] | None:
    """The free trial a stale notification shows and the subscription does not know yet:
    a late INITIAL_BUY still records that the subscription began with a trial."""
    txn = notice.transaction
    if known.trial_start is not None or txn is None or not txn.free_trial:
        return None
    if txn.purchased_at is None or txn.expires_at is None:
        return None
    if txn.original_purchased_at is not None and txn.purchased_at != txn.original_purchased_at:
        return None
    return txn.purchased_at, txn.expires_at


@dataclass(frozen=True, slots=True)
class Lapse:
    """The safety net's ending of a store subscription nobody heard of in time."""

    end_reason: str
    store_state: StoreState
    ended_at: datetime


def lapse_at(
    *,
    status: Status,
    store_state: str | None,
    cancel_at_period_end: bool,
    period_end: datetime | None,
    grace_ends_at: datetime | None,
    ended_at: datetime | None,
    margin: timedelta,
) -> datetime | None:
    """When the safety net ends the subscription if the store says nothing more.

    * grace over (the store's grace end date is signed): billing retry, no access;
    * cancelled (auto-renew off) and the period over: expired, as the store's EXPIRED would;
    * renewing, and nothing heard ``margin`` after the expiry date: lapsed;
    * billing retry for longer than the store retries: expired for the failed payment.
    """
    if status == "past_due":
        return grace_ends_at
    if status in ("trialing", "active") and period_end is not None:
        return period_end if cancel_at_period_end else period_end + margin
    if status == "expired" and store_state == "billing_retry" and ended_at is not None:
        return ended_at + timedelta(days=BILLING_RETRY_DAYS) + margin
    return None


def lapse(
    *,
    status: Status,
    store_state: str | None,
    cancel_at_period_end: bool,
    period_end: datetime | None,
    grace_ends_at: datetime | None,
    ended_at: datetime | None,
    margin: timedelta,
    now: datetime,
) -> Lapse | None:
    due = lapse_at(
        status=status,
        store_state=store_state,
        cancel_at_period_end=cancel_at_period_end,
        period_end=period_end,
        grace_ends_at=grace_ends_at,
        ended_at=ended_at,
        margin=margin,
    )
    if due is None or due > now:
        return None
    if status == "past_due":
        assert grace_ends_at is not None
        return Lapse("billing_retry", "billing_retry", grace_ends_at)
    if status == "expired":
        assert ended_at is not None
        return Lapse("payment_failed", "expired", ended_at)
    assert period_end is not None
    if cancel_at_period_end:
        return Lapse("canceled", "expired", period_end)
    return Lapse("renewal_unconfirmed", "lapsed", period_end)


@dataclass(frozen=True, slots=True)
class Standing:
    """The parts of a store subscription whose change of status an event tells."""

    status: Status
    end_reason: str | None
    store_state: str | None
    period_start: datetime | None
    period_end: datetime | None
    grace_ends_at: datetime | None


def status_event(before: Standing | None, after: Standing) -> str | None:
    """The ``subscription.*`` event a notification's change of status records, if any
    (APP-1, APP-5, APP-7, APP-9; ``docs/app-store.md`` has the table). ``before`` is None
    when the notification created the subscription.

    A status kept records an event only when something it shows moved: a new period
    (``renewed``) or a longer one (``period_extended``), a new grace end, a new reason to be
    ended. Coming back from ``expired`` says why: ``recovered`` (a failed payment went
    through, also after the safety net lapsed it), ``restored`` (a refund or revocation
    reversed) or ``reactivated`` (bought again)."""
    new = after.status
    if before is None:
        return {"trialing": "trial_started", "active": "activated"}.get(new, new)
    old = before.status
    if new == old:
        if new in ("trialing", "active") and after.period_end != before.period_end:
            return "renewed" if after.period_start != before.period_start else "period_extended"
        if new == "past_due" and after.grace_ends_at != before.grace_ends_at:
            return "past_due"
        if new == "expired" and (
            after.end_reason != before.end_reason or after.store_state != before.store_state
        ):
            return "expired"
        return None
    if new in ("expired", "past_due"):
        return new
    if old == "past_due":
        return "recovered"
    if old == "expired":
        if before.end_reason in ("billing_retry", "renewal_unconfirmed"):
            return "recovered"
        if before.end_reason in ("refunded", "revoked"):
            return "restored"
        return "reactivated"
    return "activated" if new == "active" else "trial_started"
