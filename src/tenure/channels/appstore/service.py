"""App Store subscriptions, kept in step with App Store Server Notifications V2 (APP-1).

The store bills; Tenure never charges, retries or renews these subscriptions itself: their
``next_action`` stays empty and the subscription job never touches them. Each verified
notification is stored once (by ``notificationUUID``) and applied in the request that
received it — a few indexed queries — so Apple gets its ``200`` at once. The mapping from a
notification to the subscription's state is the pure :mod:`tenure.domain.appstore`; every
change records ``subscription.*`` events with the actor ``store`` (X-3).

Services never commit; the request (or the scheduler's job) owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any, Final

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tenure.accounts.service import get_account
from tenure.catalog.schema import Plan
from tenure.catalog.service import LoadedCatalog, current_catalog
from tenure.channels.appstore import repository
from tenure.channels.appstore.models import AppStoreAccountToken, AppStoreNotification
from tenure.domain import appstore as rules
from tenure.domain.appstore import StoreNotice, StoreRenewal, StoreTransaction
from tenure.domain.entitlement import Client, client_version_problem
from tenure.domain.subscription import Status
from tenure.entitlements.service import ClientVersionTooOld
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, InvalidInput, NotFound
from tenure.kit.ids import new_id
from tenure.kit.money import minor_unit_digits, round_half_up, validate_currency
from tenure.kit.pages import Window
from tenure.subscriptions import repository as subscriptions
from tenure.subscriptions.models import Subscription
from tenure.subscriptions.service import new_subscription

CHANNEL: Final = "app_store"
STORE = Actor("store", "app_store")


# ---------------------------------------------------------------------------- account tokens


def issue_account_token(
    session: Session, *, account_id: str, now: datetime, actor: Actor
) -> AppStoreAccountToken:
    """The account's ``appAccountToken`` (created on first use, the same one afterwards).

    The app passes it to StoreKit when it starts a purchase; notifications about that
    purchase carry it and link the subscription to this account (APP-1)."""
    existing = repository.token_of_account(session, account_id)
    if existing is not None:
        return existing
    get_account(session, account_id)
    token = AppStoreAccountToken(
        token=str(uuid.uuid4()),
        account_id=account_id,
        issued_by_kind=actor.kind,
        issued_by_id=actor.id,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(token)
    except IntegrityError:  # a concurrent request issued the account's token first
        raced = repository.token_of_account(session, account_id)
        assert raced is not None
        return raced
    events.record(
        session,
        type="account.app_store_token_issued",
        at=now,
        actor=actor,
        subject_type="account",
        subject_id=account_id,
        account_id=account_id,
    )
    return token


def account_for_token(session: Session, token: str | None) -> str | None:
    if not token:
        return None
    found = repository.token(session, token.lower())
    return found.account_id if found else None


# ---------------------------------------------------------------------------- notifications


@dataclass(frozen=True, slots=True)
class Received:
    notification: AppStoreNotification
    subscription: Subscription | None
    duplicate: bool


def receive(session: Session, *, notice: StoreNotice, now: datetime) -> Received:
    """Store a verified notification once and apply it (APP-1).

    A notification already received (same ``notificationUUID``) changes nothing and is
    answered as a duplicate, also when two deliveries race."""
    existing = repository.notification_by_uuid(session, notice.uuid)
    if existing is not None:
        return Received(existing, _subscription_of(session, existing), duplicate=True)
    txn = notice.transaction
    row = AppStoreNotification(
        id=new_id("asn"),
        notification_uuid=notice.uuid,
        notification_type=notice.type[:40],
        subtype=notice.subtype[:40] if notice.subtype else None,
        signed_at=notice.signed_at,
        environment=notice.environment,
        original_transaction_id=notice.original_transaction_id,
        transaction_id=txn.transaction_id if txn else None,
        product_id=txn.product_id if txn else None,
        app_account_token=notice.app_account_token,
        account_id=None,
        subscription_id=None,
        outcome="received",
        detail=None,
        data=notice_data(notice),
        received_at=now,
        processed_at=None,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same notification, delivered twice at the same moment
        raced = repository.notification_by_uuid(session, notice.uuid)
        assert raced is not None
        return Received(raced, _subscription_of(session, raced), duplicate=True)
    sub = _process(session, row=row, notice=notice, now=now, actor=STORE)
    return Received(row, sub, duplicate=False)


def list_notifications(
    session: Session,
    *,
    outcome: str | None = None,
    original_transaction_id: str | None = None,
    account_id: str | None = None,
    window: Window,
) -> Sequence[AppStoreNotification]:
    """Received notifications, newest first — e.g. the ``unlinked`` ones support looks at."""
    return repository.search_notifications(
        session,
        outcome=outcome,
        original_transaction_id=original_transaction_id,
        account_id=account_id,
        window=window,
    )


def link_unlinked(
    session: Session, *, notification_id: str, account_id: str, now: datetime, actor: Actor
) -> list[AppStoreNotification]:
    """Staff: give an unlinked store purchase its account. Every unlinked notification of
    the same store subscription is applied again, oldest signature first."""
    row = session.get(AppStoreNotification, notification_id)
    if row is None:
        raise NotFound(
            "store_notification_not_found", "No App Store notification with this id exists."
        )
    if row.outcome != "unlinked" or row.original_transaction_id is None:
        raise Conflict(
            "store_notification_not_unlinked",
            "Only an unlinked App Store notification can be linked to an account.",
        )
    get_account(session, account_id)
    rows = list(repository.unlinked_of_transaction(session, row.original_transaction_id))
    for each in rows:
        _process(
            session,
            row=each,
            notice=notice_of(each),
            now=now,
            actor=actor,
            account_id=account_id,
        )
    return rows


def _subscription_of(session: Session, row: AppStoreNotification) -> Subscription | None:
    return subscriptions.find(session, row.subscription_id) if row.subscription_id else None


def _by_transaction(session: Session, original_transaction_id: str) -> Subscription | None:
    return subscriptions.by_store_transaction(
        session, channel=CHANNEL, original_transaction_id=original_transaction_id, for_update=True
    )


def _process(
    session: Session,
    *,
    row: AppStoreNotification,
    notice: StoreNotice,
    now: datetime,
    actor: Actor,
    account_id: str | None = None,
) -> Subscription | None:
    """Apply one stored notification and note on its row what it did."""
    row.processed_at = now
    otid = notice.original_transaction_id
    sub = _by_transaction(session, otid) if otid else None
    token_account = account_for_token(session, notice.app_account_token)
    if sub is None and notice.changes_state:
        owner = account_id or token_account
        if owner is None:
            row.outcome = "unlinked"
            row.detail = (
                "unknown appAccountToken" if notice.app_account_token else "no appAccountToken"
            )
            return None
        found = _plan_for(session, notice.transaction.product_id if notice.transaction else None)
        if found is None:
            row.outcome = "unknown_product"
            row.account_id = owner
            row.detail = f"no plan has the App Store product {row.product_id!r}"[:200]
            return None
        if token_account is not None and account_id is None and notice.app_account_token:
            # Concurrent first notifications of one purchase queue here, so one creates it.
            repository.token(session, notice.app_account_token.lower(), for_update=True)
        assert otid is not None
        sub = _by_transaction(session, otid)
        if sub is None:
            loaded, plan = found
            sub = _create(
                session, notice=notice, account_id=owner, loaded=loaded, plan=plan, now=now
            )
            _apply(session, sub, notice=notice, known=None, now=now, actor=actor, row=row)
            row.outcome = "applied"
            row.account_id, row.subscription_id = sub.account_id, sub.id
            return sub
    if sub is None:
        row.outcome = "recorded"
        row.account_id = account_id or token_account
        return None
    row.account_id, row.subscription_id = sub.account_id, sub.id
    if token_account is not None and token_account != sub.account_id:
        row.detail = "the appAccountToken is another account's; the subscription stays"
    if not notice.changes_state:
        row.outcome = "recorded"
        return sub
    known = _known(sub)
    if rules.is_stale(notice, sub.store_signed_at):
        row.outcome = "stale"
        trial = rules.history_of(notice, known)
        if trial is not None:
            sub.trial_start, sub.trial_end = trial
            sub.updated_at = now
        return sub
    _apply(session, sub, notice=notice, known=known, now=now, actor=actor, row=row)
    row.outcome = "applied"
    return sub


def _known(sub: Subscription) -> rules.Known:
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


def _plan_for(session: Session, product_id: str | None) -> tuple[LoadedCatalog, Plan] | None:
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


def _create(
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


def _apply(
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

    current = _plan_for(session, target.product_id)
    if current is not None and current[1].code != sub.plan_code:
        loaded, plan = current
        sub.plan_code = plan.code
        sub.product_code = loaded.product_for(plan.code).code
        sub.catalog_version = loaded.version
        sub.billing_period_months = plan.billing_period_months
    next_plan = _plan_for(session, target.renewal_product_id)
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


# ---------------------------------------------------------------------------- stored form


def notice_data(notice: StoreNotice) -> dict[str, Any]:
    """The verified notification as JSON (what staff see; what linking replays)."""
    data: dict[str, Any] = _jsonable(asdict(notice))
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return rfc3339(value)
    return value


def notice_of(row: AppStoreNotification) -> StoreNotice:
    data = row.data
    txn = data.get("transaction")
    renewal = data.get("renewal")
    return StoreNotice(
        uuid=row.notification_uuid,
        type=row.notification_type,
        subtype=row.subtype,
        signed_at=row.signed_at,
        environment=row.environment,
        transaction=StoreTransaction(**_times(txn)) if txn else None,
        renewal=StoreRenewal(**_times(renewal)) if renewal else None,
    )


_TIMES = frozenset(
    {"purchased_at", "original_purchased_at", "expires_at", "revoked_at", "grace_expires_at"}
)


def _times(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: datetime.fromisoformat(v) if k in _TIMES and isinstance(v, str) else v
        for k, v in values.items()
    }


def ensure_client_can_buy(
    session: Session, *, client: Client | None, product: str | None = None
) -> None:
    """APP-2: in-app purchase needs the plan's minimum OS and app version (iOS 12, app 7.3.7
    for the VPN). A client too old for every App Store plan (of ``product``, if named) is
    refused before it gets the token StoreKit needs to buy."""
    if client is None:
        return
    loaded = current_catalog(session)
    plans = [
        plan
        for each in loaded.catalog.products
        if product is None or each.code == product
        for plan in each.plans
        if "app_store" in plan.channels
    ]
    problems = [
        client_version_problem(plan, client.platform, client.app_version, client.os_version)
        for plan in plans
    ]
    if plans and all(problem is not None for problem in problems):
        first = problems[0]
        assert first is not None
        raise ClientVersionTooOld(first)
