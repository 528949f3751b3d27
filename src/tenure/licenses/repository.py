"""Every query on licenses and on which devices signed in with them (the devices' own rows
are the devices package's)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tenure.licenses.models import License, LicenseDevice

ACTIVE = "active"
ENDED = "ended"


def add(session: Session, row: object) -> None:
    session.add(row)


def get(session: Session, license_id: str, *, for_update: bool = False) -> License | None:
    query = select(License).where(License.id == license_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def by_username(session: Session, username: str, *, for_update: bool = False) -> License | None:
    query = select(License).where(License.login_username == username)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def lock_license(session: Session, license_id: str) -> bool:
    """The connection holder lock of a license (VL-13): ``SELECT … FOR UPDATE`` of its row on
    PostgreSQL; on SQLite the write transaction already holds the database's write lock.
    ``False`` when no active license has this id."""
    found = session.execute(
        select(License.id)
        .where(License.id == license_id, License.status == ACTIVE)
        .with_for_update()
    ).first()
    return found is not None


def of_subscription(
    session: Session,
    subscription_id: str,
    *,
    include_ended: bool = False,
    for_update: bool = False,
) -> Sequence[License]:
    query = select(License).where(License.subscription_id == subscription_id)
    if not include_ended:
        query = query.where(License.status == ACTIVE)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query.order_by(License.created_at, License.id)).all()


def active_to_end(
    session: Session, subscription_id: str, *, only_not_renewing: bool
) -> Sequence[License]:
    query = select(License).where(
        License.subscription_id == subscription_id, License.status == ACTIVE
    )
    if only_not_renewing:
        query = query.where(License.auto_renew.is_(False))
    return session.scalars(query.order_by(License.created_at, License.id).with_for_update()).all()


def count_active(session: Session, subscription_id: str, *, renewing_only: bool = False) -> int:
    query = (
        select(func.count())
        .select_from(License)
        .where(License.subscription_id == subscription_id, License.status == ACTIVE)
    )
    if renewing_only:
        query = query.where(License.auto_renew.is_(True))
    return int(session.scalar(query) or 0)


def device_ids(
    session: Session, license_id: str, *, credential_version: int | None = None
) -> Sequence[str]:
    """The devices signed in with the license (with one credential version, or any)."""
    query = select(LicenseDevice.device_id).where(LicenseDevice.license_id == license_id)
    if credential_version is not None:
        query = query.where(LicenseDevice.credential_version == credential_version)
    return session.scalars(query).all()


def signed_in_with(
    session: Session, *, license_id: str, device_id: str, credential_version: int
) -> bool:
    """Whether the device signed in with the license's credential of this version."""
    found = session.scalar(
        select(LicenseDevice.device_id).where(
            LicenseDevice.device_id == device_id,
            LicenseDevice.license_id == license_id,
            LicenseDevice.credential_version == credential_version,
        )
    )
    return found is not None
