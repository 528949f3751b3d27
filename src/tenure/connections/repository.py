"""Every query on connection leases.

The device's own requests (connect, heartbeat, release) are the hot path: their statements
are SQLAlchemy Core statements on the tables, built once at import (so SQLAlchemy computes
their cache keys once and reuses the compiled SQL), executed with bound parameters on the
caller's ``Connection``, in its transaction (``session.connection()`` for callers that hold
a session). No ORM object is loaded or flushed on that path; a lease comes back as a
:class:`Lease` row. The owner's views (listing, ending a connection, unlinking a device) use
the ORM as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tenure.accounts import lookups as accounts
from tenure.connections.models import ConnectionLease
from tenure.devices import lookups as devices
from tenure.events.rows import event_row, insert_statement
from tenure.kit.clock import rfc3339
from tenure.kit.direct import Direct, Pending, pipeline
from tenure.kit.errors import Forbidden

if TYPE_CHECKING:
    from tenure.devices.models import Device
    from tenure.kit.actor import Actor

LEASES = cast(Table, ConnectionLease.__table__)


@dataclass(frozen=True, slots=True)
class Lease:
    """One row of ``connection_leases`` (the fields of :class:`ConnectionLease`)."""

    id: str
    holder_type: str
    holder_id: str
    account_id: str
    device_id: str
    is_vm: bool
    started_at: datetime
    heartbeat_at: datetime
    expires_at: datetime
    connection_limit: int | None
    checked_at: datetime
    ended_at: datetime | None
    end_reason: str | None


_LEASE_FIELDS = tuple(f.name for f in fields(Lease))
_LEASE_COLUMNS = [LEASES.c[name] for name in _LEASE_FIELDS]


def _lease(row: Sequence[Any] | None) -> Lease | None:
    return None if row is None else Lease(*row)  # the columns are selected in field order


# --------------------------------------------------------------------------- statements

_LIVE_OF_HOLDER = and_(
    LEASES.c.holder_type == bindparam("holder_type"),
    LEASES.c.holder_id == bindparam("holder_id"),
    LEASES.c.ended_at.is_(None),
    LEASES.c.expires_at > bindparam("now"),
)

# PostgreSQL: the row lock that serializes admissions of one account. SQLite leaves
# FOR UPDATE out; its write transaction (BEGIN IMMEDIATE) already holds the database's lock.
_LOCK_ACCOUNT = accounts.lock_statement("holder_id")

_DEVICE = devices.facts_statement("device_id")

_COUNT_AND_OWN = select(
    func.count(),
    func.max(case((LEASES.c.device_id == bindparam("device_id"), LEASES.c.id))),
).where(_LIVE_OF_HOLDER)

_COUNT_OTHERS = (
    select(func.count())
    .select_from(LEASES)
    .where(_LIVE_OF_HOLDER, LEASES.c.id != bindparam("lease_id"))
)

_GET = select(*_LEASE_COLUMNS).where(LEASES.c.id == bindparam("lease_id"))

_INSERT = insert(LEASES)

_QUICK_RENEW = (
    update(LEASES)
    .where(
        LEASES.c.id == bindparam("lease_id"),
        LEASES.c.device_id == bindparam("own_device"),
        LEASES.c.ended_at.is_(None),
        LEASES.c.expires_at > bindparam("live_beyond"),
        LEASES.c.checked_at > bindparam("checked_after"),
    )
    .values(heartbeat_at=bindparam("now"), expires_at=bindparam("new_expires_at"))
    .returning(*_LEASE_COLUMNS)
)

_RENEW = (
    update(LEASES)
    .where(LEASES.c.id == bindparam("lease_id"))
    .values(
        heartbeat_at=bindparam("now"),
        expires_at=bindparam("new_expires_at"),
        connection_limit=bindparam("new_limit"),
        checked_at=bindparam("now"),
    )
    .returning(*_LEASE_COLUMNS)
)

_END_OWN_LIVE = (
    update(LEASES)
    .where(
        LEASES.c.id == bindparam("lease_id"),
        LEASES.c.device_id == bindparam("own_device"),
        LEASES.c.ended_at.is_(None),
        LEASES.c.expires_at > bindparam("now"),
    )
    .values(ended_at=bindparam("now"), end_reason=bindparam("reason"))
    .returning(*_LEASE_COLUMNS)
)

_WITH_DEVICE, _DEVICE_VIEW = devices.join_view(LEASES, LEASES.c.device_id)
_LIVE_VIEWS = (
    select(
        LEASES.c.id,
        *_DEVICE_VIEW,
        LEASES.c.is_vm,
        LEASES.c.started_at,
        LEASES.c.heartbeat_at,
        LEASES.c.expires_at,
    )
    .select_from(_WITH_DEVICE)
    .where(_LIVE_OF_HOLDER)
    .order_by(LEASES.c.started_at, LEASES.c.id)
)

# The row ``tenure.events.rows.event_row`` builds, without an ORM object.
_INSERT_EVENT, _EVENT_COLUMNS = insert_statement()

_ACCOUNT_LOCALE = accounts.locale_statement("account_id")


# --------------------------------------------------------------------------- hot path (Core)
#
# The statements above, run straight on the driver (kit.direct): SQLAlchemy's compiled SQL
# and the columns' own type processing, without its per-execution machinery.

_LOCK_ACCOUNT_D = Direct(_LOCK_ACCOUNT)
_LOCK_ACCOUNT_SKIP = Direct(_LOCK_ACCOUNT.with_for_update(skip_locked=True))
_ACCOUNT_EXISTS = Direct(accounts.exists_statement("holder_id"))
_DEVICE_D = Direct(_DEVICE)
_COUNT_AND_OWN_D = Direct(_COUNT_AND_OWN)
_COUNT_OTHERS_D = Direct(_COUNT_OTHERS)
_GET_D = Direct(_GET)
_INSERT_D = Direct(_INSERT, keys=_LEASE_FIELDS)
_QUICK_RENEW_D = Direct(_QUICK_RENEW)
_RENEW_D = Direct(_RENEW)
_END_OWN_LIVE_D = Direct(_END_OWN_LIVE)
_LIVE_VIEWS_D = Direct(_LIVE_VIEWS)
_INSERT_EVENT_D = Direct(_INSERT_EVENT, keys=_EVENT_COLUMNS)
_ACCOUNT_LOCALE_D = Direct(_ACCOUNT_LOCALE)


# In ``Connection.info``: account locks on this connection do not wait (PostgreSQL's batches
# of device requests, see connections.units); a locked account raises LockedElsewhere.
NO_WAIT = "tenure.connections.no_wait"


class LockedElsewhere(Exception):
    """The account's row is locked by another transaction, and this connection does not
    wait (``NO_WAIT``)."""


def lock_account(conn: Connection, account_id: str) -> bool:
    """Serialize connection changes of one account: ``SELECT … FOR UPDATE`` of its row on
    PostgreSQL. On SQLite the write transaction (``BEGIN IMMEDIATE``) already holds the
    database's single write lock, and SQLAlchemy leaves ``FOR UPDATE`` out. ``False`` when
    the account does not exist."""
    return lock_taken(conn, account_id, send_lock_account(conn, account_id))


def send_lock_account(conn: Connection, account_id: str) -> Pending:
    """:func:`lock_account`, sent (see ``kit.direct.pipeline``); :func:`lock_taken` reads
    the answer."""
    statement = _LOCK_ACCOUNT_SKIP if conn.info.get(NO_WAIT) else _LOCK_ACCOUNT_D
    return statement.send(conn, {"holder_id": account_id})


class AccountSuspended(Forbidden):
    """The account may not be used at all (BIZ-4): no device of it connects."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "account_suspended",
            "You cannot use this account any more: it signed in through your organization's "
            "single sign-on, which ended with the organization's plan. Ask your "
            "organization's administrator.",
            reason=reason,
        )


