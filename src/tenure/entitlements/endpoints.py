"""Entitlement API: what an account (or one of its devices, or a licensed user) may use
right now, polled cheaply with ETags or pushed as server-sent events (APP-2, APP-3, APP-10).

Apps say who they are with three headers; the entitlement is then the one *this* app may
use (APP-2), and a client too old for every live subscription gets ``422
client_version_too_old`` with the plan's minimums:

* ``X-App-Platform``: ``ios``, ``android``, ``windows``, ``macos``, ``linux``, ``router`` or
  ``browser``;
* ``X-App-Version``: the app's version (``7.3.10``);
* ``X-OS-Version``: the operating system's version (``17.4``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from tenure.accounts.service import find_account, get_account
from tenure.api.context import (
    STAFF_OR_SESSION,
    AnyCtx,
    OwnerCtx,
    container_of,
    credentials,
    refuse_staff_on_me,
    staff_route,
)
from tenure.api.routing import router
from tenure.auth.service import authenticate
from tenure.container import Container
from tenure.devices.service import find_linked
from tenure.domain import entitlement as rules
from tenure.domain import storefront
from tenure.entitlements import service, stream
from tenure.entitlements.schemas import (
    AppVersion,
    EntitlementOut,
    IfNoneMatch,
    OsVersion,
    Platform,
    StorefrontHeader,
)
from tenure.entitlements.service import Subject
from tenure.kit.i18n import negotiate
from tenure.signing import service as signing

if TYPE_CHECKING:
    from tenure.auth.service import Principal

api = router("/v1", tags=["entitlements"])

PRODUCT = Query(default=None, max_length=64, description="Only this product's subscriptions.")
CACHE_CONTROL = "private, no-cache"
STAFF_ENTITLEMENT = "GET /v1/accounts/{account_id}/entitlement"
VARY = (
    "Authorization, Accept-Language, X-App-Platform, X-App-Version, X-OS-Version, "
    "X-App-Store-Storefront"
)
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The entitlement, with a strong ETag.", "model": EntitlementOut},
    304: {"description": "Not modified: the ETag sent in If-None-Match is still current."},
    422: {
        "description": "client_version_too_old: the app or OS is older than the plan allows; "
        "invalid_storefront: X-App-Store-Storefront names no country."
    },
}
TOKEN_HEADER = "X-Entitlement-Token"  # noqa: S105 - a header's name
_TOKEN_HEADER_DOC = {
    TOKEN_HEADER: {
        "description": "With `include=token` (X-9): the signed offline entitlement token, "
        "the same JWS `GET /v1/me/entitlement/token` returns; also on a 304.",
        "schema": {"type": "string"},
    }
}
MY_RESPONSES = {
    **RESPONSES,
    200: {**RESPONSES[200], "headers": _TOKEN_HEADER_DOC},
    304: {**RESPONSES[304], "headers": _TOKEN_HEADER_DOC},
}
INCLUDE = Query(
    default=None,
    description="`token`: also send the signed offline entitlement token (X-9) in the "
    "`X-Entitlement-Token` header, on a 200 and on a 304 alike (the body and its ETag do "
    "not change).",
)


def entitlement_value(
    session: Session,
    subject: Subject,
    *,
    now: datetime,
    product: str | None,
    client: rules.Client | None,
) -> rules.Entitlement:
    """The entitlement of ``subject``, or ``422 client_version_too_old``."""
    return service.ensure_client_can_use(
        service.entitlement_of(session, subject, now=now, product=product, client=client)
    )


def present(
    session: Session,
    subject: Subject,
    value: rules.Entitlement,
    *,
    locale: str,
    product: str | None,
    who: Asking,
    manage_page: str,
) -> stream.Snapshot:
    """An entitlement as the caller reads it (with the App Store's offers in the asking
    storefront, APP-11), as canonical JSON with its ETag."""
    country = store_country(session, who)
    offers = (
        service.store_offers_in(session, country, product=product) if country is not None else None
    )
    out = EntitlementOut.of(
        subject.account_id,
        value,
        locale=locale,
        license_id=subject.license_id,
        manage_page=manage_page,
        offers=offers,
    )
    body = service.canonical_json(out.model_dump(mode="json"))
    return stream.Snapshot(body=body, etag=service.etag_of(body))


@dataclass(frozen=True, slots=True)
class Asking:
    """Who asks, from where: the app (APP-2), its App Store storefront's country (APP-11),
    and the device it runs on, if a linked device asks."""

    client: rules.Client | None = None
    storefront: str | None = None
    device_id: str | None = None


def asking(
    principal: Principal | None,
    platform: str | None,
    app_version: str | None,
    os_version: str | None,
    storefront_header: str | None,
) -> Asking:
    return Asking(
        client=service.client_from(platform, app_version, os_version),
        storefront=service.storefront_country(storefront_header),
        device_id=principal.id if principal is not None and principal.kind == "device" else None,
    )


def store_country(session: Session, who: Asking) -> storefront.Country | None:
    """APP-11: the storefront's country when the app sent it; else, as a fallback, the region
    of the linked Apple device asking (an App Store platform)."""
    region: str | None = None
    if who.storefront is None and who.device_id is not None:
        device = find_linked(session, who.device_id)
        if device is not None and device.platform in APP_STORE_PLATFORMS:
            region = device.region
    return storefront.choose_country(who.storefront, region)


APP_STORE_PLATFORMS = frozenset({"ios", "macos"})


def render(
    session: Session,
    subject: Subject,
    *,
    now: datetime,
    locale: str,
    product: str | None,
    who: Asking,
    manage_page: str,
) -> stream.Snapshot:
    """The entitlement of ``subject`` as canonical JSON with its ETag. Everything in it is
    state or an absolute instant, never a duration from ``now``, so the ETag stays the same
    while nothing changes (APP-10)."""
    value = entitlement_value(session, subject, now=now, product=product, client=who.client)
    return present(
        session, subject, value, locale=locale, product=product, who=who, manage_page=manage_page
    )


def render_watched(
    session: Session,
    subject: Subject,
    *,
    now: datetime,
    locale: str,
    product: str | None,
    who: Asking,
    manage_page: str,
) -> stream.Snapshot:
    """:func:`render`, with the accounts whose events the stream must watch."""
    snapshot = render(
        session,
        subject,
        now=now,
        locale=locale,
        product=product,
        who=who,
        manage_page=manage_page,
    )
    watch = service.watched_accounts(session, subject)
    return stream.Snapshot(body=snapshot.body, etag=snapshot.etag, watch=watch)


def respond(
    snapshot: stream.Snapshot, if_none_match: str | None, *, token: str | None = None
) -> Response:
    """200 with the body, or 304 when the client already has it (APP-10). A ``token`` (X-9)
    goes in the ``X-Entitlement-Token`` header of both: it changes with every issue, so it
    is never part of the body or the ETag."""
    headers = {"ETag": snapshot.etag, "Cache-Control": CACHE_CONTROL, "Vary": VARY}
    if token is not None:
        headers[TOKEN_HEADER] = token
    if service.etag_matches(if_none_match, snapshot.etag):
        return Response(status_code=304, headers=headers)
    return Response(content=snapshot.body, media_type="application/json", headers=headers)


@api.get(
    "/me/entitlement",
    response_model=EntitlementOut,
    responses=MY_RESPONSES,
    openapi_extra=staff_route(STAFF_ENTITLEMENT),
)
def my_entitlement(
    ctx: AnyCtx,
    platform: Platform = None,
    app_version: AppVersion = None,
    os_version: OsVersion = None,
    store_front: StorefrontHeader = None,
    if_none_match: IfNoneMatch = None,
    product: str | None = PRODUCT,
    include: Literal["token"] | None = INCLUDE,
) -> Response:
    """What the signed-in account, device or licensed user may use now (APP-3).

    A device reads its owner's entitlement, a licensed user the license's. Every live
    subscription of every channel is in the one answer, with its next charge, the last
    moment to cancel before it and where to manage it; the others say why they do not count
    (APP-12). With ``X-App-Store-Storefront`` it says whether each product and its trial are
    offered in that App Store (APP-11). Poll it with ``If-None-Match``: ``304`` while nothing
    changed (APP-10). With ``include=token`` the signed offline token (X-9) comes in the
    ``X-Entitlement-Token`` header, on the 304 too.
    """
    subject = service.subject_of(ctx.me)
    who = asking(ctx.me, platform, app_version, os_version, store_front)
    value = entitlement_value(ctx.session, subject, now=ctx.now, product=product, client=who.client)
    snapshot = present(
        ctx.session,
        subject,
        value,
        locale=ctx.locale,
        product=product,
        who=who,
        manage_page=ctx.container.settings.manage_subscriptions_page,
    )
    token = (
        issue_token(ctx.container, ctx.session, subject, value, now=ctx.now).token
        if include == "token"
        else None
    )
    return respond(snapshot, if_none_match, token=token)


@api.get(
    "/accounts/{account_id}/entitlement",
    response_model=EntitlementOut,
    responses=RESPONSES,
)
def account_entitlement(
    account_id: str,
    ctx: OwnerCtx,
    platform: Platform = None,
    app_version: AppVersion = None,
    os_version: OsVersion = None,
    store_front: StorefrontHeader = None,
    if_none_match: IfNoneMatch = None,
    product: str | None = PRODUCT,
) -> Response:
    """Staff (or the account itself) read an account's entitlement."""
    ctx.ensure_can_access(account_id)
    get_account(ctx.session, account_id)  # 404 for an unknown account
    snapshot = render(
        ctx.session,
        Subject(account_id),
        now=ctx.now,
        locale=ctx.locale,
        product=product,
        who=asking(None, platform, app_version, os_version, store_front),
        manage_page=ctx.container.settings.manage_subscriptions_page,
    )
    return respond(snapshot, if_none_match)


