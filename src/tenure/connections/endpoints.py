"""Connections API (DEV-4, APP-4, VL-13): a device connects, sends heartbeats and releases;
the owner lists the live connections and can end one."""

from __future__ import annotations

from fastapi import Depends, Query, Request, Response

from tenure.api.context import SESSION, Ctx, OwnerCtx, credentials
from tenure.api.observability import refused_admission
from tenure.api.pages import Paging, page
from tenure.api.routing import AnswerAfterCommit, router
from tenure.connections import connect as device_requests
from tenure.connections import service, units
from tenure.connections.connect import DeviceCall
from tenure.connections.schemas import ConnectionOut, ConnectionPage, LiveConnectionOut
from tenure.entitlements.service import connection_limit_for
from tenure.kit.errors import TenureError
from tenure.kit.pages import window_of

api = router("/v1/connections", tags=["connections"])

# Documents the device token in OpenAPI; the token is checked inside the unit of work.
device_ctx_doc = credentials(SESSION, "device_token")

# The device's own endpoints (connect, heartbeat, release) are the hot path: each is one unit
# of work (tenure.connections.connect) run by tenure.connections.units (Core statements on a
# plain connection; group commit on SQLite).


def _device_out(call: DeviceCall, lease: service.LeaseLike) -> ConnectionOut:
    return ConnectionOut.of(lease, now=call.now, ttl_seconds=call.ttl_seconds)


@api.post("", status_code=201, dependencies=[Depends(device_ctx_doc)])
async def connect(request: Request, response: Response) -> ConnectionOut:
    """The device starts using the service (device token). Beyond the account's limit of
    simultaneous connections (8 on the web, 5 from the App Store; VMs count like any device)
    it is refused with ``409 connection_limit_reached`` and the live connections, so the app
    can offer to end one. A device already connected keeps its connection (200)."""

    def work(call: DeviceCall) -> tuple[ConnectionOut, bool]:
        lease, created = device_requests.connect(call)
        return _device_out(call, lease), created

    try:
        out, created = await units.run(request, work)
    except (TenureError, AnswerAfterCommit) as exc:  # refused: counted by reason
        error = exc.error if isinstance(exc, AnswerAfterCommit) else exc
        refused_admission(getattr(request.app.state, "metrics", None), error.code)
        raise
    if not created:
        response.status_code = 200
    return out


@api.post("/{connection_id}/heartbeat", dependencies=[Depends(device_ctx_doc)])
async def heartbeat(connection_id: str, request: Request) -> ConnectionOut:
    """Keep the connection for another TTL. ``409 connection_ended`` when it lapsed or was
    ended: connect again."""

    def work(call: DeviceCall) -> ConnectionOut:
        return _device_out(call, device_requests.heartbeat(call, lease_id=connection_id))

    return await units.run(request, work)


@api.post("/{connection_id}/release", dependencies=[Depends(device_ctx_doc)])
async def release(connection_id: str, request: Request) -> ConnectionOut:
    """The device stops using the service; its slot is free at once."""

    def work(call: DeviceCall) -> ConnectionOut:
        return _device_out(call, device_requests.release(call, lease_id=connection_id))

    return await units.run(request, work)


def _out(ctx: Ctx, lease: service.LeaseLike) -> ConnectionOut:
    return ConnectionOut.of(
        lease, now=ctx.now, ttl_seconds=ctx.container.settings.connection_ttl_seconds
    )


@api.get("")
def list_connections(
    ctx: OwnerCtx, window: Paging, account_id: str | None = Query(default=None)
) -> ConnectionPage:
    """The account's live connections, oldest first, and its limit."""
    scope = ctx.account_scope(account_id)
    entitled, limit = connection_limit_for(ctx.session, account_id=scope, now=ctx.now)
    live = service.live_of_account(ctx.session, account_id=scope, now=ctx.now)
    rows = window_of(live, lambda pair: (pair[0].started_at, pair[0].id), window)
    shown = page(
        rows,
        window,
        key=lambda pair: (pair[0].started_at, pair[0].id),
        out=lambda pair: LiveConnectionOut(**service.connection_view(*pair)),
    )
    return ConnectionPage(**dict(shown), connection_limit=limit if entitled else 0, live=len(live))


@api.post("/{connection_id}/end")
def end_connection(connection_id: str, ctx: OwnerCtx) -> ConnectionOut:
    """The owner (or staff) ends one of the account's connections, e.g. to make room."""
    lease = service.get_lease(ctx.session, connection_id)
    ctx.ensure_can_access(lease.account_id)
    service.end(ctx.session, lease=lease, now=ctx.now, actor=ctx.actor, reason="ended_by_owner")
    return _out(ctx, lease)