def lock_taken(conn: Connection, account_id: str, pending: Pending) -> bool:
    """Whether the lock sent with :func:`send_lock_account` was taken (``False``: no such
    account). Without waiting (``NO_WAIT``), a row locked by another transaction is
    skipped: that raises :class:`LockedElsewhere`. A suspended account raises
    :class:`AccountSuspended`."""
    row = pending.first()
    if row is not None:
        if row[1] is not None:
            raise AccountSuspended(str(row[1]))
        return True
    if conn.info.get(NO_WAIT) and _ACCOUNT_EXISTS.first(conn, {"holder_id": account_id}):
        raise LockedElsewhere(account_id)
    return False


def account_locale(conn: Connection, account_id: str) -> str | None:
    """The account's language (errors are shown in it unless the request names one)."""
    row = _ACCOUNT_LOCALE_D.first(conn, {"account_id": account_id})
    return None if row is None else cast(str | None, row[0])


@dataclass(frozen=True, slots=True)
class DeviceFacts:
    """What admission needs to know about a device."""

    id: str
    account_id: str
    is_vm: bool
    unlinked_at: datetime | None


T = TypeVar("T")


class ConnectReads(Generic[T]):
    """Everything a device's connect reads, sent at once — on PostgreSQL one round trip (see
    ``kit.direct.pipeline``): the device, the account's entitlement terms (``send_terms``),
    the account's lock and the count of its live leases, which the server runs after the
    lock is granted. The answers are read in that order, after the pipeline (reading a
    catalog version this process has not seen yet runs SQLAlchemy statements, which need the
    plain mode). ``account_id`` is the device token's account (``None``: only the device is
    read)."""

    __slots__ = ("_conn", "_count", "_device", "_device_id", "_lock", "account_id", "terms")

    def __init__(
        self,
        conn: Connection,
        *,
        device_id: str,
        account_id: str | None,
        now: datetime,
        send_terms: Callable[[Connection, str], T],
    ) -> None:
        self._conn, self._device_id, self.account_id = conn, device_id, account_id
        self.terms: T | None = None
        self._lock: Pending | None = None
        self._count: Pending | None = None
        with pipeline(conn):
            self._device = _DEVICE_D.send(conn, {"device_id": device_id})
            if account_id is not None:
                self.terms = send_terms(conn, account_id)
                self._lock = send_lock_account(conn, account_id)
                self._count = send_live_count_and_own(
                    conn, holder_type="account", holder_id=account_id, device_id=device_id,
                    now=now,
                )  # fmt: skip

    def device(self) -> DeviceFacts | None:
        row = self._device.first()
        return None if row is None else DeviceFacts(self._device_id, *row)

    def lock_taken(self) -> bool:
        """See :func:`lock_taken` (only with an ``account_id``)."""
        assert self._lock is not None and self.account_id is not None
        return lock_taken(self._conn, self.account_id, self._lock)

    def counted(self) -> tuple[int, str | None]:
        """See :func:`live_count_and_own` (only with an ``account_id``)."""
        assert self._count is not None
        return count_and_own_of(self._count)


