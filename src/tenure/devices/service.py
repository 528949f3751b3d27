"""Devices linked to an account (DEV-1), one-time link codes (DEV-2), emailed download links
(DEV-3) and the device's check-in.

Services never commit; every state change records an event in the caller's transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from tenure.accounts.service import get_account, normalize_country, normalize_email
from tenure.auth.service import issue_access_token, revoke_tokens_of
from tenure.catalog.schema import Product
from tenure.catalog.service import current_catalog
from tenure.devices import deliveries, extensions, repository
from tenure.devices.models import Delivery, Device, LinkAttempt, LinkCode
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.errors import InvalidInput, NotFound, RateLimited
from tenure.kit.ids import new_id
from tenure.kit.pages import Window
from tenure.kit.settings import Settings
from tenure.notifications.service import enqueue_email

LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LINK_CODE_LENGTH = 8
RATE_PREFIX_LENGTH = 2


@dataclass(frozen=True, slots=True)
class DeviceReport:
    """What an app tells about itself when it links or checks in."""

    name: str | None = None
    platform: str | None = None
    os_version: str | None = None
    app_version: str | None = None
    region: str | None = None
    fingerprint: str | None = None
    is_vm: bool | None = None


def _record(
    session: Session, device: Device, type: str, *, at: datetime, actor: Actor, **data: Any
) -> None:
    events.record_about(session, "device", device, type, at=at, actor=actor, data=data)


# --------------------------------------------------------------------------- devices (DEV-1)


def get_device(session: Session, device_id: str, *, for_update: bool = False) -> Device:
    device = repository.get(session, device_id, for_update=for_update)
    if device is None:
        raise NotFound("device_not_found", "No device with this id exists.")
    return device


def linked_device(session: Session, device_id: str) -> Device:
    """The device of a device token; an unlinked device's token no longer works anyway."""
    device = get_device(session, device_id)
    if device.unlinked_at is not None:
        raise NotFound("device_not_found", "No device with this id exists.")
    return device


def find_linked(session: Session, device_id: str) -> Device | None:
    """The device if it exists and is linked."""
    device = repository.get(session, device_id)
    return device if device is not None and device.unlinked_at is None else None


def list_devices(
    session: Session,
    *,
    account_id: str,
    include_unlinked: bool = False,
    window: Window | None = None,
) -> Sequence[Device]:
    """The account's devices in the order they were linked (all, or one window)."""
    return repository.for_account(
        session, account_id, include_unlinked=include_unlinked, window=window
    )


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("invalid_device_name", "Give the device a name.", field="name")
    return name[:100]


def rename(session: Session, *, device: Device, name: str, now: datetime, actor: Actor) -> Device:
    new = _clean_name(name)
    if new == device.name:
        return device
    old, device.name, device.updated_at = device.name, new, now
    _record(session, device, "renamed", at=now, actor=actor, name=new, previous_name=old)
    return device


def unlink(session: Session, *, device: Device, now: datetime, actor: Actor) -> Device:
    """Unlink a device: its token stops working at once, its connections end, deliveries to
    it are cancelled, and a subscription it used is released (DEV-1)."""
    if device.unlinked_at is not None:
        return device
    device.unlinked_at = now
    device.updated_at = now
    revoke_tokens_of(session, subject_id=device.id, now=now)
    ended = extensions.end_connections()(
        session, device_id=device.id, now=now, actor=actor, reason="device_unlinked"
    )
    deliveries.on_device_gone(session, device=device, now=now, actor=actor)
    _record(session, device, "unlinked", at=now, actor=actor, connections_ended=ended)
    return device


def _add_device(
    session: Session,
    *,
    device_id: str,
    account_id: str,
    name: str,
    report: DeviceReport,
    installed_at: datetime | None,
    now: datetime,
) -> Device:
    """A newly linked device of the account, as the app reported it."""
    assert report.platform is not None
    device = Device(
        id=device_id,
        account_id=account_id,
        name=name,
        platform=report.platform,
        os_version=report.os_version,
        app_version=report.app_version,
        region=report.region,
        fingerprint=report.fingerprint,
        is_vm=bool(report.is_vm),
        subscription_id=None,
        installed_at=installed_at,
        linked_at=now,
        last_check_in_at=now,
        unlinked_at=None,
        updated_at=now,
    )
    repository.add(session, device)
    return device


