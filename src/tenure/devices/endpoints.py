"""Devices API: linked devices (DEV-1), one-time link codes (DEV-2), download links (DEV-3),
the device's own check-in, and sending subscriptions to devices (DEV-5, DEV-6)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fastapi import Query, Request

from tenure.activation_codes import service as activation_codes
from tenure.api.context import Ctx, OwnerCtx, PublicCtx, staff_route
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import NO_REPLAY, AnswerAfterCommit, router
from tenure.auth import throttle
from tenure.catalog.service import PlanLookup
from tenure.devices import deliveries, service
from tenure.devices.context import DeviceCtx
from tenure.devices.models import Delivery, Device
from tenure.devices.schemas import (
    CheckInIn,
    CheckInOut,
    DeliveryIn,
    DeliveryOut,
    DeviceOut,
    DeviceUpdate,
    DownloadLinkIn,
    DownloadLinkOut,
    DownloadOut,
    LinkCodeIn,
    LinkCodeOut,
    LinkedOut,
    LinkIn,
    ReleaseOut,
    SendabilityOut,
    reasons_out,
)
from tenure.kit.errors import NotFound
from tenure.subscriptions.lookups import get_subscription

if TYPE_CHECKING:
    from tenure.subscriptions.models import Subscription


api = router("/v1", tags=["devices"])


def _owned_device(ctx: Ctx, device_id: str) -> Device:
    device = service.get_device(ctx.session, device_id)
    ctx.ensure_can_access(device.account_id)
    return device


def _owned_subscription(
    ctx: Ctx, subscription_id: str, *, for_update: bool = False
) -> Subscription:
    sub = get_subscription(ctx.session, subscription_id, for_update=for_update)
    ctx.ensure_can_access(sub.account_id)
    return sub


def _me(ctx: Ctx) -> Device:
    return service.linked_device(ctx.session, ctx.me.id)


# --------------------------------------------------------------------------- link codes (DEV-2)


@api.post("/devices/link-codes", status_code=201, openapi_extra=NO_REPLAY)
def create_link_code(ctx: OwnerCtx, body: LinkCodeIn | None = None) -> LinkCodeOut:
    """A one-time code for a new installation of the app (shown once; single use; it expires
    after ``link_code_ttl_minutes``, 10 by default)."""
    settings = ctx.container.settings
    row, code = service.create_link_code(
        ctx.session,
        account_id=ctx.account_scope(body.account_id if body else None),
        now=ctx.now,
        ttl=timedelta(minutes=settings.link_code_ttl_minutes),
        secret_key=settings.secret_key,
        actor=ctx.actor,
    )
    return LinkCodeOut(code=code, expires_at=row.expires_at)


@api.post(
    "/devices/link",
    status_code=201,
    response_model=LinkedOut,
    openapi_extra=NO_REPLAY,
    responses={429: {"description": "Too many failed codes (`rate_limited`, Retry-After)."}},
)
def link_device(body: LinkIn, ctx: PublicCtx, request: Request) -> Any:
    """A new installation redeems a link code: it becomes a linked device of the code's
    account and gets its device token. Failed codes are counted per client and per code
    prefix; too many in the window get ``429 rate_limited`` with ``Retry-After``."""
    settings = ctx.container.settings
    client = throttle.client_of(request)
    service.check_link_rate(
        ctx.session, client=client, code=body.code, now=ctx.now, settings=settings
    )
    try:
        device, token = service.redeem_link_code(
            ctx.session,
            code=body.code,
            report=service.DeviceReport(
                name=body.name,
                platform=body.platform,
                os_version=body.os_version,
                app_version=body.app_version,
                region=body.region,
                fingerprint=body.fingerprint,
                is_vm=body.is_vm,
            ),
            now=ctx.now,
            secret_key=settings.secret_key,
        )
    except service.InvalidLinkCode as refused:
        # The redemption wrote nothing; the failure must stay counted: the route commits it.
        service.record_link_failure(ctx.session, client=client, code=body.code, now=ctx.now)
        raise AnswerAfterCommit(refused) from None
    return LinkedOut(device=DeviceOut.of(device), token=token)


# --------------------------------------------------------------------------- download links (DEV-3)


@api.post("/devices/download-links", status_code=202)
def send_download_link(body: DownloadLinkIn, ctx: OwnerCtx) -> DownloadLinkOut:
    """Email a signed link to download the product on a new device; it expires after
    ``download_link_ttl_hours`` (72 by default)."""
    settings = ctx.container.settings
    expires_at = service.send_download_link(
        ctx.session,
        account_id=ctx.account_scope(body.account_id),
        to=body.email,
        product_code=body.product,
        now=ctx.now,
        ttl=timedelta(hours=settings.download_link_ttl_hours),
        base_url=settings.base_url,
        secret_key=settings.secret_key,
        actor=ctx.actor,
    )
    return DownloadLinkOut(expires_at=expires_at)


@api.get("/downloads/{token}")
def open_download_link(token: str, ctx: PublicCtx) -> DownloadOut:
    """The target of an emailed download link: what to download, if the link is genuine and
    has not expired."""
    grant = service.read_download_token(
        token, secret_key=ctx.container.settings.secret_key, now=ctx.now
    )
    product = service.product_for_download(ctx.session, grant.product)
    return DownloadOut(
        product=product.code,
        product_name=product.name,
        platforms=list(product.platforms),
        expires_at=grant.expires_at,
    )


# --------------------------------------------------------------------------- the device itself

STAFF_DEVICE = "GET /v1/devices/{device_id}"


@api.get("/devices/me", openapi_extra=staff_route(STAFF_DEVICE))
def read_my_device(ctx: DeviceCtx) -> DeviceOut:
    return DeviceOut.of(_me(ctx))


@api.post("/devices/me/check-in", openapi_extra=staff_route(STAFF_DEVICE))
def check_in(ctx: DeviceCtx, body: CheckInIn | None = None) -> CheckInOut:
    """The app reports its versions and region, and picks up subscriptions sent to it and
    requests to release its own (DEV-5)."""
    body = body or CheckInIn()
    result = service.check_in(
        ctx.session,
        device=_me(ctx),
        report=service.DeviceReport(
            name=body.name,
            app_version=body.app_version,
            os_version=body.os_version,
            region=body.region,
        ),
        now=ctx.now,
        actor=ctx.actor,
    )
    return CheckInOut(
        device=DeviceOut.of(result.device),
        deliveries=[DeliveryOut.of(d, ctx.now) for d in result.deliveries],
        release_requests=[DeliveryOut.of(d, ctx.now) for d in result.release_requests],
    )


@api.post(
    "/devices/me/deliveries/{delivery_id}/confirm",
    openapi_extra=staff_route("GET /v1/deliveries/{delivery_id}"),
)
def confirm_delivery(delivery_id: str, ctx: DeviceCtx) -> DeliveryOut:
    """The device starts using the subscription sent to it."""
    delivery = deliveries.get_delivery(ctx.session, delivery_id, for_update=True)
    try:
        deliveries.confirm(
            ctx.session, delivery=delivery, device=_me(ctx), now=ctx.now, actor=ctx.actor
        )
    except deliveries.SubscriptionNotSendable as exc:
        raise exc.localize(ctx.locale) from None
    return DeliveryOut.of(delivery, ctx.now)


@api.post("/devices/me/release", openapi_extra=staff_route(STAFF_DEVICE))
def release_subscription(ctx: DeviceCtx) -> ReleaseOut:
    """The device stops using its subscription; deliveries waiting for that go ahead."""
    device = _me(ctx)
    released = device.subscription_id or ""
    moved = deliveries.release(ctx.session, device=device, now=ctx.now, actor=ctx.actor)
    return ReleaseOut(
        device=DeviceOut.of(device),
        released_subscription_id=released,
        deliveries=[DeliveryOut.of(d, ctx.now) for d in moved],
    )


# --------------------------------------------------------------------------- owner (DEV-1)


@api.get("/devices")
def list_devices(
    ctx: OwnerCtx,
    window: Paging,
    account_id: str | None = Query(default=None),
    include_unlinked: bool = Query(default=False),
) -> Page[DeviceOut]:
    """The account's devices, in the order they were linked."""
    devices = service.list_devices(
        ctx.session,
        account_id=ctx.account_scope(account_id),
        include_unlinked=include_unlinked,
        window=window,
    )
    return page(devices, window, key=lambda d: (d.linked_at, d.id), out=DeviceOut.of)


