"""Licensed users (VL-10, VL-13): a person given a license signs in to an app with its
credential, and its devices connect under the license's own connection limit.

Signing in takes the license row's lock, so a sign-in racing a reassignment either finishes
before it (and its token is revoked by it) or sees the new credential. The installation that
signs in becomes a device of the owner's account (the devices package links it); this package
only records which license and credential it signed in with (``license_devices``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tenure.auth.service import issue_access_token
from tenure.catalog.service import PlanLookup
from tenure.connections import service as connections
from tenure.devices import service as devices
from tenure.domain import entitlement as entitlement_rules
from tenure.entitlements.service import terms_of
from tenure.kit.actor import Actor
from tenure.kit.errors import NotFound, Unauthenticated
from tenure.licenses import crypto, repository
from tenure.licenses.models import License, LicenseDevice
from tenure.licenses.service import ACTIVE, get_license, holder_of, record
from tenure.subscriptions.lookups import get_subscription

if TYPE_CHECKING:
    from tenure.catalog.schema import Plan, Product
    from tenure.subscriptions.models import Subscription

# What the app tells about the installation that signs in (name and platform required).
DeviceReport = devices.DeviceReport


def _invalid_credentials() -> Unauthenticated:
    return Unauthenticated("invalid_credentials", "The username or password is wrong.")


@dataclass(frozen=True, slots=True)
class SignedIn:
    license: License
    secret: str  # the access token, shown once
    expires_at: datetime | None
    device_id: str | None


def _register_device(
    session: Session, license: License, report: DeviceReport, *, now: datetime, actor: Actor
) -> str:
    """The installation becomes a device of the owner's account, tied to the license and its
    current credential. Signing in again with the same fingerprint reuses the device."""
    device, created = devices.link_licensed(
        session,
        among=repository.device_ids(
            session, license.id, credential_version=license.credential_version
        ),
        account_id=license.account_id,
        license_id=license.id,
        report=report,
        now=now,
        actor=actor,
    )
    if created:
        repository.add(
            session,
            LicenseDevice(
                device_id=device.id,
                license_id=license.id,
                credential_version=license.credential_version,
                created_at=now,
            ),
        )
    return device.id


def sign_in(
    session: Session,
    *,
    username: str,
    password: str,
    device: DeviceReport | None,
    now: datetime,
) -> SignedIn:
    """A licensed user signs in to an app with the license's credential (VL-10) and gets an
    access token of kind ``licensee`` (subject: the license; account: the owner). A wrong,
    replaced or unknown credential, or an ended license, is ``invalid_credentials``.

    The license row is locked first, so a concurrent reassignment cannot miss the token."""
    license = repository.by_username(
        session, crypto.normalize_username(username)[:40], for_update=True
    )
    stored_hash = license.login_password_hash if license is not None else None
    if not crypto.password_matches(stored_hash, password) or license is None:
        raise _invalid_credentials()
    if license.status != ACTIVE or license.holder_email is None:
        raise _invalid_credentials()
    actor = Actor("licensee", license.id)
    token, secret = issue_access_token(
        session,
        kind="licensee",
        subject_id=license.id,
        account_id=license.account_id,
        now=now,
        ttl=None,
    )
    device_id = _register_device(session, license, device, now=now, actor=actor) if device else None
    record(
        session,
        license,
        "signed_in",
        at=now,
        actor=actor,
        credential_version=license.credential_version,
        device_id=device_id,
    )
    return SignedIn(
        license=license, secret=secret, expires_at=token.expires_at, device_id=device_id
    )


def licensee_license(session: Session, license_id: str) -> License:
    """The license of a signed-in licensed user (its token is revoked when it changes)."""
    license = get_license(session, license_id)
    if license.status != ACTIVE:
        raise Unauthenticated("invalid_token", "Your session has ended or the token is not valid.")
    return license


@dataclass(frozen=True, slots=True)
class LicenseAccess:
    """What a licensed user may use right now: the subscription's entitlement, one license's
    connection limit (VL-13)."""

    subscription: Subscription
    product: Product
    plan: Plan
    entitlement: entitlement_rules.Entitlement

    @property
    def connection_limit(self) -> int | None:
        return self.entitlement.connection_limit


def access_of(session: Session, license: License, *, now: datetime) -> LicenseAccess:
    sub = get_subscription(session, license.subscription_id)
    lookup = PlanLookup(session)
    product, plan = lookup(sub)
    resolved = entitlement_rules.resolve(terms_of([sub], lookup), now=now)
    return LicenseAccess(subscription=sub, product=product, plan=plan, entitlement=resolved)


def _entitled_limit(session: Session, license: License, *, now: datetime) -> int | None:
    """The license's connection limit now (``not_entitled`` when it gives no access)."""
    access = access_of(session, license, now=now)
    if not access.entitlement.active:
        raise connections.not_entitled()
    return access.connection_limit


def live_connections(
    session: Session, *, license: License, now: datetime
) -> list[dict[str, object]]:
    return connections.live_connections(session, holder=holder_of(license), now=now)


def connect(
    session: Session,
    *,
    license: License,
    device_id: str,
    ttl: timedelta,
    now: datetime,
    actor: Actor,
) -> tuple[connections.LeaseLike, bool, int | None]:
    """A licensed user's device starts using the service (VL-13): the lease is held by the
    license, under the plan's ``connection_limit`` per license (8: any number of devices,
    at most 8 connected at once, VMs included). Returns ``(lease, created, limit)``."""
    signed_in = repository.signed_in_with(
        session,
        license_id=license.id,
        device_id=device_id,
        credential_version=license.credential_version,
    )
    device = devices.find_linked(session, device_id) if signed_in else None
    if device is None:
        raise NotFound(
            "license_device_not_found",
            "This device has not signed in with this license. Sign in again.",
            device_id=device_id,
        )
    limit = _entitled_limit(session, license, now=now)
    lease, created = connections.connect(
        session,
        holder=holder_of(license),
        device=device,
        limit=limit,
        ttl=ttl,
        now=now,
        actor=actor,
    )
    return lease, created, limit


def heartbeat(
    session: Session, *, license: License, lease_id: str, ttl: timedelta, now: datetime
) -> tuple[connections.LeaseLike, int | None]:
    lease = connections.holder_lease(session, holder=holder_of(license), lease_id=lease_id)
    limit = _entitled_limit(session, license, now=now)
    connections.heartbeat(session, lease=lease, limit=limit, ttl=ttl, now=now)
    return lease, limit


def release(
    session: Session, *, license: License, lease_id: str, now: datetime, actor: Actor
) -> connections.LeaseLike:
    lease = connections.holder_lease(session, holder=holder_of(license), lease_id=lease_id)
    return connections.end(session, lease=lease, now=now, actor=actor, reason="released")
