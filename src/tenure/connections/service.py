"""Simultaneous connections as leases (DEV-4, VL-13, APP-4).

A device that starts using the service *connects*: it gets a lease that lives ``ttl``
(``connection_ttl_seconds``, 120 s by default) and renews it with heartbeats. A lease that is
not renewed stops counting by itself when its ``expires_at`` passes — the count is always
taken against the clock, so no sweeper is needed for the limit to be right. Releasing a lease
ends it at once; the owner can end any of the account's connections.

Holders: the limit belongs to a *holder* — ``account`` (its own subscriptions; the limit is
the highest ``connection_limit`` among them: 8 on the web, 5 from the App Store) or, with
volume licensing, ``license`` (each licensed user: 8, VL-13). A holder type registers how its
row is locked (:func:`register_holder_lock`).

Race-proof admission: every change that can add a live lease takes the holder's lock first —
``SELECT … FOR UPDATE`` of the account row on PostgreSQL, the single write lock of
``BEGIN IMMEDIATE`` on SQLite — then counts live leases and inserts. Two connects of one
holder therefore never both see a free slot, on either database and across processes.
A heartbeat near a lease's expiry takes the same lock and re-counts, so a lease whose slot
was given away after it lapsed cannot come back above the limit; a heartbeat well before
expiry (the usual case) extends the lease in one statement without the lock, since no
concurrent connect can be counting that lease as lapsed. Heartbeats re-read the entitlement
at most every ``ENTITLEMENT_RECHECK`` (5 minutes): a subscription that ends (or a lower
limit) reaches its connections within that time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from tenure.connections import repository
from tenure.connections.models import ConnectionLease
from tenure.connections.repository import Lease
from tenure.events import service as events
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, Forbidden, NotFound
from tenure.kit.ids import new_id

if TYPE_CHECKING:
    from tenure.devices.models import Device
    from tenure.kit.actor import Actor

# A heartbeat re-reads the holder's entitlement (and limit) at most this often; a subscription
# that ends is noticed by its connections within this time.
ENTITLEMENT_RECHECK = timedelta(minutes=5)
# A lease with more life left than this is extended without the holder's lock (see
# quick_heartbeat); requests' clocks must not differ by more than this.
QUICK_MARGIN = timedelta(seconds=10)

HolderLock = Callable[[Session, str], bool]
# Locks of holders other than accounts (an account's is a Core statement, see _lock).
_HOLDER_LOCKS: dict[str, HolderLock] = {}


def register_holder_lock(holder_type: str, lock: HolderLock) -> None:
    """Let another kind of holder (a volume license, VL-13) take part in admission."""
    _HOLDER_LOCKS[holder_type] = lock


class LeaseLike(Protocol):
    """A lease as an ORM object (:class:`ConnectionLease`) or a row (:class:`Lease`)."""

    @property
    def id(self) -> str: ...
    @property
    def holder_type(self) -> str: ...
    @property
    def holder_id(self) -> str: ...
    @property
    def account_id(self) -> str: ...
    @property
    def device_id(self) -> str: ...
    @property
    def is_vm(self) -> bool: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def heartbeat_at(self) -> datetime: ...
    @property
    def expires_at(self) -> datetime: ...
    @property
    def connection_limit(self) -> int | None: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def end_reason(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Holder:
    """Whose limit a connection counts against."""

    type: str
    id: str
    account_id: str  # the paying owner (for listing and access checks)

    @classmethod
    def account(cls, account_id: str) -> Holder:
        return cls("account", account_id, account_id)

    @classmethod
    def of(cls, lease: LeaseLike) -> Holder:
        return cls(lease.holder_type, lease.holder_id, lease.account_id)


def connection_view(lease: ConnectionLease, device: Device) -> dict[str, Any]:
    """A live connection as shown to the owner and in ``connection_limit_reached``."""
    return {
        "id": lease.id,
        "device_id": device.id,
        "device_name": device.name,
        "platform": device.platform,
        "is_vm": lease.is_vm,
        "started_at": rfc3339(lease.started_at),
        "last_heartbeat_at": rfc3339(lease.heartbeat_at),
        "expires_at": rfc3339(lease.expires_at),
    }


class ConnectionLimitReached(Conflict):
    def __init__(self, *, limit: int, connections: list[dict[str, Any]]) -> None:
        super().__init__(
            "connection_limit_reached",
            "{limit} devices are already connected, the most your subscription allows at the "
            "same time. End one of these connections to connect this device.",
            limit=limit,
            connections=connections,
        )


def not_entitled() -> Forbidden:
    return Forbidden(
        "not_entitled", "No active subscription allows this device to connect right now."
    )


def connection_not_found() -> NotFound:
    return NotFound("connection_not_found", "No connection with this id exists.")


def _lock(conn: Connection, holder: Holder) -> None:
    if holder.type == "account":
        locked(repository.lock_account(conn, holder.id))
        return
    lock = _HOLDER_LOCKS.get(holder.type)
    if lock is None:  # pragma: no cover - a programming error
        raise ValueError(f"no lock registered for holder type {holder.type!r}")
    with Session(bind=conn) as session:  # joins the connection's transaction
        locked(lock(session, holder.id))


def locked(found: bool) -> None:
    """The answer of a holder's lock: ``holder_not_found`` when its row is gone."""
    if not found:
        raise NotFound("holder_not_found", "The account or license no longer exists.")


