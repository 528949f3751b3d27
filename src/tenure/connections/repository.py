"""Every query on connection leases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update
from sqlalchemy.orm import Session

from tenure.accounts.models import Account
from tenure.connections.models import ConnectionLease
from tenure.devices.models import Device


def lock_account(session: Session, account_id: str) -> bool:
    """Serialize connection changes of one account: ``SELECT … FOR UPDATE`` of its row on
    PostgreSQL. On SQLite the write transaction (``BEGIN IMMEDIATE``) already holds the
    database's single write lock, and SQLAlchemy leaves ``FOR UPDATE`` out."""
    found = session.execute(
        select(Account.id).where(Account.id == account_id).with_for_update()
    ).first()
    return found is not None


def get(session: Session, lease_id: str) -> ConnectionLease | None:
    return session.get(ConnectionLease, lease_id)


def _live(holder_type: str, holder_id: str, now: datetime) -> list[ColumnElement[bool]]:
    return [
        ConnectionLease.holder_type == holder_type,
        ConnectionLease.holder_id == holder_id,
        ConnectionLease.ended_at.is_(None),
        ConnectionLease.expires_at > now,
    ]


def live_count_and_own(
    session: Session, *, holder_type: str, holder_id: str, device_id: str, now: datetime
) -> tuple[int, str | None]:
    """The holder's live leases, and the id of the device's own live lease if it has one."""
    row = session.execute(
        select(
            func.count(),
            func.max(case((ConnectionLease.device_id == device_id, ConnectionLease.id))),
        ).where(*_live(holder_type, holder_id, now))
    ).one()
    return int(row[0]), row[1]


def quick_renew(
    session: Session,
    *,
    lease_id: str,
    device_id: str,
    now: datetime,
    expires_at: datetime,
    live_beyond: datetime,
    checked_after: datetime,
) -> ConnectionLease | None:
    """Extend a lease that is live until after ``live_beyond`` and whose entitlement was read
    after ``checked_after``, in one statement; ``None`` when it is not such a lease."""
    return session.scalars(
        update(ConnectionLease)
        .where(
            ConnectionLease.id == lease_id,
            ConnectionLease.device_id == device_id,
            ConnectionLease.ended_at.is_(None),
            ConnectionLease.expires_at > live_beyond,
            ConnectionLease.checked_at > checked_after,
        )
        .values(heartbeat_at=now, expires_at=expires_at)
        .returning(ConnectionLease),
        execution_options={"synchronize_session": False},
    ).first()


def count_live(
    session: Session,
    *,
    holder_type: str,
    holder_id: str,
    now: datetime,
    excluding: str | None = None,
) -> int:
    query = (
        select(func.count()).select_from(ConnectionLease).where(*_live(holder_type, holder_id, now))
    )
    if excluding is not None:
        query = query.where(ConnectionLease.id != excluding)
    return int(session.scalar(query) or 0)


def live_with_devices(
    session: Session, *, holder_type: str, holder_id: str, now: datetime
) -> Sequence[tuple[ConnectionLease, Device]]:
    rows = session.execute(
        select(ConnectionLease, Device)
        .join(Device, Device.id == ConnectionLease.device_id)
        .where(*_live(holder_type, holder_id, now))
        .order_by(ConnectionLease.started_at, ConnectionLease.id)
    ).all()
    return [(lease, device) for lease, device in rows]


def live_of_account(
    session: Session, account_id: str, *, now: datetime
) -> Sequence[tuple[ConnectionLease, Device]]:
    rows = session.execute(
        select(ConnectionLease, Device)
        .join(Device, Device.id == ConnectionLease.device_id)
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
