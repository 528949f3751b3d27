from __future__ import annotations

from fastapi import Query

from tenure.api.context import AnyCtx, PublicCtx, StaffCtx
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.channels.appstore import purchases, service
from tenure.channels.appstore.schemas import (
    AccountTokenIn,
    AccountTokenOut,
    LinkIn,
    NotificationIn,
    NotificationOut,
    NotificationReceipt,
    Outcome,
)
from tenure.channels.appstore.verifier import verifier_for
from tenure.entitlements.schemas import (
    AppVersion,
    OsVersion,
    Platform,
    StorefrontHeader,
    StoreOfferOut,
)
from tenure.entitlements.service import client_from, storefront_country
from tenure.kit.errors import Forbidden

api = router("/v1/channels/app_store", tags=["app store"])


@api.post("/notifications")
def receive_notification(body: NotificationIn, ctx: PublicCtx) -> NotificationReceipt:
    """App Store Server Notifications V2 (APP-1): the URL to give App Store Connect.

    Public: the signature is the authentication. The payload and the transaction and renewal
    info inside it are verified against Apple's root certificates; anything else is refused
    with 401 and nothing is stored. A notification is applied once (by notificationUUID);
    one signed before the state already applied changes nothing."""
    notice = verifier_for(ctx.container.settings).verify(body.signed_payload)
    received = service.receive(ctx.session, notice=notice, now=ctx.now)
    return NotificationReceipt(
        notification_id=received.notification.id,
        notification_uuid=received.notification.notification_uuid,
        outcome=received.notification.outcome,
        duplicate=received.duplicate,
        subscription_id=received.subscription.id if received.subscription else None,
    )


@api.post("/account_token")
def issue_account_token(
    ctx: AnyCtx,
    platform: Platform = None,
    app_version: AppVersion = None,
    os_version: OsVersion = None,
    store_front: StorefrontHeader = None,
    body: AccountTokenIn | None = None,
) -> AccountTokenOut:
    """The account's appAccountToken, for StoreKit: links an in-app purchase to the account.

    For a signed-in customer or a linked device (staff name the account). The app passes it
    to StoreKit when a purchase starts; the same token is returned every time. With the
    storefront (``X-App-Store-Storefront``, or ``storefront`` in the body) it says per
    product whether it and its free trial are offered in that App Store (APP-11)."""
    if ctx.me.kind == "licensee":
        raise Forbidden("forbidden", "You may not access this resource.")
    account_id = ctx.account_scope(body.account_id if body else None)
    country = storefront_country(body.storefront if body and body.storefront else store_front)
    purchases.ensure_client_can_buy(
        ctx.session, client=client_from(platform, app_version, os_version)
    )
    token = purchases.issue_account_token(
        ctx.session, account_id=account_id, now=ctx.now, actor=ctx.actor
    )
    offers = purchases.store_offers(
        ctx.session,
        storefront_country=country,
        device_id=ctx.me.id if ctx.me.kind == "device" else None,
        product=body.product if body else None,
    )
    return AccountTokenOut.of(
        token,
        None if offers is None else [StoreOfferOut.of(o, locale=ctx.locale) for o in offers],
    )


@api.get("/notifications")
def list_notifications(
    ctx: StaffCtx,
    window: Paging,
    outcome: Outcome | None = Query(default=None, description="e.g. unlinked"),
    original_transaction_id: str | None = Query(default=None, max_length=64),
    account_id: str | None = Query(default=None, max_length=64),
) -> Page[NotificationOut]:
    """Received App Store notifications, newest first (staff): what each one did."""
    rows = service.list_notifications(
        ctx.session,
        outcome=outcome,
        original_transaction_id=original_transaction_id,
        account_id=account_id,
        window=window,
    )
    return page(rows, window, key=lambda n: (n.received_at, n.id), out=NotificationOut.of)


@api.post("/notifications/{notification_id}/link")
def link_notification(notification_id: str, body: LinkIn, ctx: StaffCtx) -> list[NotificationOut]:
    """Staff: link an unlinked store purchase to an account and apply its notifications."""
    rows = service.link_unlinked(
        ctx.session,
        notification_id=notification_id,
        account_id=body.account_id,
        now=ctx.now,
        actor=ctx.actor,
    )
    return [NotificationOut.of(row) for row in rows]
