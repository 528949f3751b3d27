"""The License Manager (VL-9, VL-10, VL-11); licensed users' sign-in and connections (VL-13)
are :mod:`tenure.licenses.licensees`.

Only volume licensing subscriptions have licenses. The purchase side
(:mod:`tenure.volume`) creates them (:func:`create_licenses`), asks how many renew
(:func:`renewing_count`) and ends them at renewal or expiry (:func:`end_non_renewing`,
:func:`end_all`). The owner assigns each license to a person, reassigns or frees it, turns
its renewal off or on, and reads its app login per platform ("Setup").

Credentials (VL-10): assigning a license issues a system-generated username and password
(:mod:`tenure.licenses.crypto`); every reassignment, reset, free or end wipes the old one
and revokes the licensed user's tokens (``revoke_tokens_of(subject_id=license id)``) in the
same transaction, so the old credential and every session made with it stop working at
once; the devices package unlinks the devices signed in with it (their connections end).

Services never commit; every state change records an event (without secrets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from tenure.accounts.service import normalize_email
from tenure.auth.service import revoke_tokens_of
from tenure.catalog.service import plan_of
from tenure.connections import service as connections
from tenure.devices import service as devices
from tenure.events import service as events
from tenure.kit.errors import Conflict, InvalidInput, NotFound
from tenure.kit.ids import new_id
from tenure.licenses import crypto, repository
from tenure.licenses.models import License
from tenure.subscriptions.lookups import get_subscription

if TYPE_CHECKING:
    from tenure.kit.actor import Actor
    from tenure.subscriptions.models import Subscription

ACTIVE = repository.ACTIVE
ENDED = repository.ENDED
HOLDER_TYPE = "license"  # connection leases of licensed users (VL-13; see tenure.wiring)


# --------------------------------------------------------------------------- errors


def _not_found() -> NotFound:
    return NotFound("license_not_found", "No license with this id exists.")


def _ended(license: License) -> Conflict:
    return Conflict(
        "license_ended",
        "This license has ended and can no longer be changed.",
        license_id=license.id,
    )


def not_volume_subscription(subscription_id: str) -> Conflict:
    return Conflict(
        "not_volume_subscription",
        "Subscription {subscription_id} is not a volume licensing subscription; only those "
        "have licenses.",
        subscription_id=subscription_id,
    )


# --------------------------------------------------------------------------- helpers


def record(
    session: Session, license: License, type: str, *, at: datetime, actor: Actor, **data: Any
) -> None:
    """A license event. Never pass a password or username here."""
    events.record_about(
        session,
        "license",
        license,
        type,
        at=at,
        actor=actor,
        data={"subscription_id": license.subscription_id, **data},
    )


def volume_subscription(
    session: Session, subscription_id: str, *, for_update: bool = False
) -> Subscription:
    """The subscription, if it is a volume licensing one (``not_volume_subscription``)."""
    sub = get_subscription(session, subscription_id, for_update=for_update)
    ensure_volume(session, sub)
    return sub


def ensure_volume(session: Session, sub: Subscription) -> None:
    """Only volume licensing subscriptions have licenses (``not_volume_subscription``)."""
    plan = plan_of(session, sub)
    if plan.kind != "volume":
        raise not_volume_subscription(sub.id)


def get_license(session: Session, license_id: str, *, for_update: bool = False) -> License:
    found = repository.get(session, license_id, for_update=for_update)
    if found is None:
        raise _not_found()
    return found


def active_subscription_id(session: Session, license_id: str) -> str | None:
    """The subscription of an active license (a licensed user's entitlement comes from it,
    VL-13); ``None`` when the license has ended or does not exist."""
    license = repository.get(session, license_id)
    return license.subscription_id if license is not None and license.status == ACTIVE else None


def lock_for_connections(session: Session, license_id: str) -> bool:
    """The connection holder lock of a license (VL-13; see :func:`repository.lock_license`)."""
    return repository.lock_license(session, license_id)


def list_licenses(
    session: Session, *, subscription_id: str, include_ended: bool = False
) -> Sequence[License]:
    return repository.of_subscription(session, subscription_id, include_ended=include_ended)


def _ensure_active(license: License) -> None:
    if license.status != ACTIVE:
        raise _ended(license)


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput(
            "invalid_holder_name",
            "Give the name of the person who will use the license.",
            field="name",
        )
    return cleaned[:200]


def holder_of(license: License) -> connections.Holder:
    """Whose limit a licensed user's connections count against: the license's (VL-13)."""
    return connections.Holder(HOLDER_TYPE, license.id, license.account_id)


def _wipe_credential(session: Session, license: License, *, now: datetime, actor: Actor) -> int:
    """The license's current credential stops working at once: the username and password
    are forgotten, every token signed in with them is revoked, and the devices signed in with
    them are unlinked (their connections end). Returns the number of devices unlinked."""
    license.login_username = None
    license.login_password_hash = None
    license.login_password_encrypted = None
    revoke_tokens_of(session, subject_id=license.id, now=now)
    unlinked = devices.unlink_all(
        session, device_ids=repository.device_ids(session, license.id), now=now, actor=actor
    )
    # Any live lease still held by the license (defensive: every lease has a license device).
    connections.end_all_of(
        session, holder=holder_of(license), now=now, actor=actor, reason="license_changed"
    )
    return unlinked


def _issue_credential(license: License, *, now: datetime, secret_key: str) -> None:
    """A new system-generated username and password (VL-10); the version goes up by one."""
    password = crypto.new_password()
    license.credential_version += 1
    license.login_username = crypto.new_username()
    license.login_password_hash = crypto.hash_password(password)
    license.login_password_encrypted = crypto.encrypt_password(
        password,
        secret_key=secret_key,
        license_id=license.id,
        credential_version=license.credential_version,
    )
    license.credential_issued_at = now


# --------------------------------------------------------------------------- for tenure.volume


def create_licenses(
    session: Session,
    *,
    subscription_id: str,
    account_id: str,
    count: int,
    now: datetime,
    actor: Actor,
) -> list[License]:
    """``count`` new, unassigned licenses on a volume subscription: active, set to renew."""
    if count < 1:
        raise InvalidInput("invalid_license_count", "Create at least one license.", count=count)
    sub = volume_subscription(session, subscription_id)
    if sub.account_id != account_id:
        raise InvalidInput(
            "license_account_mismatch",
            "Licenses belong to the account that owns the subscription.",
            subscription_id=sub.id,
        )
    created: list[License] = []
    for _ in range(count):
        license = License(
            id=new_id("lic"),
            subscription_id=sub.id,
            account_id=sub.account_id,
            status=ACTIVE,
            holder_name=None,
            holder_email=None,
            auto_renew=True,
            assigned_at=None,
            ended_at=None,
            end_reason=None,
            login_username=None,
            login_password_encrypted=None,
            login_password_hash=None,
            credential_version=0,
            credential_issued_at=None,
            created_at=now,
            updated_at=now,
        )
        repository.add(session, license)
        record(session, license, "created", at=now, actor=actor)
        created.append(license)
    return created


def active_count(session: Session, *, subscription_id: str) -> int:
    return repository.count_active(session, subscription_id)


def renewing_count(session: Session, *, subscription_id: str) -> int:
    """Active licenses still set to renew at the next renewal (VL-11)."""
    return repository.count_active(session, subscription_id, renewing_only=True)


def _end(session: Session, license: License, *, reason: str, now: datetime, actor: Actor) -> None:
    was_assigned = license.holder_email is not None
    devices_unlinked = _wipe_credential(session, license, now=now, actor=actor)
    license.status = ENDED
    license.ended_at = now
    license.end_reason = reason
    license.updated_at = now
    record(
        session,
        license,
        "ended",
        at=now,
        actor=actor,
        reason=reason,
        was_assigned=was_assigned,
        devices_unlinked=devices_unlinked,
    )


def end_non_renewing(session: Session, *, subscription_id: str, now: datetime, actor: Actor) -> int:
    """At renewal (VL-11): the licenses set not to renew end — their credential and the
    holder's tokens stop working. Returns how many ended."""
    ending = repository.active_to_end(session, subscription_id, only_not_renewing=True)
    for license in ending:
        _end(session, license, reason="not_renewed", now=now, actor=actor)
    return len(ending)