# ---------------------------------------------------------------------------


class EntitlementTokenOut(BaseModel):
    token: str = Field(
        description="A compact JWS (EdDSA, Ed25519) of the entitlement's claims; verify it "
        "with the key named by its kid at /.well-known/jwks.json."
    )
    kid: str
    expires_at: datetime


@api.get("/me/entitlement/token", openapi_extra=staff_route(STAFF_ENTITLEMENT))
def my_entitlement_token(
    ctx: AnyCtx,
    platform: Platform = None,
    app_version: AppVersion = None,
    os_version: OsVersion = None,
    product: str | None = PRODUCT,
) -> EntitlementTokenOut:
    """X-9: the entitlement as a signed, short-lived token, for an app to verify offline
    (so it never shows a false "expired" without the network). Valid for
    ``TENURE_ENTITLEMENT_TOKEN_TTL_HOURS`` (72 by default); fetch a new one while online."""
    subject = service.subject_of(ctx.me)
    client = service.client_from(platform, app_version, os_version)
    value = entitlement_value(ctx.session, subject, now=ctx.now, product=product, client=client)
    return issue_token(ctx.container, ctx.session, subject, value, now=ctx.now)


def issue_token(
    container: Container,
    session: Session,
    subject: Subject,
    value: rules.Entitlement,
    *,
    now: datetime,
) -> EntitlementTokenOut:
    """The signed offline token of an entitlement (X-9), valid for
    ``entitlement_token_ttl_hours`` from ``now``."""
    settings = container.settings
    ttl = timedelta(hours=settings.entitlement_token_ttl_hours)
    key = signing.active(session)
    if key is None:  # the first token: make the first key, in a transaction of its own
        with container.db.transaction() as writer:
            made = signing.current(writer, secret_key=settings.secret_key, ttl=ttl, now=now)
            key = signing.find(writer, made.kid)
        assert key is not None
    claims = service.token_claims(
        value,
        subject,
        now=now,
        ttl=ttl,
        issuer=settings.base_url,
        manage_page=settings.manage_subscriptions_page,
    )
    token = signing.sign(key, claims, secret_key=settings.secret_key)
    return EntitlementTokenOut(token=token, kid=key.kid, expires_at=now + ttl)