def unlink_all(session: Session, *, device_ids: Sequence[str], now: datetime, actor: Actor) -> int:
    """Unlink the linked devices among ``device_ids`` (e.g. those signed in with a license's
    credential when it changes, VL-10), in the order they were linked. How many were."""
    linked = repository.linked_among(session, device_ids)
    for device in linked:
        unlink(session, device=device, now=now, actor=actor)
    return len(linked)


def link_licensed(
    session: Session,
    *,
    among: Sequence[str],
    account_id: str,
    license_id: str,
    report: DeviceReport,
    now: datetime,
    actor: Actor,
) -> tuple[Device, bool]:
    """An app signed in with a volume license's credential (VL-13): its installation becomes
    a device of the owner's account. Signing in again with the fingerprint of a linked device
    ``among`` those of the same credential reuses it. Returns ``(device, created)``."""
    if report.platform is None or report.name is None:  # pragma: no cover - schema requires
        raise InvalidInput("invalid_device", "Name the device and its platform.")
    device = (
        repository.linked_by_fingerprint(session, report.fingerprint, among=among)
        if report.fingerprint
        else None
    )
    name = " ".join(report.name.split())[:100] or report.platform
    if device is not None:
        device.name = name
        device.platform = report.platform
        device.os_version = report.os_version or device.os_version
        device.app_version = report.app_version or device.app_version
        device.is_vm = bool(report.is_vm)
        device.last_check_in_at = now
        device.updated_at = now
        return device, False
    device = _add_device(
        session,
        device_id=new_id("dev"),
        account_id=account_id,
        name=name,
        report=replace(report, region=None),
        installed_at=now,  # not a delivery target (DEV-5): the license gives access
        now=now,
    )
    _record(
        session,
        device,
        "linked",
        at=now,
        actor=actor,
        platform=device.platform,
        is_vm=device.is_vm,
        license_id=license_id,
    )
    return device, True


def _apply_report(device: Device, report: DeviceReport) -> list[str]:
    changed: list[str] = []
    for field in ("name", "platform", "os_version", "app_version", "region", "fingerprint"):
        value = getattr(report, field)
        if value is not None and getattr(device, field) != value:
            setattr(device, field, value)
            changed.append(field)
    if report.is_vm is not None and device.is_vm != report.is_vm:
        device.is_vm = report.is_vm
        changed.append("is_vm")
    return changed


def _validated(report: DeviceReport) -> DeviceReport:
    region = normalize_country(report.region) if report.region is not None else None
    name = _clean_name(report.name) if report.name is not None else None
    return DeviceReport(
        name=name,
        platform=report.platform,
        os_version=report.os_version,
        app_version=report.app_version,
        region=region,
        fingerprint=report.fingerprint,
        is_vm=report.is_vm,
    )


# --------------------------------------------------------------------------- link codes (DEV-2)


def _code_hash(secret_key: str, normalized: str) -> str:
    return hmac.new(
        secret_key.encode(), f"device-link:{normalized}".encode(), hashlib.sha256
    ).hexdigest()


