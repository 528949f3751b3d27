"""An App Store subscription mirrors the store (APP-1): what a verified notification, or the
safety net when the store went quiet, does to the subscription row and which
``subscription.*`` events it records.

The state a notification leads to is the pure :mod:`tenure.domain.appstore`; every status
change passes the state machine's check with the store's transitions
(:data:`tenure.domain.appstore.STORE_TRANSITIONS`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy.orm import Session

from tenure.accounts.service import get_account
from tenure.catalog.schema import Plan
from tenure.catalog.service import LoadedCatalog, current_catalog
from tenure.channels.appstore.models import AppStoreNotification
from tenure.domain import appstore as rules
from tenure.domain.appstore import StoreNotice, StoreRenewal, StoreTransaction
from tenure.domain.subscription import Status
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.errors import InvalidInput, NotFound
from tenure.kit.money import minor_unit_digits, round_half_up, validate_currency
from tenure.subscriptions import lookups as subscriptions
from tenure.subscriptions.purchase import new_subscription

if TYPE_CHECKING:
    from tenure.subscriptions.models import Subscription


CHANNEL: Final = "app_store"
STORE = Actor("store", "app_store")


def known_of(sub: Subscription) -> rules.Known:
    return rules.Known(
        status=sub.status,
        period_start=sub.current_period_start,
        period_end=sub.current_period_end,
        trial_start=sub.trial_start,
        trial_end=sub.trial_end,
        cancel_at_period_end=sub.cancel_at_period_end,
        canceled_at=sub.canceled_at,
    )


# ---------------------------------------------------------------------------- the catalog


def plan_for(session: Session, product_id: str | None) -> tuple[LoadedCatalog, Plan] | None:
    """The plan of the catalog in force whose ``store_product_ids.app_store`` is
    ``product_id``."""
    if not product_id:
        return None
    try:
        loaded = current_catalog(session)
    except NotFound:
        return None
    for product in loaded.catalog.products:
        for plan in product.plans:
            if plan.store_product_ids.get(CHANNEL) == product_id:
                return loaded, plan
    return None


def _amount(milli: int | None, currency: str) -> int | None:
    """The store's prices are in thousandths of the currency unit; Tenure's in minor units."""
    if milli is None:
        return None
    return round_half_up(Fraction(milli * 10 ** minor_unit_digits(currency), 1000))


def _price(txn: StoreTransaction, renewal: StoreRenewal | None) -> tuple[str, int] | None:
    """The storefront's currency and the price of one period (SUB-8), when the store says."""
    for currency, milli in (
        (txn.currency, txn.price_milli),
        (renewal.currency if renewal else None, renewal.renewal_price_milli if renewal else None),
    ):
        if not currency or not milli:
            continue
        try:
            validate_currency(currency)
        except InvalidInput:
            continue
        amount = _amount(milli, currency)
        if amount:
            return currency, amount
    return None


def create(
    session: Session,
    *,
    notice: StoreNotice,
    account_id: str,
    loaded: LoadedCatalog,
    plan: Plan,
    now: datetime,
) -> Subscription:
    txn = notice.transaction
    assert txn is not None
    get_account(session, account_id)
    price = _price(txn, notice.renewal)
    if price is None:
        currency = next(iter(plan.currencies), "USD")
        for candidate in (txn.currency, notice.renewal.currency if notice.renewal else None):
            if candidate in plan.prices:
                currency = candidate
        price = (currency, plan.prices.get(currency, 0))
    currency, amount = price
    sub = new_subscription(
        account_id=account_id,
        product_code=loaded.product_for(plan.code).code,
        plan=plan,
        catalog_version=loaded.version,
        currency=currency,
        quantity=1,
        unit_amount=amount,
        payment_method_id=None,
        start_at=txn.original_purchased_at or txn.purchased_at or notice.signed_at,
        previous=None,
        now=now,
    )
    sub.channel = CHANNEL
    sub.store_original_transaction_id = txn.original_transaction_id
    session.add(sub)
    return sub


# ---------------------------------------------------------------------------- applying


def _record(
    session: Session,
    sub: Subscription,
    type: str,
    *,
    at: datetime,
    actor: Actor,
    row: AppStoreNotification | None,
    **data: object,
) -> None:
    details: dict[str, Any] = {
        "status": sub.status,
        "plan": sub.plan_code,
        "channel": sub.channel,
        "store_state": sub.store_state,
    }
    if row is not None:
        details.update(
            notification_id=row.id,
            notification_type=row.notification_type,
            notification_subtype=row.subtype,
        )
    events.record(
        session,
        type=f"subscription.{type}",
        at=at,
        actor=actor,
        subject_type="subscription",
        subject_id=sub.id,
        account_id=sub.account_id,
        data={**details, **data},
    )


def _iso(value: datetime | None) -> str | None:
    return rfc3339(value) if value else None