def _holder_label(lease: LeaseLike) -> str:
    return f"{lease.holder_type}:{lease.holder_id}"


def _record(
    session: Session, lease: ConnectionLease, type: str, *, at: datetime, actor: Actor, **data: Any
) -> None:
    events.record_about(
        session,
        "connection",
        lease,
        type,
        at=at,
        actor=actor,
        data={"device_id": lease.device_id, "holder": _holder_label(lease), **data},
    )


def is_live(lease: LeaseLike, now: datetime) -> bool:
    return lease.ended_at is None and lease.expires_at > now


# --------------------------------------------------------------------------- admission
#
# The functions below run on the hot path with Core statements on a Connection (see
# repository): they work on rows (:class:`Lease`), never load or flush ORM objects, and write
# their events with a Core INSERT in the same transaction. ``connect`` and ``heartbeat``
# further down are the same rules for callers that hold a session and ORM objects (volume
# licenses, tests).


def admit(
    conn: Connection,
    *,
    holder: Holder,
    device_id: str,
    is_vm: bool,
    limit: int | None,
    ttl: timedelta,
    now: datetime,
    actor: Actor,
) -> tuple[Lease, bool]:
    """Admit the device under ``holder``'s ``limit`` (``None``: no limit).

    Returns ``(lease, created)``: a device that is already connected keeps its lease (renewed)
    instead of taking a second slot. Beyond the limit raises ``connection_limit_reached`` with
    the live connections, so the app can offer to end one.
    """
    _lock(conn, holder)
    live, own = repository.live_count_and_own(
        conn, holder_type=holder.type, holder_id=holder.id, device_id=device_id, now=now
    )
    return admit_counted(
        conn,
        holder=holder,
        device_id=device_id,
        is_vm=is_vm,
        limit=limit,
        counted=(live, own),
        ttl=ttl,
        now=now,
        actor=actor,
    )


def admit_counted(
    conn: Connection,
    *,
    holder: Holder,
    device_id: str,
    is_vm: bool,
    limit: int | None,
    counted: tuple[int, str | None],
    ttl: timedelta,
    now: datetime,
    actor: Actor,
) -> tuple[Lease, bool]:
    """:func:`admit` once the holder is locked and ``counted`` — its live leases and the
    device's own live lease — was read after the lock."""
    live, own = counted
    if own is not None:
        return _renew(conn, own, holder=holder, limit=limit, ttl=ttl, now=now), False
    if limit is not None and live >= limit:
        raise ConnectionLimitReached(limit=limit, connections=_views(conn, holder, now))
    lease = Lease(
        id=new_id("con"),
        holder_type=holder.type,
        holder_id=holder.id,
        account_id=holder.account_id,
        device_id=device_id,
        is_vm=is_vm,
        started_at=now,
        heartbeat_at=now,
        expires_at=now + ttl,
        connection_limit=limit,
        checked_at=now,
        ended_at=None,
        end_reason=None,
    )
    repository.insert_started(
        conn,
        lease,
        actor=actor,
        data={
            "device_id": device_id,
            "holder": _holder_label(lease),
            "is_vm": is_vm,
            "limit": limit,
        },
    )
    return lease, True


