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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from tenure.connections import repository
from tenure.connections.models import ConnectionLease
from tenure.devices.models import Device
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.errors import Conflict, Forbidden, NotFound
from tenure.kit.ids import new_id

# A heartbeat re-reads the holder's entitlement (and limit) at most this often; a subscription
# that ends is noticed by its connections within this time.
ENTITLEMENT_RECHECK = timedelta(minutes=5)
# A lease with more life left than this is extended without the holder's lock (see
# quick_heartbeat); requests' clocks must not differ by more than this.
QUICK_MARGIN = timedelta(seconds=10)

HolderLock = Callable[[Session, str], bool]
_HOLDER_LOCKS: dict[str, HolderLock] = {"account": repository.lock_account}


def register_holder_lock(holder_type: str, lock: HolderLock) -> None:
    """Let another kind of holder (a volume license, VL-13) take part in admission."""
    _HOLDER_LOCKS[holder_type] = lock


@dataclass(frozen=True, slots=True)
class Holder:
    """Whose limit a connection counts against."""

    type: str
    id: str
    account_id: str  # the paying owner (for listing and access checks)

    @classmethod
    def account(cls, account_id: str) -> Holder:
        return cls("account", account_id, account_id)


def connection_view(lease: ConnectionLease, device: Device) -> dict[str, Any]:
    """A live connection as shown to the owner and in ``connection_limit_reached``."""
    return {
        "id": lease.id,
        "device_id": device.id,
        "device_name": device.name,
        "platform": device.platform,
        "is_vm": lease.is_vm,
        "started_at": lease.started_at.isoformat(),
        "last_heartbeat_at": lease.heartbeat_at.isoformat(),
        "expires_at": lease.expires_at.isoformat(),
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


def _lock(session: Session, holder: Holder) -> None:
    lock = _HOLDER_LOCKS.get(holder.type)
    if lock is None:  # pragma: no cover - a programming error
        raise ValueError(f"no lock registered for holder type {holder.type!r}")
    if not lock(session, holder.id):
        raise NotFound("holder_not_found", "The account or license no longer exists.")


def _record(
    session: Session, lease: ConnectionLease, type: str, *, at: datetime, actor: Actor, **data: Any
) -> None:
    events.record(
        session,
        type=f"connection.{type}",
        at=at,
        actor=actor,
        subject_type="connection",
        subject_id=lease.id,
        account_id=lease.account_id,
        data={
            "device_id": lease.device_id,
            "holder": f"{lease.holder_type}:{lease.holder_id}",
            **data,
        },
    )


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
    """Admit ``device`` under ``holder``'s ``limit`` (``None``: no limit).

    Returns ``(lease, created)``: a device that is already connected keeps its lease (renewed)
    instead of taking a second slot. Beyond the limit raises ``connection_limit_reached`` with
    the live connections, so the app can offer to end one.
    """
    _lock(session, holder)
    live, own = repository.live_count_and_own(
        session, holder_type=holder.type, holder_id=holder.id, device_id=device.id, now=now
    )
    if own is not None:
        existing = get_lease(session, own)
        _renew(session, existing, holder=holder, limit=limit, ttl=ttl, now=now)
        return existing, False
    if limit is not None and live >= limit:
        raise ConnectionLimitReached(
            limit=limit, connections=live_connections(session, holder=holder, now=now)
        )
    lease = ConnectionLease(
        id=new_id("con"),
        holder_type=holder.type,
        holder_id=holder.id,
        account_id=holder.account_id,
        device_id=device.id,
        is_vm=device.is_vm,
        started_at=now,
        heartbeat_at=now,
        expires_at=now + ttl,
        connection_limit=limit,
        checked_at=now,
        ended_at=None,
        end_reason=None,
    )
    session.add(lease)
    _record(session, lease, "started", at=now, actor=actor, is_vm=device.is_vm, limit=limit)
    return lease, True


def _renew(
    session: Session,
    lease: ConnectionLease,
    *,
    holder: Holder,
    limit: int | None,
    ttl: timedelta,
    now: datetime,
) -> None:
    if limit is not None:
        others = repository.count_live(
            session, holder_type=holder.type, holder_id=holder.id, now=now, excluding=lease.id
        )
        if others >= limit:
            # Its slot went to another device (it lapsed first), or the limit went down.
            raise ConnectionLimitReached(
                limit=limit, connections=live_connections(session, holder=holder, now=now)
            )
    lease.heartbeat_at = now
    lease.expires_at = now + ttl
    lease.connection_limit = limit
    lease.checked_at = now


def get_lease(session: Session, lease_id: str) -> ConnectionLease:
    lease = repository.get(session, lease_id)
    if lease is None:
        raise NotFound("connection_not_found", "No connection with this id exists.")
    return lease


def device_lease(session: Session, *, lease_id: str, device_id: str) -> ConnectionLease:
    lease = repository.get(session, lease_id)
    if lease is None or lease.device_id != device_id:
        raise NotFound("connection_not_found", "No connection with this id exists.")
    return lease


def is_live(lease: ConnectionLease, now: datetime) -> bool:
    return lease.ended_at is None and lease.expires_at > now


def quick_heartbeat(
    session: Session, *, lease_id: str, device_id: str, ttl: timedelta, now: datetime
) -> ConnectionLease | None:
    """The common heartbeat, in one statement and without the holder's lock: a lease that is
    live for more than ``QUICK_MARGIN`` yet cannot be counted as lapsed by a concurrent
    connect, so extending it cannot take anyone's slot; and its entitlement was read less
    than ``ENTITLEMENT_RECHECK`` ago. ``None``: use :func:`heartbeat`."""
    return repository.quick_renew(
        session,
        lease_id=lease_id,
        device_id=device_id,
        now=now,
        expires_at=now + ttl,
        live_beyond=now + QUICK_MARGIN,
        checked_after=now - ENTITLEMENT_RECHECK,
    )


def heartbeat(
    session: Session,
    *,
    lease: ConnectionLease,
    limit: int | None,
    ttl: timedelta,
    now: datetime,
) -> ConnectionLease:
    """Keep a live lease alive for another ``ttl``. A lease that has lapsed or ended must
    connect again (``connection_ended``)."""
    holder = Holder(lease.holder_type, lease.holder_id, lease.account_id)
    _lock(session, holder)
    if session.get_bind().dialect.name != "sqlite":
        session.refresh(lease)  # read before the lock: see what the lock holder committed
    if not is_live(lease, now):
        raise Conflict(
            "connection_ended",
            "This connection has ended; connect again.",
            ended_at=(lease.ended_at or lease.expires_at).isoformat(),
            reason=lease.end_reason or "expired",
        )
    _renew(session, lease, holder=holder, limit=limit, ttl=ttl, now=now)
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


def live_connections(session: Session, *, holder: Holder, now: datetime) -> list[dict[str, Any]]:
    return [
        connection_view(lease, device)
        for lease, device in repository.live_with_devices(
            session, holder_type=holder.type, holder_id=holder.id, now=now
        )
    ]


def live_of_account(
    session: Session, *, account_id: str, now: datetime
) -> Sequence[tuple[ConnectionLease, Device]]:
    """Every live connection paid for by the account (all holders)."""
    return repository.live_of_account(session, account_id, now=now)