def token_refresh_seconds(container: Container, app: FastAPI) -> float:
    """How often a stream sends a fresh token when nothing changes: when half of the
    token's lifetime has passed (tests may set ``StreamSettings.token_refresh``)."""
    given = stream.stream_settings(app).token_refresh
    return given if given is not None else container.settings.entitlement_token_ttl_hours * 1800.0


# --------------------------------------------------------------------------- the stream


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _read(
    container: Container,
    *,
    request: Request,
    bearer: str | None,
    accept_language: str | None,
    product: str | None,
    who: Asking,
) -> tuple[Subject, str, stream.Snapshot]:
    """Authenticate and read the entitlement in one short read-only transaction."""
    now = container.clock.now()
    with container.db.transaction(write=False) as session:
        principal = authenticate(session, bearer=bearer, now=now)
        refuse_staff_on_me(request, principal)
        subject = service.subject_of(principal)
        account = find_account(session, subject.account_id)
        locale = negotiate(accept_language, account.locale if account else None)
        device_id = principal.id if principal.kind == "device" else None
        snapshot = render_watched(
            session,
            subject,
            now=now,
            locale=locale,
            product=product,
            who=replace(who, device_id=device_id),
            manage_page=container.settings.manage_subscriptions_page,
        )
    return subject, locale, snapshot