@api.get("/devices/{device_id}")
def read_device(device_id: str, ctx: OwnerCtx) -> DeviceOut:
    return DeviceOut.of(_owned_device(ctx, device_id))


@api.patch("/devices/{device_id}")
def rename_device(device_id: str, body: DeviceUpdate, ctx: OwnerCtx) -> DeviceOut:
    device = _owned_device(ctx, device_id)
    if device.unlinked_at is not None:
        raise NotFound("device_not_found", "No device with this id exists.")
    service.rename(ctx.session, device=device, name=body.name, now=ctx.now, actor=ctx.actor)
    return DeviceOut.of(device)


@api.delete("/devices/{device_id}")
def unlink_device(device_id: str, ctx: OwnerCtx) -> DeviceOut:
    """Unlink a device: its token stops working, its connections end, deliveries to it are
    cancelled and the subscription it used is free for another device."""
    device = _owned_device(ctx, device_id)
    service.unlink(ctx.session, device=device, now=ctx.now, actor=ctx.actor)
    return DeviceOut.of(device)


@api.get("/devices/{device_id}/deliveries")
def device_deliveries(device_id: str, ctx: OwnerCtx, window: Paging) -> Page[DeliveryOut]:
    """The subscriptions sent to the device, oldest first."""
    device = _owned_device(ctx, device_id)
    rows = deliveries.deliveries_to_device(ctx.session, device.id, window)
    return page(rows, window, key=_delivery_key, out=lambda d: DeliveryOut.of(d, ctx.now))