def get_row(conn: Connection, lease_id: str) -> Lease | None:
    return _lease(_GET_D.first(conn, {"lease_id": lease_id}))


def send_live_count_and_own(
    conn: Connection, *, holder_type: str, holder_id: str, device_id: str, now: datetime
) -> Pending:
    """:func:`live_count_and_own`, sent (see ``kit.direct.pipeline``)."""
    params = {
        "holder_type": holder_type,
        "holder_id": holder_id,
        "device_id": device_id,
        "now": now,
    }
    return _COUNT_AND_OWN_D.send(conn, params)


def count_and_own_of(pending: Pending) -> tuple[int, str | None]:
    row = pending.first()
    assert row is not None  # an aggregate without GROUP BY has one row
    return int(row[0]), row[1]


def live_count_and_own(
    conn: Connection, *, holder_type: str, holder_id: str, device_id: str, now: datetime
) -> tuple[int, str | None]:
    """The holder's live leases, and the id of the device's own live lease if it has one."""
    return count_and_own_of(
        send_live_count_and_own(
            conn, holder_type=holder_type, holder_id=holder_id, device_id=device_id, now=now
        )
    )


def count_live_others(
    conn: Connection, *, holder_type: str, holder_id: str, now: datetime, excluding: str
) -> int:
    """The holder's live leases other than ``excluding``."""
    params = {"holder_type": holder_type, "holder_id": holder_id, "now": now, "lease_id": excluding}
    row = _COUNT_OTHERS_D.first(conn, params)
    assert row is not None
    return int(row[0])


def insert_lease(conn: Connection, lease: Lease) -> None:
    _INSERT_D.run(conn, {name: getattr(lease, name) for name in _LEASE_FIELDS})


def insert_started(conn: Connection, lease: Lease, *, actor: Actor, data: dict[str, Any]) -> None:
    """A new lease and its ``connection.started`` event (:func:`record_event`): on PostgreSQL
    both rows in one round trip."""
    with pipeline(conn):
        insert_lease(conn, lease)
        record_event(conn, lease, "started", at=lease.started_at, actor=actor, data=data)


def quick_renew(
    conn: Connection,
    *,
    lease_id: str,
    device_id: str,
    now: datetime,
    expires_at: datetime,
    live_beyond: datetime,
    checked_after: datetime,
) -> Lease | None:
    """Extend a lease that is live until after ``live_beyond`` and whose entitlement was read
    after ``checked_after``, in one statement; ``None`` when it is not such a lease."""
    params = {
        "lease_id": lease_id,
        "own_device": device_id,
        "live_beyond": live_beyond,
        "checked_after": checked_after,
        "now": now,
        "new_expires_at": expires_at,
    }
    return _lease(_QUICK_RENEW_D.first(conn, params))


