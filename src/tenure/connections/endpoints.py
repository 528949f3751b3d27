"""Connections API (DEV-4, APP-4, VL-13): a device connects, sends heartbeats and releases;
the owner lists the live connections and can end one."""

from __future__ import annotations

from fastapi import Depends, Query, Request, Response

from tenure.api.context import SESSION, Ctx, OwnerCtx, credentials
from tenure.api.pages import Paging, page
from tenure.api.routing import router
from tenure.connections import repository, service, units
from tenure.connections.schemas import ConnectionOut, ConnectionPage, LiveConnectionOut
from tenure.connections.units import DeviceCall
from tenure.entitlements.service import connection_limit_for, send_connection_terms
from tenure.kit.direct import pipeline
from tenure.kit.errors import NotFound
from tenure.kit.pages import window_of

api = router("/v1/connections", tags=["connections"])

# Documents the device token in OpenAPI; the token is checked inside the unit of work.
device_ctx_doc = credentials(SESSION, "device_token")

# The device's own endpoints (connect, heartbeat, release) are the hot path: each is one unit
# of work run by tenure.connections.units (Core statements on a plain connection; group commit
# on SQLite).


def _connect(call: DeviceCall) -> tuple[ConnectionOut, bool]:
    """Everything admission reads is sent at once — on PostgreSQL one round trip (see
    ``kit.direct.pipeline``): the device, the account's entitlement, the account's lock and
    the count of its live leases, which the server runs after the lock is granted. The
    answers are then checked in that order, after the pipeline (reading a catalog version
    this process has not seen yet runs SQLAlchemy statements, which need the plain mode)."""
    conn, account_id = call.conn, call.account_id
    with pipeline(conn):
        device_read = repository.send_device_facts(conn, call.device_id)
        if account_id is not None:  # the device token's account: the device's
            terms_read = send_connection_terms(conn, account_id)
            lock_read = repository.send_lock_account(conn, account_id)
            count_read = repository.send_live_count_and_own(
                conn, holder_type="account", holder_id=account_id, device_id=call.device_id,
                now=call.now,
            )  # fmt: skip
    device = repository.device_facts_of(call.device_id, device_read)
    if device is None or device.unlinked_at is not None:
        raise NotFound("device_not_found", "No device with this id exists.")
    holder = service.Holder.account(device.account_id)
    if account_id is None or device.account_id != account_id:  # read again, one by one
        lease, created = service.admit(
            conn, holder=holder, device_id=device.id, is_vm=device.is_vm,
            limit=call.limit(device.account_id), ttl=call.ttl, now=call.now, actor=call.actor,
        )  # fmt: skip
        return call.out(lease), created
    limit = call.limit_from(terms_read)
    service.locked(repository.lock_taken(conn, account_id, lock_read))
    lease, created = service.admit_counted(
        conn,
        holder=holder,
        device_id=device.id,
        is_vm=device.is_vm,
        limit=limit,
        counted=repository.count_and_own_of(count_read),
        ttl=call.ttl,
        now=call.now,
        actor=call.actor,
    )
    return call.out(lease), created


@api.post("", status_code=201, dependencies=[Depends(device_ctx_doc)])
async def connect(request: Request, response: Response) -> ConnectionOut:
    """The device starts using the service (device token). Beyond the account's limit of
    simultaneous connections (8 on the web, 5 from the App Store; VMs count like any device)
    it is refused with ``409 connection_limit_reached`` and the live connections, so the app
    can offer to end one. A device already connected keeps its connection (200)."""
    out, created = await units.run(request, _connect)
    if not created:
        response.status_code = 200
    return out


@api.post("/{connection_id}/heartbeat", dependencies=[Depends(device_ctx_doc)])
async def heartbeat(connection_id: str, request: Request) -> ConnectionOut:
    """Keep the connection for another TTL. ``409 connection_ended`` when it lapsed or was
    ended: connect again."""

    def work(call: DeviceCall) -> ConnectionOut:
        quick = service.quick_heartbeat(
            call.conn, lease_id=connection_id, device_id=call.device_id, ttl=call.ttl, now=call.now
        )
        if quick is not None:
            return call.out(quick)
        lease = service.device_lease_row(
            call.conn, lease_id=connection_id, device_id=call.device_id
        )
        limit = call.limit(lease.account_id)
        renewed = service.renew_checked(
            call.conn, lease=lease, limit=limit, ttl=call.ttl, now=call.now
        )
        return call.out(renewed)

    return await units.run(request, work)


@api.post("/{connection_id}/release", dependencies=[Depends(device_ctx_doc)])
async def release(connection_id: str, request: Request) -> ConnectionOut:
    """The device stops using the service; its slot is free at once."""

    def work(call: DeviceCall) -> ConnectionOut:
        lease = service.release(
            call.conn, lease_id=connection_id, device_id=call.device_id, now=call.now,
            actor=call.actor,
        )  # fmt: skip
        return call.out(lease)

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
    ctx.me.ensure_can_access(lease.account_id)
    service.end(ctx.session, lease=lease, now=ctx.now, actor=ctx.actor, reason="ended_by_owner")
    return _out(ctx, lease)
