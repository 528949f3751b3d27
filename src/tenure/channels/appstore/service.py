"""App Store subscriptions, kept in step with App Store Server Notifications V2 (APP-1).

The store bills; Tenure never charges, retries or renews these subscriptions itself: their
``next_action`` stays empty and the subscription job never touches them. Each verified
notification is stored once (by ``notificationUUID``) and applied in the request that
received it — a few indexed queries — so Apple gets its ``200`` at once. The mapping from a
notification to the subscription's state is the pure :mod:`tenure.domain.appstore`; every
change records ``subscription.*`` events with the actor ``store`` (X-3).

This module receives, lists and replays the notifications; :mod:`.mirror` is what they do to
the subscription (and the safety net when none arrive), :mod:`.purchases` what comes before
an in-app purchase.

Services never commit; the request (or the scheduler's job) owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tenure.accounts.service import get_account
from tenure.channels.appstore import mirror, repository
from tenure.channels.appstore.models import AppStoreNotification
from tenure.channels.appstore.purchases import account_for_token
from tenure.domain import appstore as rules
from tenure.domain.appstore import StoreNotice, StoreRenewal, StoreTransaction
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, NotFound
from tenure.kit.ids import new_id
from tenure.kit.pages import Window
from tenure.subscriptions import lookups as subscriptions

if TYPE_CHECKING:
    from tenure.subscriptions.models import Subscription


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
    sub = _process(session, row=row, notice=notice, now=now, actor=mirror.STORE)
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
        session,
        channel=mirror.CHANNEL,
        original_transaction_id=original_transaction_id,
        for_update=True,
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
        found = mirror.plan_for(
            session, notice.transaction.product_id if notice.transaction else None
        )
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
            sub = mirror.create(
                session, notice=notice, account_id=owner, loaded=loaded, plan=plan, now=now
            )
            mirror.apply(session, sub, notice=notice, known=None, now=now, actor=actor, row=row)
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
    known = mirror.known_of(sub)
    if rules.is_stale(notice, sub.store_signed_at):
        row.outcome = "stale"
        trial = rules.history_of(notice, known)
        if trial is not None:
            sub.trial_start, sub.trial_end = trial
            sub.updated_at = now
        return sub
    mirror.apply(session, sub, notice=notice, known=known, now=now, actor=actor, row=row)
    row.outcome = "applied"
    return sub


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
