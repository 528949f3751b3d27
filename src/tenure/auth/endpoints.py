"""Customer sign-in (X-8): password, one-time magic link, and sign-out."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from fastapi import Request, Response

from tenure.accounts import service
from tenure.accounts.schemas import (
    LoginIn,
    MagicLinkAccepted,
    MagicLinkIn,
    MagicLinkRedeemIn,
    SessionOut,
)
from tenure.api.context import AnyCtx, Ctx, PublicCtx
from tenure.api.openapi import SIGN_IN
from tenure.api.routing import NO_REPLAY, router
from tenure.auth import throttle

if TYPE_CHECKING:
    from tenure.accounts.models import Account


api = router("/v1/auth", tags=["auth"])


def _session_for(ctx: Ctx, account: Account, method: str) -> SessionOut:
    ttl = timedelta(hours=ctx.container.settings.session_ttl_hours)
    token, secret = service.start_session(
        ctx.session, account=account, method=method, now=ctx.now, ttl=ttl
    )
    return SessionOut(token=secret, expires_at=token.expires_at, account_id=account.id)


@api.post("/login", openapi_extra=NO_REPLAY, responses=SIGN_IN)
def login(body: LoginIn, ctx: PublicCtx, request: Request) -> SessionOut:
    """Sign in with email and password. A wrong email and a wrong password get the same
    ``invalid_credentials`` answer. After too many failures for one email, or from one
    client, within the window: ``429 rate_limited`` with ``Retry-After``."""
    with throttle.guarded(
        ctx.session, db=ctx.container.db, settings=ctx.container.settings, name=body.email,
        client=throttle.client_of(request), now=ctx.now,
    ):  # fmt: skip
        account = service.authenticate_password(
            ctx.session, email=body.email, password=body.password
        )
    return _session_for(ctx, account, "password")


@api.post("/magic-links", status_code=202)
def request_magic_link(body: MagicLinkIn, ctx: PublicCtx) -> MagicLinkAccepted:
    """Email a one-time sign-in link. The answer is the same whether or not the email has
    an account."""
    settings = ctx.container.settings
    service.normalize_email(body.email)  # a malformed address is a clear 422
    service.request_magic_link(
        ctx.session,
        email=body.email,
        sign_in_page=settings.sign_in_page,
        ttl_minutes=settings.magic_link_ttl_minutes,
        now=ctx.now,
    )
    return MagicLinkAccepted(expires_minutes=settings.magic_link_ttl_minutes)


@api.post("/magic-links/redeem", openapi_extra=NO_REPLAY, responses=SIGN_IN)
def redeem_magic_link(body: MagicLinkRedeemIn, ctx: PublicCtx) -> SessionOut:
    """Exchange a magic link's token for a session. Each link works once, until it expires."""
    account = service.redeem_magic_link(ctx.session, token=body.token, now=ctx.now)
    return _session_for(ctx, account, "magic_link")


@api.post("/logout", status_code=204)
def logout(ctx: AnyCtx, request: Request) -> Response:
    """End the session whose token is presented; it stops working at once."""
    _scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    service.end_session(ctx.session, principal=ctx.me, secret=secret.strip(), now=ctx.now)
    return Response(status_code=204)