def normalize_link_code(text: str) -> str:
    """``abcd-efgh`` / ``ABCD EFGH`` → ``ABCDEFGH`` (may still be a wrong code)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:32]


def create_link_code(
    session: Session,
    *,
    account_id: str,
    now: datetime,
    ttl: timedelta,
    secret_key: str,
    actor: Actor,
) -> tuple[LinkCode, str]:
    """A new one-time code, shown once as ``ABCD-EFGH``; only its HMAC is stored."""
    account = get_account(session, account_id)
    raw = "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
    row = LinkCode(
        id=new_id("lnk"),
        account_id=account.id,
        code_hash=_code_hash(secret_key, raw),
        created_at=now,
        expires_at=now + ttl,
        used_at=None,
        device_id=None,
    )
    repository.add(session, row)
    events.record(
        session,
        type="device.link_code_created",
        at=now,
        actor=actor,
        subject_type="link_code",
        subject_id=row.id,
        account_id=account.id,
        data={"expires_at": rfc3339(row.expires_at)},
    )
    return row, f"{raw[:4]}-{raw[4:]}"


def check_link_rate(
    session: Session, *, client: str, code: str, now: datetime, settings: Settings
) -> None:
    """Refuse a redemption once a client, or a code prefix across all clients, has failed too
    often in the window (DEV-2). Attempts are stored, so every process sees them."""
    window = timedelta(minutes=settings.link_code_failure_window_minutes)
    prefix = normalize_link_code(code)[:RATE_PREFIX_LENGTH]
    by_client, client_oldest, by_prefix, prefix_oldest = repository.failures_since(
        session, client=client, prefix=prefix, since=now - window
    )
    blocked_until: list[datetime] = []
    if by_client >= settings.link_code_max_failures_per_client and client_oldest is not None:
        blocked_until.append(client_oldest + window)
    if by_prefix >= settings.link_code_max_failures_per_prefix and prefix_oldest is not None:
        blocked_until.append(prefix_oldest + window)
    if blocked_until:
        raise RateLimited.failed_too_often(until=max(blocked_until), now=now)


def record_link_failure(session: Session, *, client: str, code: str, now: datetime) -> None:
    prefix = normalize_link_code(code)[:RATE_PREFIX_LENGTH]
    repository.add(session, LinkAttempt(client=client[:64], prefix=prefix, at=now))


class InvalidLinkCode(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "invalid_link_code",
            "The code is wrong, has expired or was already used. Ask for a new code.",
        )


def redeem_link_code(
    session: Session,
    *,
    code: str,
    report: DeviceReport,
    now: datetime,
    secret_key: str,
) -> tuple[Device, str]:
    """Link a new installation with a one-time code: it becomes a device of the code's account
    and gets a device token (shown once). A device that links again with the fingerprint of
    a linked device of the same account takes that device over (a reinstall) and its old
    token stops working. ``InvalidLinkCode`` is raised before anything is written."""
    if report.platform is None or report.name is None:  # pragma: no cover - schema requires
        raise InvalidInput("invalid_device", "Name the device and its platform.")
    report = _validated(report)
    normalized = normalize_link_code(code)
    row = repository.link_code_by_hash(session, _code_hash(secret_key, normalized))
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise InvalidLinkCode()
    device = (
        repository.linked_by_fingerprint(session, report.fingerprint, account_id=row.account_id)
        if report.fingerprint
        else None
    )
    relinked = device is not None
    # The code is used first: a refused redemption has written nothing (the caller records
    # the failure and commits it).
    device_id = device.id if device is not None else new_id("dev")
    if not repository.use_link_code(session, row.id, device_id=device_id, now=now):
        raise InvalidLinkCode()  # redeemed by a concurrent request a moment ago
    if device is None:
        device = _add_device(
            session,
            device_id=device_id,
            account_id=row.account_id,
            name=report.name or "",
            report=report,
            installed_at=None,
            now=now,
        )
    else:
        _apply_report(device, report)
        device.last_check_in_at = now
        device.updated_at = now
        revoke_tokens_of(session, subject_id=device.id, now=now)
    _token, secret = issue_access_token(
        session, kind="device", subject_id=device.id, account_id=row.account_id, now=now, ttl=None
    )
    actor = Actor("device", device.id)
    _record(
        session,
        device,
        "relinked" if relinked else "linked",
        at=now,
        actor=actor,
        platform=device.platform,
        link_code_id=row.id,
        is_vm=device.is_vm,
    )
    return device, secret


# --------------------------------------------------------------------------- download links


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret_key: str, payload: str) -> str:
    mac = hmac.new(secret_key.encode(), f"download-link:{payload}".encode(), hashlib.sha256)
    return _b64(mac.digest())


def download_token(*, account_id: str, product: str, expires_at: datetime, secret_key: str) -> str:
    payload = _b64(
        json.dumps(
            {"a": account_id, "p": product, "e": int(expires_at.timestamp())},
            separators=(",", ":"),
        ).encode()
    )
    return f"{payload}.{_sign(secret_key, payload)}"


@dataclass(frozen=True, slots=True)
class DownloadGrant:
    account_id: str
    product: str
    expires_at: datetime


def read_download_token(token: str, *, secret_key: str, now: datetime) -> DownloadGrant:
    """Check a download link's signature and expiry (DEV-3)."""
    invalid = NotFound(
        "invalid_download_link", "This download link is not valid. Ask for a new one."
    )
    payload, _, signature = token.partition(".")
    # A genuine token is ASCII (base64 and hex); compare_digest refuses to compare other text.
    if not payload or not signature or len(token) > 1000 or not token.isascii():
        raise invalid
    if not hmac.compare_digest(signature, _sign(secret_key, payload)):
        raise invalid
    try:
        data = json.loads(_unb64(payload))
        grant = DownloadGrant(
            account_id=str(data["a"]),
            product=str(data["p"]),
            expires_at=datetime.fromtimestamp(int(data["e"]), tz=UTC),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise invalid from exc
    if grant.expires_at <= now:
        raise InvalidInput(
            "download_link_expired", "This download link has expired. Ask for a new one."
        )
    return grant


def product_for_download(session: Session, product_code: str) -> Product:
    for product in current_catalog(session).catalog.products:
        if product.code == product_code:
            return product
    raise NotFound(
        "unknown_product", "No product with code {product} exists.", product=product_code
    )


def send_download_link(
    session: Session,
    *,
    account_id: str,
    to: str,
    product_code: str,
    now: datetime,
    ttl: timedelta,
    base_url: str,
    secret_key: str,
    actor: Actor,
) -> datetime:
    """Email a signed, expiring link to download the product on a new device (DEV-3)."""
    account = get_account(session, account_id)
    address = normalize_email(to)
    product = product_for_download(session, product_code)
    expires_at = now + ttl
    token = download_token(
        account_id=account.id, product=product.code, expires_at=expires_at, secret_key=secret_key
    )
    email = enqueue_email(
        session,
        to=address,
        template="download_link",
        locale=account.locale,
        context={
            "product_name": product.name,
            "link": f"{base_url.rstrip('/')}/v1/downloads/{token}",
            "expires_hours": max(1, round(ttl.total_seconds() / 3600)),
            "name": account.name or None,
        },
        now=now,
        account_id=account.id,
    )
    events.record(
        session,
        type="device.download_link_sent",
        at=now,
        actor=actor,
        subject_type="account",
        subject_id=account.id,
        account_id=account.id,
        data={
            "product": product.code,
            "email_id": email.id if email else None,
            "expires_at": rfc3339(expires_at),
        },
    )
    return expires_at


# --------------------------------------------------------------------------- check-in (DEV-5)


@dataclass(frozen=True, slots=True)
class CheckIn:
    device: Device
    deliveries: Sequence[Delivery]  # subscriptions waiting for this device to confirm
    release_requests: Sequence[Delivery]  # deliveries waiting for this device to release


def check_in(
    session: Session, *, device: Device, report: DeviceReport, now: datetime, actor: Actor
) -> CheckIn:
    """The app reports its versions and region and picks up what waits for it."""
    report = _validated(
        DeviceReport(
            name=report.name,
            os_version=report.os_version,
            app_version=report.app_version,
            region=report.region,
        )
    )
    changed = _apply_report(device, report)
    device.last_check_in_at = now
    device.updated_at = now
    if changed:
        _record(
            session,
            device,
            "updated",
            at=now,
            actor=actor,
            changed=changed,
            app_version=device.app_version,
            os_version=device.os_version,
            region=device.region,
        )
    waiting = repository.open_deliveries_to(session, device.id, now=now)
    offered = [d for d in waiting if d.status == "pending"]
    for delivery in offered:
        if delivery.picked_up_at is None:
            delivery.picked_up_at = now
            delivery.updated_at = now
            events.record(
                session,
                type="delivery.picked_up",
                at=now,
                actor=actor,
                subject_type="delivery",
                subject_id=delivery.id,
                account_id=delivery.account_id,
                data={"device_id": device.id, "subscription_id": delivery.subscription_id},
            )
    releases = repository.awaiting_release_from(session, device.id, now=now)
    return CheckIn(device=device, deliveries=offered, release_requests=releases)