def end_all(session: Session, *, subscription_id: str, now: datetime, actor: Actor) -> int:
    """The subscription ended (expired or cancelled to its end, VL-12): every license ends."""
    ending = repository.active_to_end(session, subscription_id, only_not_renewing=False)
    for license in ending:
        _end(session, license, reason="subscription_ended", now=now, actor=actor)
    return len(ending)


# --------------------------------------------------------------------------- License Manager


def assign(
    session: Session,
    *,
    license: License,
    name: str,
    email: str,
    now: datetime,
    actor: Actor,
    secret_key: str,
) -> License:
    """Give the license to a person (VL-9). An unassigned license gets its first credential.
    Giving an assigned license to someone else (another email) is a reassignment: a new
    credential is issued and the old one stops working at once (VL-10). The same email again
    only updates the name and keeps the credential."""
    _ensure_active(license)
    holder_name = _clean_name(name)
    holder_email = normalize_email(email)
    if license.holder_email == holder_email:
        if license.holder_name != holder_name:
            previous = license.holder_name
            license.holder_name = holder_name
            license.updated_at = now
            record(
                session,
                license,
                "holder_renamed",
                at=now,
                actor=actor,
                holder_name=holder_name,
                previous_holder_name=previous,
            )
        return license
    previous_email = license.holder_email
    reassigned = previous_email is not None
    devices_unlinked = _wipe_credential(session, license, now=now, actor=actor) if reassigned else 0
    license.holder_name = holder_name
    license.holder_email = holder_email
    license.assigned_at = now
    license.updated_at = now
    _issue_credential(license, now=now, secret_key=secret_key)
    data: dict[str, Any] = {
        "holder_name": holder_name,
        "holder_email": holder_email,
        "credential_version": license.credential_version,
    }
    if reassigned:
        data.update(previous_holder_email=previous_email, devices_unlinked=devices_unlinked)
    record(
        session, license, "reassigned" if reassigned else "assigned", at=now, actor=actor, **data
    )
    return license


