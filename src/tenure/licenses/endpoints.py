"""License Manager API (VL-9, VL-10, VL-11) and the licensed users' API (VL-10, VL-13).

The License Manager endpoints admit only staff and the owner's own customer session
(:mod:`tenure.licenses.context`); a licensed user's or a device's token gets
``403 license_manager_owner_only`` even though it carries the owner's account id.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import Query, Request, Response

from tenure.api.context import Ctx, PublicCtx, staff_route
from tenure.api.openapi import SIGN_IN
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import NO_REPLAY, router
from tenure.auth import throttle
from tenure.connections.schemas import ConnectionOut
from tenure.events import service as events
from tenure.events.schemas import EventOut
from tenure.kit.errors import InvalidInput
from tenure.kit.pages import window_of
from tenure.licenses import licensees, service
from tenure.licenses.context import LicenseeCtx, ManagerCtx, ensure_manager
from tenure.licenses.models import License
from tenure.licenses.schemas import (
    AssignIn,
    AutoRenewIn,
    CredentialOut,
    HolderOut,
    LicenseConnectIn,
    LicenseOut,
    LicensePage,
    MyLicenseOut,
    ProductOut,
    SetupOut,
    SetupPlatform,
    SignInIn,
    SignInOut,
    SubscriptionSummaryOut,
)
from tenure.licenses.setup import PLATFORM_NAMES, instructions
from tenure.subscriptions.lookups import get_subscription

api = router("/v1", tags=["licenses"])

NO_STORE = "no-store"
STAFF_CONNECTIONS = "GET /v1/connections?account_id={account_id}"


def _managed(ctx: Ctx, license_id: str, *, for_update: bool = False) -> License:
    license = service.get_license(ctx.session, license_id, for_update=for_update)
    ensure_manager(ctx.me, license.account_id)
    return license


def _secret_key(ctx: Ctx) -> str:
    return ctx.container.settings.secret_key


def _ttl(ctx: Ctx) -> timedelta:
    return timedelta(seconds=ctx.container.settings.connection_ttl_seconds)


# --------------------------------------------------------------------------- License Manager


@api.get("/volume_subscriptions/{subscription_id}/licenses")
def list_licenses(
    subscription_id: str,
    ctx: ManagerCtx,
    window: Paging,
    include_ended: bool = Query(default=False, description="Also list ended licenses."),
) -> LicensePage:
    """The License Manager (VL-9): every license of a volume subscription, who holds it and
    whether it renews at the next billing cycle (VL-11). No passwords here: see ``setup``."""
    sub = get_subscription(ctx.session, subscription_id)
    ensure_manager(ctx.me, sub.account_id)
    service.ensure_volume(ctx.session, sub)
    rows = service.list_licenses(ctx.session, subscription_id=sub.id, include_ended=include_ended)
    active = [r for r in rows if r.status == service.ACTIVE]
    shown = window_of(rows, lambda r: (r.created_at, r.id), window)
    return LicensePage(
        **dict(page(shown, window, key=lambda r: (r.created_at, r.id), out=LicenseOut.of)),
        subscription_id=sub.id,
        plan=sub.plan_code,
        active=len(active),
        assigned=sum(1 for r in active if r.holder_email is not None),
        renewing=sum(1 for r in active if r.auto_renew),
    )


@api.get("/licenses/{license_id}")
def get_license(license_id: str, ctx: ManagerCtx) -> LicenseOut:
    """One license: its holder, renewal setting and credential version (no password)."""
    return LicenseOut.of(_managed(ctx, license_id))


@api.get("/licenses/{license_id}/events")
def license_events(license_id: str, ctx: ManagerCtx, window: Paging) -> Page[EventOut]:
    """The license's history: created, assigned, reassigned, freed, renewal changes, ended."""
    license = _managed(ctx, license_id)
    rows = events.for_subject(ctx.session, license.id, window=window)
    return page(rows, window, key=lambda e: (e.seq,), out=EventOut.of)


