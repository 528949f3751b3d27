"""Before an in-app purchase: the account's ``appAccountToken`` that links the purchase to
the account (APP-1), and the client-version gate (APP-2).

Services never commit; the request owns the transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tenure.accounts.service import get_account
from tenure.catalog.service import current_catalog
from tenure.channels.appstore import repository
from tenure.channels.appstore.models import AppStoreAccountToken
from tenure.devices.service import find_linked
from tenure.domain import storefront
from tenure.domain.entitlement import Client, client_version_problem
from tenure.entitlements.service import ClientVersionTooOld, store_offers_in
from tenure.events import service as events
from tenure.kit.actor import Actor


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


APP_STORE_PLATFORMS = frozenset({"ios", "macos"})


def store_offers(
    session: Session,
    *,
    storefront_country: str | None,
    device_id: str | None,
    product: str | None = None,
) -> tuple[storefront.StoreOffer, ...] | None:
    """APP-11: whether each product (or ``product``) and its trial are offered in the App
    Store of the storefront the app sent; without it, of the asking Apple device's region (a
    fallback, said so in the answer); ``None`` when neither is known."""
    region: str | None = None
    if storefront_country is None and device_id is not None:
        device = find_linked(session, device_id)
        if device is not None and device.platform in APP_STORE_PLATFORMS:
            region = device.region
    country = storefront.choose_country(storefront_country, region)
    if country is None:
        return None
    return store_offers_in(session, country, product=product)


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