def reset_credential(
    session: Session, *, license: License, now: datetime, actor: Actor, secret_key: str
) -> License:
    """A new username and password for the same person (e.g. the old one leaked); the old one
    stops working at once."""
    _ensure_active(license)
    if license.holder_email is None:
        raise _not_assigned(license)
    devices_unlinked = _wipe_credential(session, license, now=now, actor=actor)
    _issue_credential(license, now=now, secret_key=secret_key)
    license.updated_at = now
    record(
        session,
        license,
        "credential_reset",
        at=now,
        actor=actor,
        credential_version=license.credential_version,
        devices_unlinked=devices_unlinked,
    )
    return license


def free(session: Session, *, license: License, now: datetime, actor: Actor) -> License:
    """Unassign the license (VL-9): the person's credential and sessions stop working at once
    and the license waits for its next holder. Freeing a free license changes nothing."""
    _ensure_active(license)
    if license.holder_email is None:
        return license
    previous_email = license.holder_email
    devices_unlinked = _wipe_credential(session, license, now=now, actor=actor)
    license.holder_name = None
    license.holder_email = None
    license.assigned_at = None
    license.updated_at = now
    record(
        session,
        license,
        "freed",
        at=now,
        actor=actor,
        previous_holder_email=previous_email,
        devices_unlinked=devices_unlinked,
    )
    return license


def set_auto_renew(
    session: Session, *, license: License, enabled: bool, now: datetime, actor: Actor
) -> License:
    """VL-11: renew this license at the next billing cycle, or let it end there."""
    _ensure_active(license)
    if license.auto_renew == enabled:
        return license
    license.auto_renew = enabled
    license.updated_at = now
    record(session, license, "auto_renew_changed", at=now, actor=actor, auto_renew=enabled)
    return license


def _not_assigned(license: License) -> Conflict:
    return Conflict(
        "license_not_assigned",
        "Assign this license to a person first; its app login is created then.",
        license_id=license.id,
    )


@dataclass(frozen=True, slots=True)
class Credential:
    username: str
    password: str
    version: int


def reveal_credential(license: License, *, secret_key: str) -> Credential:
    """The app login of an assigned license, decrypted for the owner's "Setup" (VL-10)."""
    _ensure_active(license)
    if (
        license.holder_email is None
        or license.login_username is None
        or license.login_password_encrypted is None
    ):
        raise _not_assigned(license)
    try:
        password = crypto.decrypt_password(
            license.login_password_encrypted,
            secret_key=secret_key,
            license_id=license.id,
            credential_version=license.credential_version,
        )
    except crypto.CredentialUnreadable as exc:
        raise Conflict(
            "credential_unreadable",
            "The app login of this license cannot be shown (the server's secret key has "
            "changed). Reset the license's login to get a new one.",
            license_id=license.id,
        ) from exc
    return Credential(license.login_username, password, license.credential_version)
