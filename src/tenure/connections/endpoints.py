"""Connections API (DEV-4, APP-4, VL-13): a device connects, sends heartbeats and releases;
the owner lists the live connections and can end one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta
from typing import TypeVar

from fastapi import Depends, Query, Request, Response
from fastapi.security import HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from tenure.accounts.models import Account
from tenure.api.context import Ctx, OwnerCtx, container_of
from tenure.api.routing import router
from tenure.auth.service import authenticate
from tenure.connections import service
from tenure.connections.models import ConnectionLease
from tenure.connections.schemas import ConnectionOut, ConnectionsOut, LiveConnectionOut
from tenure.container import Container
from tenure.devices.service import linked_device
from tenure.entitlements.service import connection_limit_for
from tenure.kit.errors import Forbidden
from tenure.kit.i18n import negotiate, normalize_locale

api = router("/v1/connections", tags=["connections"])

# Documents the device token in OpenAPI; the token is checked inside the unit of work.
device_ctx_doc = HTTPBearer(auto_error=False, description="A device token.")


def _ttl(ctx: Ctx) -> timedelta:
    return timedelta(seconds=ctx.container.settings.connection_ttl_seconds)


def _limit(ctx: Ctx, account_id: str) -> int | None:
    entitled, limit = connection_limit_for(ctx.session, account_id=account_id, now=ctx.now)
    if not entitled:
        raise service.not_entitled()
    return limit


def _out(ctx: Ctx, lease: ConnectionLease) -> ConnectionOut:
    return ConnectionOut.of(
        lease, now=ctx.now, ttl_seconds=ctx.container.settings.connection_ttl_seconds
    )


# The device's own endpoints are the hot, contended path (every app connects and beats):
# each runs its whole unit of work — authentication, the holder's lock, count, insert and
# COMMIT — in ONE worker thread, so the lock is never held while waiting for another thread.
# (A lock held across the endpoint/commit thread hops can starve the thread pool when many
# connects of one account wait on the same row lock.) On SQLite, connection writes of this
# process also queue on an in-process gate instead of SQLite's busy handler, which sleeps up
# to 100 ms between tries. A request with an Idempotency-Key keeps the usual path (commit
# after the response is stored); connect, heartbeat and release are idempotent anyway.

_SQLITE_GATE = threading.Lock()
T = TypeVar("T")


def _device_ctx(request: Request, container: Container, session: Session) -> Ctx:
    """Authenticate the device token. The caller's language comes from Accept-Language; the
    account's own language is looked up only if an error is to be shown (see below)."""
    now = container.clock.now()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    bearer = value.strip() if scheme.lower() == "bearer" and value.strip() else None
    principal = authenticate(session, bearer=bearer, now=now)
    if principal.kind != "device":
        raise Forbidden("device_only", "Only a linked device may do this.")
    locale = negotiate(request.headers.get("accept-language"))
    request.state.locale = locale
    return Ctx(session=session, container=container, principal=principal, locale=locale, now=now)


def _error_locale(request: Request, session: Session, ctx: Ctx | None) -> None:
    """An error is shown in the account's language unless Accept-Language names one."""
    header = request.headers.get("accept-language") or ""
    if ctx is None or ctx.me.account_id is None:
        return
    if any(normalize_locale(part.split(";")[0]) for part in header.split(",")):
        return
    account = session.get(Account, ctx.me.account_id)
    if account is not None:
        request.state.locale = negotiate(None, account.locale)
    session.rollback()


def _unit_of_work(request: Request, work: Callable[[Ctx], T]) -> T:
    container = container_of(request)
    session: Session = request.state.session
    early_commit = "idempotency-key" not in request.headers
    gate = _SQLITE_GATE if container.db.is_sqlite else nullcontext()
    with gate:
        ctx: Ctx | None = None
        try:
            ctx = _device_ctx(request, container, session)
            result = work(ctx)
            if early_commit:
                session.commit()
        except BaseException:
            session.rollback()
            _error_locale(request, session, ctx)
            raise
    return result


def _connect(ctx: Ctx) -> tuple[ConnectionOut, bool]:
    device = linked_device(ctx.session, ctx.me.id)
    limit = _limit(ctx, device.account_id)
    lease, created = service.connect(
        ctx.session,
        holder=service.Holder.account(device.account_id),
        device=device,
        limit=limit,
        ttl=_ttl(ctx),
        now=ctx.now,
        actor=ctx.actor,
    )
    return _out(ctx, lease), created


@api.post("", status_code=201, dependencies=[Depends(device_ctx_doc)])
async def connect(request: Request, response: Response) -> ConnectionOut:
    """The device starts using the service (device token). Beyond the account's limit of
    simultaneous connections (8 on the web, 5 from the App Store; VMs count like any device)
    it is refused with ``409 connection_limit_reached`` and the live connections, so the app
    can offer to end one. A device already connected keeps its connection (200)."""
    out, created = await run_in_threadpool(_unit_of_work, request, _connect)
    if not created:
        response.status_code = 200
    return out


@api.post("/{connection_id}/heartbeat", dependencies=[Depends(device_ctx_doc)])
async def heartbeat(connection_id: str, request: Request) -> ConnectionOut:
    """Keep the connection for another TTL. ``409 connection_ended`` when it lapsed or was
    ended: connect again."""

    def work(ctx: Ctx) -> ConnectionOut:
        quick = service.quick_heartbeat(
            ctx.session, lease_id=connection_id, device_id=ctx.me.id, ttl=_ttl(ctx), now=ctx.now
        )
        if quick is not None:
            return _out(ctx, quick)
        lease = service.device_lease(ctx.session, lease_id=connection_id, device_id=ctx.me.id)
        limit = _limit(ctx, lease.account_id)
        service.heartbeat(ctx.session, lease=lease, limit=limit, ttl=_ttl(ctx), now=ctx.now)
        return _out(ctx, lease)

    return await run_in_threadpool(_unit_of_work, request, work)


@api.post("/{connection_id}/release", dependencies=[Depends(device_ctx_doc)])
async def release(connection_id: str, request: Request) -> ConnectionOut:
    """The device stops using the service; its slot is free at once."""

    def work(ctx: Ctx) -> ConnectionOut:
        lease = service.device_lease(ctx.session, lease_id=connection_id, device_id=ctx.me.id)
        service.end(ctx.session, lease=lease, now=ctx.now, actor=ctx.actor, reason="released")
        return _out(ctx, lease)

    return await run_in_threadpool(_unit_of_work, request, work)


@api.get("")
def list_connections(ctx: OwnerCtx, account_id: str | None = Query(default=None)) -> ConnectionsOut:
    """The account's live connections and its limit."""
    scope = ctx.account_scope(account_id)
    entitled, limit = connection_limit_for(ctx.session, account_id=scope, now=ctx.now)
    live = service.live_of_account(ctx.session, account_id=scope, now=ctx.now)
    return ConnectionsOut(
        limit=limit if entitled else 0,
        live=len(live),
        connections=[
            LiveConnectionOut(**service.connection_view(lease, device)) for lease, device in live
        ],
    )


@api.post("/{connection_id}/end")
def end_connection(connection_id: str, ctx: OwnerCtx) -> ConnectionOut:
    """The owner (or staff) ends one of the account's connections, e.g. to make room."""
    lease = service.get_lease(ctx.session, connection_id)
    ctx.me.ensure_can_access(lease.account_id)
    service.end(ctx.session, lease=lease, now=ctx.now, actor=ctx.actor, reason="ended_by_owner")
    return _out(ctx, lease)