def renew(
    conn: Connection, *, lease_id: str, now: datetime, expires_at: datetime, limit: int | None
) -> Lease:
    """Extend a lease and store the limit just read (the caller holds the holder's lock)."""
    params = {"lease_id": lease_id, "now": now, "new_expires_at": expires_at, "new_limit": limit}
    row = _RENEW_D.first(conn, params)
    assert row is not None  # the caller read the lease under the lock
    return Lease(*row)


def end_own_live(
    conn: Connection, *, lease_id: str, device_id: str, now: datetime, reason: str
) -> Lease | None:
    """End the device's lease if it is live, in one statement; ``None`` otherwise."""
    params = {"lease_id": lease_id, "own_device": device_id, "now": now, "reason": reason}
    return _lease(_END_OWN_LIVE_D.first(conn, params))


def live_views(
    conn: Connection, *, holder_type: str, holder_id: str, now: datetime
) -> list[dict[str, Any]]:
    """The holder's live connections as shown in ``connection_limit_reached``, oldest first."""
    rows = _LIVE_VIEWS_D.all(conn, {"holder_type": holder_type, "holder_id": holder_id, "now": now})
    return [
        {
            "id": lease_id,
            "device_id": device_id,
            "device_name": name,
            "platform": platform,
            "is_vm": is_vm,
            "started_at": rfc3339(started_at),
            "last_heartbeat_at": rfc3339(heartbeat_at),
            "expires_at": rfc3339(expires_at),
        }
        for lease_id, device_id, name, platform, is_vm, started_at, heartbeat_at, expires_at in rows
    ]


def record_event(
    conn: Connection,
    lease: Lease,
    type: str,
    *,
    at: datetime,
    actor: Actor,
    data: dict[str, Any],
) -> None:
    """``connection.<type>`` in the caller's transaction: the row ``events.service.record``
    would add (:func:`event_row`), written straight on the driver."""
    _INSERT_EVENT_D.run(
        conn,
        event_row(
            type=f"connection.{type}",
            at=at,
            actor=actor,
            subject_type="connection",
            subject_id=lease.id,
            account_id=lease.account_id,
            data=data,
        ),
    )


# --------------------------------------------------------------------------- owner views (ORM)


def get(session: Session, lease_id: str) -> ConnectionLease | None:
    return session.get(ConnectionLease, lease_id)


def _live(holder_type: str, holder_id: str, now: datetime) -> list[ColumnElement[bool]]:
    return [
        ConnectionLease.holder_type == holder_type,
        ConnectionLease.holder_id == holder_id,
        ConnectionLease.ended_at.is_(None),
        ConnectionLease.expires_at > now,
    ]


def live_of_account(
    session: Session, account_id: str, *, now: datetime
) -> Sequence[tuple[ConnectionLease, Device]]:
    rows = session.execute(
        devices.with_device(select(ConnectionLease), ConnectionLease.device_id)
        .where(
            ConnectionLease.account_id == account_id,
            ConnectionLease.ended_at.is_(None),
            ConnectionLease.expires_at > now,
        )
        .order_by(ConnectionLease.started_at, ConnectionLease.id)
    ).all()
    return [(lease, device) for lease, device in rows]


def live_ids_of_device(session: Session, device_id: str, *, now: datetime) -> Sequence[str]:
    return session.scalars(
        select(ConnectionLease.id).where(
            ConnectionLease.device_id == device_id,
            ConnectionLease.ended_at.is_(None),
            ConnectionLease.expires_at > now,
        )
    ).all()


def end(session: Session, lease_ids: Sequence[str], *, now: datetime, reason: str) -> int:
    if not lease_ids:
        return 0
    result = session.execute(
        update(ConnectionLease)
        .where(ConnectionLease.id.in_(lease_ids), ConnectionLease.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def purge(session: Session, *, before: datetime, limit: int) -> int:
    """Delete leases that ended (or lapsed) before ``before``; the events keep the history."""
    ids = session.scalars(
        select(ConnectionLease.id)
        .where(
            or_(
                ConnectionLease.ended_at < before,
                and_(ConnectionLease.ended_at.is_(None), ConnectionLease.expires_at < before),
            )
        )
        .limit(limit)
    ).all()
    if not ids:
        return 0
    session.execute(delete(ConnectionLease).where(ConnectionLease.id.in_(ids)))
    return len(ids)
