"""Every query on devices, link codes, link attempts and deliveries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from tenure.devices.models import Delivery, Device, LinkAttempt, LinkCode
from tenure.kit.pages import Window, keyset

OPEN_DELIVERY = ("awaiting_release", "pending")

# --------------------------------------------------------------------------- devices


def get(session: Session, device_id: str, *, for_update: bool = False) -> Device | None:
    return session.get(Device, device_id, with_for_update=for_update)


def for_account(
    session: Session,
    account_id: str,
    *,
    include_unlinked: bool = False,
    window: Window | None = None,
) -> Sequence[Device]:
    query = select(Device).where(Device.account_id == account_id)
    if not include_unlinked:
        query = query.where(Device.unlinked_at.is_(None))
    return session.scalars(keyset(query, [Device.linked_at, Device.id], window)).all()


def linked_by_fingerprint(
    session: Session,
    fingerprint: str,
    *,
    account_id: str | None = None,
    among: Sequence[str] | None = None,
) -> Device | None:
    """The latest linked device with this fingerprint, of the account or among some ids."""
    query = select(Device).where(Device.fingerprint == fingerprint, Device.unlinked_at.is_(None))
    if account_id is not None:
        query = query.where(Device.account_id == account_id)
    if among is not None:
        query = query.where(Device.id.in_(among))
    return session.scalar(query.order_by(Device.linked_at.desc()).limit(1))


def linked_among(session: Session, device_ids: Sequence[str]) -> Sequence[Device]:
    """The linked devices among ``device_ids``, in the order they were linked."""
    return session.scalars(
        select(Device)
        .where(Device.id.in_(device_ids), Device.unlinked_at.is_(None))
        .order_by(Device.linked_at, Device.id)
    ).all()


def installed_on(session: Session, subscription_id: str) -> Sequence[Device]:
    """Linked devices whose app uses the subscription."""
    return session.scalars(
        select(Device)
        .where(Device.subscription_id == subscription_id, Device.unlinked_at.is_(None))
        .order_by(Device.installed_at, Device.id)
    ).all()


# --------------------------------------------------------------------------- link codes


def add(session: Session, row: object) -> None:
    session.add(row)


def link_code_by_hash(session: Session, code_hash: str) -> LinkCode | None:
    return session.scalar(select(LinkCode).where(LinkCode.code_hash == code_hash))


def use_link_code(session: Session, link_code_id: str, *, device_id: str, now: datetime) -> bool:
    """Mark a live code used. Atomic: of two concurrent redemptions only one gets ``True``."""
    result = session.execute(
        update(LinkCode)
        .where(LinkCode.id == link_code_id, LinkCode.used_at.is_(None), LinkCode.expires_at > now)
        .values(used_at=now, device_id=device_id)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def failures_since(session: Session, *, client: str, prefix: str, since: datetime) -> tuple[
    int, datetime | None, int, datetime | None
]:  # fmt: skip
    """Failed redemptions since ``since``: (count, oldest) by client and by code prefix."""
    by_client = session.execute(
        select(func.count(), func.min(LinkAttempt.at)).where(
            LinkAttempt.client == client, LinkAttempt.at > since
        )
    ).one()
    by_prefix = session.execute(
        select(func.count(), func.min(LinkAttempt.at)).where(
            LinkAttempt.prefix == prefix, LinkAttempt.at > since
        )
    ).one()
    return int(by_client[0]), by_client[1], int(by_prefix[0]), by_prefix[1]


def purge_attempts(session: Session, *, before: datetime) -> int:
    result = session.execute(delete(LinkAttempt).where(LinkAttempt.at < before))
    return int(getattr(result, "rowcount", 0) or 0)


def purge_link_codes(session: Session, *, expired_before: datetime) -> int:
    result = session.execute(delete(LinkCode).where(LinkCode.expires_at < expired_before))
    return int(getattr(result, "rowcount", 0) or 0)


# --------------------------------------------------------------------------- deliveries


def get_delivery(
    session: Session, delivery_id: str, *, for_update: bool = False
) -> Delivery | None:
    return session.get(Delivery, delivery_id, with_for_update=for_update)


def deliveries_of_subscription(
    session: Session, subscription_id: str, window: Window | None = None
) -> Sequence[Delivery]:
    query = select(Delivery).where(Delivery.subscription_id == subscription_id)
    return session.scalars(keyset(query, [Delivery.created_at, Delivery.id], window)).all()


def deliveries_to_device(
    session: Session, device_id: str, window: Window | None = None
) -> Sequence[Delivery]:
    query = select(Delivery).where(Delivery.device_id == device_id)
    return session.scalars(keyset(query, [Delivery.created_at, Delivery.id], window)).all()


def open_deliveries_to(session: Session, device_id: str, *, now: datetime) -> Sequence[Delivery]:
    return session.scalars(
        select(Delivery)
        .where(
            Delivery.device_id == device_id,
            Delivery.status.in_(OPEN_DELIVERY),
            Delivery.expires_at > now,
        )
        .order_by(Delivery.created_at, Delivery.id)
    ).all()


def awaiting_release_from(session: Session, device_id: str, *, now: datetime) -> Sequence[Delivery]:
    return session.scalars(
        select(Delivery)
        .where(
            Delivery.release_device_id == device_id,
            Delivery.status == "awaiting_release",
            Delivery.expires_at > now,
        )
        .order_by(Delivery.created_at, Delivery.id)
    ).all()


def pending_for_subscription(
    session: Session, subscription_id: str, *, now: datetime
) -> Sequence[Delivery]:
    """Deliveries of the subscription that hold a slot: pending, not expired."""
    return session.scalars(
        select(Delivery).where(
            Delivery.subscription_id == subscription_id,
            Delivery.status == "pending",
            Delivery.expires_at > now,
        )
    ).all()


def next_delivery_expiry(session: Session) -> datetime | None:
    return session.scalar(
        select(func.min(Delivery.expires_at)).where(Delivery.status.in_(OPEN_DELIVERY))
    )


def expired_open_deliveries(session: Session, *, now: datetime, limit: int) -> Sequence[str]:
    return session.scalars(
        select(Delivery.id)
        .where(Delivery.status.in_(OPEN_DELIVERY), Delivery.expires_at <= now)
        .order_by(Delivery.expires_at, Delivery.id)
        .limit(limit)
    ).all()