def _renew(
    conn: Connection,
    lease_id: str,
    *,
    holder: Holder,
    limit: int | None,
    ttl: timedelta,
    now: datetime,
) -> Lease:
    """Extend a live lease under the holder's lock, re-checking the limit."""
    if limit is not None:
        others = repository.count_live_others(
            conn, holder_type=holder.type, holder_id=holder.id, now=now, excluding=lease_id
        )
        if others >= limit:
            # Its slot went to another device (it lapsed first), or the limit went down.
            raise ConnectionLimitReached(limit=limit, connections=_views(conn, holder, now))
    return repository.renew(conn, lease_id=lease_id, now=now, expires_at=now + ttl, limit=limit)


def quick_heartbeat(
    conn: Connection, *, lease_id: str, device_id: str, ttl: timedelta, now: datetime
) -> Lease | None:
    """The common heartbeat, in one statement and without the holder's lock: a lease that is
    live for more than ``QUICK_MARGIN`` yet cannot be counted as lapsed by a concurrent
    connect, so extending it cannot take anyone's slot; and its entitlement was read less
    than ``ENTITLEMENT_RECHECK`` ago. ``None``: use :func:`renew_checked`."""
    return repository.quick_renew(
        conn,
        lease_id=lease_id,
        device_id=device_id,
        now=now,
        expires_at=now + ttl,
        live_beyond=now + QUICK_MARGIN,
        checked_after=now - ENTITLEMENT_RECHECK,
    )


def device_lease_row(conn: Connection, *, lease_id: str, device_id: str) -> Lease:
    """The device's own lease (``connection_not_found`` for anyone else's)."""
    lease = repository.get_row(conn, lease_id)
    if lease is None or lease.device_id != device_id:
        raise connection_not_found()
    return lease


def renew_checked(
    conn: Connection, *, lease: LeaseLike, limit: int | None, ttl: timedelta, now: datetime
) -> Lease:
    """Keep a live lease alive for another ``ttl`` under the holder's lock, with the limit
    just read. A lease that has lapsed or ended must connect again (``connection_ended``)."""
    holder = Holder.of(lease)
    _lock(conn, holder)
    current = repository.get_row(conn, lease.id)  # read after the lock
    if current is None:
        raise connection_not_found()
    if not is_live(current, now):
        raise Conflict(
            "connection_ended",
            "This connection has ended; connect again.",
            ended_at=rfc3339(current.ended_at or current.expires_at),
            reason=current.end_reason or "expired",
        )
    return _renew(conn, current.id, holder=holder, limit=limit, ttl=ttl, now=now)


def release(
    conn: Connection, *, lease_id: str, device_id: str, now: datetime, actor: Actor
) -> Lease:
    """The device ends its own lease at once (``released``); releasing an ended or lapsed
    lease changes nothing. ``connection_not_found`` for another device's lease."""
    ended = repository.end_own_live(
        conn, lease_id=lease_id, device_id=device_id, now=now, reason="released"
    )
    if ended is None:
        return device_lease_row(conn, lease_id=lease_id, device_id=device_id)
    repository.record_event(
        conn,
        ended,
        "ended",
        at=now,
        actor=actor,
        data={"device_id": ended.device_id, "holder": _holder_label(ended), "reason": "released"},
    )
    return ended


def _views(conn: Connection, holder: Holder, now: datetime) -> list[dict[str, Any]]:
    return repository.live_views(conn, holder_type=holder.type, holder_id=holder.id, now=now)