def _read_token(
    container: Container,
    *,
    request: Request,
    bearer: str | None,
    product: str | None,
    client: rules.Client | None,
) -> bytes:
    """Authenticate again and sign the entitlement's token (X-9), as the ``token`` event's
    JSON: ``{"token", "kid", "expires_at"}``."""
    now = container.clock.now()
    with container.db.transaction(write=False) as session:
        principal = authenticate(session, bearer=bearer, now=now)
        refuse_staff_on_me(request, principal)
        subject = service.subject_of(principal)
        value = entitlement_value(session, subject, now=now, product=product, client=client)
        issued = issue_token(container, session, subject, value, now=now)
    return service.canonical_json(issued.model_dump(mode="json"))


async def entitlement_stream(
    request: Request,
    platform: Platform = None,
    app_version: AppVersion = None,
    os_version: OsVersion = None,
    store_front: StorefrontHeader = None,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=200)] = None,
    product: str | None = PRODUCT,
) -> StreamingResponse:
    """Server-sent events with the entitlement, at once and on every change (APP-10).

    For an account, a device or a licensed user (``text/event-stream``): an ``entitlement``
    event at once and again within seconds of any change, made on any API process. Each is
    followed by a ``token`` event (X-9): ``{"token", "kid", "expires_at"}``, the signed
    offline token ``GET /v1/me/entitlement/token`` returns, sent again when half of its
    lifetime has passed even when nothing changed.
    """
    # An async endpoint on a plain APIRoute: a stream must not hold the per-request
    # transaction of TenureRoute, nor a worker thread, while it waits.
    container = container_of(request)
    who = asking(None, platform, app_version, os_version, store_front)
    bearer = _bearer(request)
    accept_language = request.headers.get("accept-language")

    def read() -> tuple[Subject, str, stream.Snapshot]:
        return _read(
            container,
            request=request,
            bearer=bearer,
            accept_language=accept_language,
            product=product,
            who=who,
        )

    subject, locale, first = await run_in_threadpool(read)
    request.state.locale = locale

    async def take() -> stream.Snapshot:
        _subject, _locale, snapshot = await run_in_threadpool(read)
        return snapshot

    def read_token() -> bytes:
        return _read_token(
            container, request=request, bearer=bearer, product=product, client=who.client
        )

    async def take_token() -> bytes:
        return await run_in_threadpool(read_token)

    settings = stream.stream_settings(request.app)
    body = stream.entitlement_events(
        request,
        watcher=stream.watcher_for(request.app, container.db),
        account_id=subject.account_id,
        first=first,
        take=take,
        resume_from=last_event_id,
        locale=locale,
        settings=settings,
        take_token=take_token,
        token_refresh=token_refresh_seconds(container, request.app),
    )
    return StreamingResponse(body, media_type="text/event-stream", headers=stream.sse_headers())


api.add_api_route(
    "/me/entitlement/stream",
    entitlement_stream,
    methods=["GET"],
    route_class_override=APIRoute,
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
    openapi_extra=staff_route(STAFF_ENTITLEMENT),
    # The stream authenticates the caller itself (in a short transaction of its own).
    dependencies=[Depends(credentials(STAFF_OR_SESSION, "stream_token"))],
)