@api.post("/licenses/{license_id}/assign")
def assign_license(license_id: str, body: AssignIn, ctx: ManagerCtx) -> LicenseOut:
    """Give the license to a person (name + email), or reassign it to someone else at any
    time (VL-9). Each new holder gets a new system-generated app login; the previous
    holder's login and sessions stop working at once (VL-10)."""
    license = _managed(ctx, license_id, for_update=True)
    service.assign(
        ctx.session,
        license=license,
        name=body.name,
        email=body.email,
        now=ctx.now,
        actor=ctx.actor,
        secret_key=_secret_key(ctx),
    )
    return LicenseOut.of(license)


@api.post("/licenses/{license_id}/free")
def free_license(license_id: str, ctx: ManagerCtx) -> LicenseOut:
    """Unassign the license (VL-9): its holder's app login and sessions stop working."""
    license = _managed(ctx, license_id, for_update=True)
    service.free(ctx.session, license=license, now=ctx.now, actor=ctx.actor)
    return LicenseOut.of(license)


@api.post("/licenses/{license_id}/reset_credential")
def reset_credential(license_id: str, ctx: ManagerCtx) -> LicenseOut:
    """A new app login for the same holder (e.g. the password was shared); the old one stops
    working at once."""
    license = _managed(ctx, license_id, for_update=True)
    service.reset_credential(
        ctx.session, license=license, now=ctx.now, actor=ctx.actor, secret_key=_secret_key(ctx)
    )
    return LicenseOut.of(license)


@api.post("/licenses/{license_id}/auto_renew")
def set_auto_renew(license_id: str, body: AutoRenewIn, ctx: ManagerCtx) -> LicenseOut:
    """ "Renew at next billing cycle" for this license (VL-11). At renewal only the licenses
    still set to renew are renewed and charged; the others end."""
    license = _managed(ctx, license_id, for_update=True)
    service.set_auto_renew(
        ctx.session, license=license, enabled=body.enabled, now=ctx.now, actor=ctx.actor
    )
    return LicenseOut.of(license)


@api.get("/licenses/{license_id}/setup")
def license_setup(
    license_id: str,
    ctx: ManagerCtx,
    response: Response,
    platform: SetupPlatform = Query(description="windows, macos, ios, android, linux or router"),
) -> SetupOut:
    """VL-10 "Setup": the license's app login (username and password, generated by the
    system) with setup steps for one platform, in the caller's language. Only the owner or
    staff may see it."""
    license = _managed(ctx, license_id)
    credential = service.reveal_credential(license, secret_key=_secret_key(ctx))
    access = licensees.access_of(ctx.session, license, now=ctx.now)
    product = access.product
    if product.platforms and platform not in product.platforms:
        raise InvalidInput(
            "platform_not_supported",
            "There is no {product} setup for {platform}.",
            product=product.name,
            platform=PLATFORM_NAMES[platform],
            field="platform",
        )
    response.headers["Cache-Control"] = NO_STORE
    assert license.holder_email is not None
    return SetupOut(
        license_id=license.id,
        platform=platform,
        platform_name=PLATFORM_NAMES[platform],
        product=ProductOut(code=product.code, name=product.name),
        holder=HolderOut(name=license.holder_name or "", email=license.holder_email),
        credential=CredentialOut(
            username=credential.username, password=credential.password, version=credential.version
        ),
        instructions=instructions(
            platform,
            product=product.name,
            connection_limit=access.plan.connection_limit,
            locale=ctx.locale,
        ),
        connection_limit=access.plan.connection_limit,
    )


# --------------------------------------------------------------------------- licensed users


@api.post("/licenses/sign-in", openapi_extra=NO_REPLAY, responses=SIGN_IN)
def sign_in(body: SignInIn, ctx: PublicCtx, response: Response, request: Request) -> SignInOut:
    """The apps sign a licensed user in with the license's app login (VL-10) and get an
    access token of kind ``licensee``. A wrong, replaced or unknown login is
    ``401 invalid_credentials``; after too many for one username, or from one client, within
    the window: ``429 rate_limited`` with ``Retry-After``. Send ``device`` to connect from
    this installation (VL-13)."""
    report = (
        licensees.DeviceReport(
            name=body.device.name,
            platform=body.device.platform,
            os_version=body.device.os_version,
            app_version=body.device.app_version,
            fingerprint=body.device.fingerprint,
            is_vm=body.device.is_vm,
        )
        if body.device is not None
        else None
    )
    with throttle.guarded(
        ctx.session, db=ctx.container.db, settings=ctx.container.settings, name=body.username,
        client=throttle.client_of(request), now=ctx.now,
    ):  # fmt: skip
        signed = licensees.sign_in(
            ctx.session, username=body.username, password=body.password, device=report,
            now=ctx.now,
        )  # fmt: skip
    response.headers["Cache-Control"] = NO_STORE
    return SignInOut(
        token=signed.secret,
        license_id=signed.license.id,
        account_id=signed.license.account_id,
        device_id=signed.device_id,
        expires_at=signed.expires_at,
    )