def apply(
    session: Session,
    sub: Subscription,
    *,
    notice: StoreNotice,
    known: rules.Known | None,
    now: datetime,
    actor: Actor,
    row: AppStoreNotification | None,
) -> None:
    target = rules.target(notice, known)
    txn = notice.transaction
    assert target is not None and txn is not None
    created = known is None
    before = None if created else _standing(sub)
    old_cancel = False if created else sub.cancel_at_period_end
    old_plan, old_scheduled = sub.plan_code, sub.scheduled_plan_code

    current = plan_for(session, target.product_id)
    if current is not None and current[1].code != sub.plan_code:
        loaded, plan = current
        sub.plan_code = plan.code
        sub.product_code = loaded.product_for(plan.code).code
        sub.catalog_version = loaded.version
        sub.billing_period_months = plan.billing_period_months
    next_plan = plan_for(session, target.renewal_product_id)
    if next_plan is not None and next_plan[1].code != sub.plan_code:
        sub.scheduled_plan_code = next_plan[1].code
        sub.scheduled_catalog_version = next_plan[0].version
    else:
        sub.scheduled_plan_code = sub.scheduled_catalog_version = None
    price = _price(txn, notice.renewal)
    if price is not None and txn.price_milli:
        sub.currency, sub.unit_amount = price

    _transition(sub, target.status, created=created)
    sub.store_state = target.store_state
    sub.end_reason = target.end_reason
    sub.ended_at = target.ended_at
    sub.grace_ends_at = target.grace_ends_at
    sub.grace_started_at = target.period_end if target.status == "past_due" else None
    sub.current_period_start = target.period_start
    sub.current_period_end = target.period_end
    sub.trial_start, sub.trial_end = target.trial_start, target.trial_end
    sub.cancel_at_period_end = target.cancel_at_period_end
    sub.canceled_at = target.canceled_at
    if target.live:
        sub.anchor_at = target.period_start
    if target.status == "active":
        sub.paid_through = target.period_end
    sub.store_signed_at = notice.signed_at
    sub.store_environment = notice.environment or txn.environment
    sub.store_product_id = txn.product_id
    # The store bills: nothing is ever due for the subscription job (APP-1).
    sub.next_action = sub.next_action_at = None
    sub.updated_at = now

    at = now

    def record(kind: str, **data: object) -> None:
        _record(session, sub, kind, at=at, actor=actor, row=row, **data)

    if created:
        record(
            "created",
            original_transaction_id=sub.store_original_transaction_id,
            environment=sub.store_environment,
        )
    event = rules.status_event(before, _standing(sub))
    if event is not None:
        record(
            event,
            current_period_start=_iso(sub.current_period_start),
            current_period_end=_iso(sub.current_period_end),
            **({"reason": sub.end_reason} if sub.status == "expired" else {}),
            **({"grace_ends_at": _iso(sub.grace_ends_at)} if sub.status == "past_due" else {}),
        )
    if not created and sub.plan_code != old_plan:
        record("plan_changed", from_plan=old_plan)
    was_live = before is None or before.status in rules.LIVE
    if target.live and was_live and sub.cancel_at_period_end != old_cancel:
        record(
            "cancel_scheduled" if sub.cancel_at_period_end else "cancel_undone",
            effective_at=_iso(sub.current_period_end),
        )
    if sub.scheduled_plan_code != old_scheduled:
        if sub.scheduled_plan_code is not None:
            record(
                "plan_change_scheduled",
                to_plan=sub.scheduled_plan_code,
                effective_at=_iso(sub.current_period_end),
            )
        elif old_scheduled != sub.plan_code:
            record("plan_change_canceled", to_plan=old_scheduled)


def _transition(sub: Subscription, status: Status, *, created: bool = False) -> None:
    """Every status change of a store subscription passes the state machine's check, with the
    store's transitions (:data:`tenure.domain.appstore.STORE_TRANSITIONS`)."""
    rules.check_transition(None if created else sub.status, status)
    sub.status = status


def _standing(sub: Subscription) -> rules.Standing:
    return rules.Standing(
        status=sub.status,
        end_reason=sub.end_reason,
        store_state=sub.store_state,
        period_start=sub.current_period_start,
        period_end=sub.current_period_end,
        grace_ends_at=sub.grace_ends_at,
    )


# ---------------------------------------------------------------------------- safety net


def lapse_due_at(session: Session, *, margin: timedelta) -> datetime | None:
    return subscriptions.store_lapse_due_at(
        session, channel=CHANNEL, margin=margin, retry=_retry(margin)
    )


def _retry(margin: timedelta) -> timedelta:
    """How long after a billing retry began the safety net ends it for the failed payment."""
    return timedelta(days=rules.BILLING_RETRY_DAYS) + margin


def run_lapses(
    session: Session, *, now: datetime, margin: timedelta, limit: int, skip_locked: bool
) -> int:
    """End the store subscriptions the store has gone quiet about (see
    :func:`tenure.domain.appstore.lapse_at`). A later notification still applies: the
    signed state Tenure compares against (``store_signed_at``) is left as it was."""
    done = 0
    for sub in subscriptions.store_lapse_candidates(
        session,
        channel=CHANNEL,
        now=now,
        margin=margin,
        retry=_retry(margin),
        limit=limit,
        skip_locked=skip_locked,
    ):
        ending = rules.lapse(
            status=sub.status,
            store_state=sub.store_state,
            cancel_at_period_end=sub.cancel_at_period_end,
            period_end=sub.current_period_end,
            grace_ends_at=sub.grace_ends_at,
            ended_at=sub.ended_at,
            margin=margin,
            now=now,
        )
        if ending is None:  # pragma: no cover - the query and the rule agree
            continue
        _transition(sub, "expired")
        sub.end_reason = ending.end_reason
        sub.store_state = ending.store_state
        sub.ended_at = ending.ended_at
        sub.next_action = sub.next_action_at = None
        sub.updated_at = now
        _record(
            session,
            sub,
            "expired",
            at=now,
            actor=Actor.scheduler(),
            row=None,
            reason=ending.end_reason,
            ended_at=_iso(ending.ended_at),
        )
        done += 1
    return done