def live_connections(session: Session, *, holder: Holder, now: datetime) -> list[dict[str, Any]]:
    """The holder's live connections (as in ``connection_limit_reached``), oldest first."""
    session.flush()  # the caller may hold ended leases not yet written
    return _views(session.connection(), holder, now)


# --------------------------------------------------------------------------- ORM callers


def _sync(target: ConnectionLease, row: Lease) -> None:
    """Give an ORM lease the values just written with Core (without marking it changed)."""
    for field in fields(Lease):
        set_committed_value(target, field.name, getattr(row, field.name))


def connect(
    session: Session,
    *,
    holder: Holder,
    device: Device,
    limit: int | None,
    ttl: timedelta,
    now: datetime,
    actor: Actor,
) -> tuple[ConnectionLease, bool]:
    """:func:`admit` for a caller holding an ORM ``device``; returns the ORM lease."""
    session.flush()
    row, created = admit(
        session.connection(),
        holder=holder,
        device_id=device.id,
        is_vm=device.is_vm,
        limit=limit,
        ttl=ttl,
        now=now,
        actor=actor,
    )
    lease = session.get(ConnectionLease, row.id, populate_existing=True)
    assert lease is not None  # written in this transaction
    return lease, created


def heartbeat(
    session: Session,
    *,
    lease: ConnectionLease,
    limit: int | None,
    ttl: timedelta,
    now: datetime,
) -> ConnectionLease:
    """:func:`renew_checked` for a caller holding the ORM ``lease``, which is updated."""
    session.flush()
    renewed = renew_checked(session.connection(), lease=lease, limit=limit, ttl=ttl, now=now)
    _sync(lease, renewed)
    return lease


def get_lease(session: Session, lease_id: str) -> ConnectionLease:
    lease = repository.get(session, lease_id)
    if lease is None:
        raise connection_not_found()
    return lease


def holder_lease(session: Session, *, holder: Holder, lease_id: str) -> ConnectionLease:
    """One of the holder's leases (``connection_not_found`` for anyone else's)."""
    lease = repository.get(session, lease_id)
    if lease is None or lease.holder_type != holder.type or lease.holder_id != holder.id:
        raise connection_not_found()
    return lease


def device_lease(session: Session, *, lease_id: str, device_id: str) -> ConnectionLease:
    lease = repository.get(session, lease_id)
    if lease is None or lease.device_id != device_id:
        raise connection_not_found()
    return lease


def end(
    session: Session, *, lease: ConnectionLease, now: datetime, actor: Actor, reason: str
) -> ConnectionLease:
    """End a lease at once (``released`` by its device, ``ended_by_owner`` …). Ending an
    ended or lapsed lease changes nothing."""
    if not is_live(lease, now):
        return lease
    lease.ended_at = now
    lease.end_reason = reason
    _record(session, lease, "ended", at=now, actor=actor, reason=reason)
    return lease


def end_all_of(
    session: Session, *, holder: Holder, now: datetime, actor: Actor, reason: str
) -> int:
    """End every live lease of a holder (e.g. a license whose credential changed)."""
    views = live_connections(session, holder=holder, now=now)
    for view in views:
        end(session, lease=get_lease(session, str(view["id"])), now=now, actor=actor, reason=reason)
    return len(views)


def end_for_device(
    session: Session, *, device_id: str, now: datetime, actor: Actor, reason: str
) -> int:
    """End every live lease of a device (it was unlinked)."""
    ended = 0
    for lease_id in repository.live_ids_of_device(session, device_id, now=now):
        lease = repository.get(session, lease_id)
        if lease is not None and is_live(lease, now):
            end(session, lease=lease, now=now, actor=actor, reason=reason)
            ended += 1
    return ended


def live_of_account(
    session: Session, *, account_id: str, now: datetime
) -> Sequence[tuple[ConnectionLease, Device]]:
    """Every live connection paid for by the account (all holders)."""
    return repository.live_of_account(session, account_id, now=now)