@api.get("/me/license", openapi_extra=staff_route("GET /v1/licenses/{license_id}"))
def my_license(ctx: LicenseeCtx) -> MyLicenseOut:
    """For the apps of a signed-in licensed user: the license, the plan behind it, whether it
    gives access now and the connection limit (VL-13)."""
    license = licensees.licensee_license(ctx.session, ctx.me.id)
    access = licensees.access_of(ctx.session, license, now=ctx.now)
    sub = access.subscription
    live = licensees.live_connections(ctx.session, license=license, now=ctx.now)
    return MyLicenseOut(
        license_id=license.id,
        status="active",
        holder=HolderOut(name=license.holder_name or "", email=license.holder_email)
        if license.holder_email is not None
        else None,
        entitled=access.entitlement.active,
        reason=access.entitlement.reason,
        expires_at=access.entitlement.expires_at,
        subscription=SubscriptionSummaryOut(
            id=sub.id,
            product=sub.product_code,
            product_name=access.product.name,
            plan=sub.plan_code,
            plan_name=access.plan.name,
            status=sub.status,
            current_period_end=sub.current_period_end,
        ),
        features=list(access.entitlement.features),
        connection_limit=access.connection_limit,
        live_connections=len(live),
    )


@api.post("/me/license/connections", status_code=201, openapi_extra=staff_route(STAFF_CONNECTIONS))
def connect(body: LicenseConnectIn, ctx: LicenseeCtx, response: Response) -> ConnectionOut:
    """A licensed user's device starts using the service (VL-13). Any number of devices may
    sign in, but beyond the plan's limit per license (8, VMs included) the next connection is
    refused with ``409 connection_limit_reached``. A device already connected keeps its
    connection (200)."""
    license = licensees.licensee_license(ctx.session, ctx.me.id)
    lease, created, limit = licensees.connect(
        ctx.session,
        license=license,
        device_id=body.device_id,
        ttl=_ttl(ctx),
        now=ctx.now,
        actor=ctx.actor,
    )
    if not created:
        response.status_code = 200
    return ConnectionOut.of(
        lease, now=ctx.now, ttl_seconds=ctx.container.settings.connection_ttl_seconds, limit=limit
    )


@api.post(
    "/me/license/connections/{connection_id}/heartbeat",
    openapi_extra=staff_route(STAFF_CONNECTIONS),
)
def heartbeat(connection_id: str, ctx: LicenseeCtx) -> ConnectionOut:
    """Keep the licensed user's connection for another TTL (``409 connection_ended`` when it
    lapsed: connect again)."""
    license = licensees.licensee_license(ctx.session, ctx.me.id)
    lease, limit = licensees.heartbeat(
        ctx.session, license=license, lease_id=connection_id, ttl=_ttl(ctx), now=ctx.now
    )
    return ConnectionOut.of(
        lease, now=ctx.now, ttl_seconds=ctx.container.settings.connection_ttl_seconds, limit=limit
    )


@api.post(
    "/me/license/connections/{connection_id}/release",
    openapi_extra=staff_route(STAFF_CONNECTIONS),
)
def release(connection_id: str, ctx: LicenseeCtx) -> ConnectionOut:
    """The licensed user's device stops using the service; its slot is free at once."""
    license = licensees.licensee_license(ctx.session, ctx.me.id)
    lease = licensees.release(
        ctx.session, license=license, lease_id=connection_id, now=ctx.now, actor=ctx.actor
    )
    return ConnectionOut.of(
        lease, now=ctx.now, ttl_seconds=ctx.container.settings.connection_ttl_seconds
    )
