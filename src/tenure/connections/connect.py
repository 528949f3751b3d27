"""A device's own connection requests — connect, heartbeat, release (DEV-4, APP-4) — as use
cases on the connection of their unit of work (:mod:`tenure.connections.units` runs them;
the endpoints only parse and answer).

Connect reads everything admission needs at once (:class:`repository.ConnectReads`: on
PostgreSQL one round trip), then checks the answers in order: the device, the account's
entitlement and limit, the account's lock, the count of its live leases. A device whose
token names another account than its row (it moved) is read again one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from tenure.connections import repository, service
from tenure.connections.repository import Lease
from tenure.entitlements.service import (
    TermsAsked,
    connection_limit_from,
    granted_connection_limit,
    send_connection_terms,
)
from tenure.kit.actor import Actor
from tenure.kit.errors import NotFound


@dataclass(frozen=True, slots=True)
class DeviceCall:
    """An authenticated request of a device, inside its unit of work."""

    conn: Connection
    device_id: str
    account_id: str | None  # the device token's account
    now: datetime
    ttl_seconds: int

    @property
    def actor(self) -> Actor:
        return Actor("device", self.device_id)

    @property
    def ttl(self) -> timedelta:
        return timedelta(seconds=self.ttl_seconds)


def _limit_from(call: DeviceCall, terms: TermsAsked, account_id: str) -> int | None:
    """The account's connection limit from its terms just read; when its own subscriptions
    give no access, from those its organizations grant it (BIZ-1) or the free tier it fell
    back to (its plan's fallback plan); else ``not_entitled``."""
    entitled, limit = connection_limit_from(call.conn, terms, now=call.now)
    if not entitled:
        entitled, limit = granted_connection_limit(call.conn, account_id, now=call.now)
    if not entitled:
        raise service.not_entitled()
    return limit


def account_limit(call: DeviceCall, account_id: str) -> int | None:
    """The account's connection limit, read now (``not_entitled`` without a live
    subscription)."""
    return _limit_from(call, send_connection_terms(call.conn, account_id), account_id)


def connect(call: DeviceCall) -> tuple[Lease, bool]:
    """The device starts using the service under its account's limit. Returns ``(lease,
    created)``: a device already connected keeps its lease (see :func:`service.admit`)."""
    reads = repository.ConnectReads(
        call.conn,
        device_id=call.device_id,
        account_id=call.account_id,
        now=call.now,
        send_terms=send_connection_terms,
    )
    device = reads.device()
    if device is None or device.unlinked_at is not None:
        raise NotFound("device_not_found", "No device with this id exists.")
    holder = service.Holder.account(device.account_id)
    if reads.terms is None or device.account_id != reads.account_id:  # read again, one by one
        return service.admit(
            call.conn, holder=holder, device_id=device.id, is_vm=device.is_vm,
            limit=account_limit(call, device.account_id), ttl=call.ttl, now=call.now,
            actor=call.actor,
        )  # fmt: skip
    limit = _limit_from(call, reads.terms, device.account_id)
    service.locked(reads.lock_taken())
    return service.admit_counted(
        call.conn,
        holder=holder,
        device_id=device.id,
        is_vm=device.is_vm,
        limit=limit,
        counted=reads.counted(),
        ttl=call.ttl,
        now=call.now,
        actor=call.actor,
    )


def heartbeat(call: DeviceCall, *, lease_id: str) -> Lease:
    """Keep the device's lease for another TTL: in one statement when it is well alive and
    its entitlement was read lately (:func:`service.quick_heartbeat`), otherwise under the
    holder's lock with the limit read again (``connection_ended`` once it lapsed)."""
    quick = service.quick_heartbeat(
        call.conn, lease_id=lease_id, device_id=call.device_id, ttl=call.ttl, now=call.now
    )
    if quick is not None:
        return quick
    lease = service.device_lease_row(call.conn, lease_id=lease_id, device_id=call.device_id)
    limit = account_limit(call, lease.account_id)
    return service.renew_checked(call.conn, lease=lease, limit=limit, ttl=call.ttl, now=call.now)


def release(call: DeviceCall, *, lease_id: str) -> Lease:
    """The device ends its own lease at once (see :func:`service.release`)."""
    return service.release(
        call.conn, lease_id=lease_id, device_id=call.device_id, now=call.now, actor=call.actor
    )