def _delivery_key(delivery: Delivery) -> tuple[datetime, str]:
    return (delivery.created_at, delivery.id)


# --------------------------------------------------------------------------- sending (DEV-5/6)


@api.post("/subscriptions/{subscription_id}/deliveries", status_code=201)
def send_to_device(subscription_id: str, body: DeliveryIn, ctx: OwnerCtx) -> DeliveryOut:
    """Send the subscription to a linked device. Refused with ``409 subscription_not_sendable``
    and every reason that applies (DEV-6); ``awaiting_release`` when another device must
    release it first."""
    sub = _owned_subscription(ctx, subscription_id, for_update=True)
    try:
        delivery = deliveries.send(
            ctx.session,
            sub=sub,
            device_id=body.device_id,
            sender=ctx.me,
            via=body.via,
            release_from_device_id=body.release_from_device_id,
            now=ctx.now,
            actor=ctx.actor,
        )
    except deliveries.SubscriptionNotSendable as exc:
        raise exc.localize(ctx.locale) from None
    return DeliveryOut.of(delivery, ctx.now)


@api.get("/subscriptions/{subscription_id}/deliveries")
def subscription_deliveries(
    subscription_id: str, ctx: OwnerCtx, window: Paging
) -> Page[DeliveryOut]:
    """The subscription's deliveries, oldest first."""
    sub = _owned_subscription(ctx, subscription_id)
    rows = deliveries.deliveries_of_subscription(ctx.session, sub.id, window)
    return page(rows, window, key=_delivery_key, out=lambda d: DeliveryOut.of(d, ctx.now))


@api.get("/subscriptions/{subscription_id}/devices")
def subscription_devices(
    subscription_id: str,
    ctx: OwnerCtx,
    window: Paging,
    via: str = Query(default="account", pattern="^(account|admin_console)$"),
) -> Page[SendabilityOut]:
    """The account's linked devices as seen from this subscription: which use it, whether it
    can be sent to each (with every reason if not) and the status of the latest delivery."""
    sub = _owned_subscription(ctx, subscription_id)
    lookup = PlanLookup(ctx.session)
    code = activation_codes.code_for_reading(
        ctx.session, sub, db=ctx.container.db, now=ctx.now, actor=ctx.actor, plan=lookup(sub)[1]
    )
    history = deliveries.deliveries_of_subscription(ctx.session, sub.id)

    def out(device: Device) -> SendabilityOut:
        verdict = deliveries.evaluate(
            ctx.session,
            sub=sub,
            device=device,
            code=code,
            sender=ctx.me,
            via="admin_console" if via == "admin_console" else "account",
            release_from_device_id=None,
            now=ctx.now,
            lookup=lookup,
        )
        latest = [d for d in history if d.device_id == device.id]
        return SendabilityOut(
            device=DeviceOut.of(device),
            uses_this_subscription=device.subscription_id == sub.id,
            sendable=not verdict.reasons,
            reasons=reasons_out(deliveries.localized_reasons(verdict.reasons, ctx.locale)),
            release_device_id=verdict.release_device_id,
            delivery=DeliveryOut.of(latest[-1], ctx.now) if latest else None,
        )

    devices = service.list_devices(ctx.session, account_id=sub.account_id, window=window)
    return page(devices, window, key=lambda d: (d.linked_at, d.id), out=out)


@api.get("/deliveries/{delivery_id}")
def read_delivery(delivery_id: str, ctx: OwnerCtx) -> DeliveryOut:
    delivery = deliveries.get_delivery(ctx.session, delivery_id)
    ctx.ensure_can_access(delivery.account_id)
    return DeliveryOut.of(delivery, ctx.now)


@api.post("/deliveries/{delivery_id}/cancel")
def cancel_delivery(delivery_id: str, ctx: OwnerCtx) -> DeliveryOut:
    """Undo a delivery that is still on its way (DEV-5)."""
    delivery = deliveries.get_delivery(ctx.session, delivery_id, for_update=True)
    ctx.ensure_can_access(delivery.account_id)
    deliveries.cancel(ctx.session, delivery=delivery, now=ctx.now, actor=ctx.actor)
    return DeliveryOut.of(delivery, ctx.now)
