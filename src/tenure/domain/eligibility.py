"""May this subscription be sent to this device? (DEV-5, DEV-6, DEV-7)

A pure function: it reads plain facts gathered by the caller and returns EVERY reason that
stands in the way, in a fixed order, each with a stable machine-readable ``code`` and an
English message that is also the msgid of its Danish and German translations (X-5). An empty
list means the subscription may be sent.

The codes (docs/devices.md explains each one):

``activation_code_expired``, ``activation_code_blocked``, ``activation_code_suspended``,
``subscription_not_active``, ``device_not_linked``, ``already_installed``,
``expires_sooner_than_current``, ``delivery_pending``, ``no_free_slots``,
``not_released_in_region``, ``trial_or_free``, ``per_user_subscription``,
``app_version_incompatible``, ``small_office_admin_only``, ``fixed_term_to_auto_renew_app``,
``auto_renew_to_fixed_term_app``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from tenure.kit.clock import rfc3339

CodeState = Literal["active", "blocked", "suspended"]
LIVE_STATUSES = frozenset({"trialing", "active", "past_due"})

MESSAGES: Mapping[str, str] = {
    "activation_code_expired": "The subscription's activation code has expired.",
    "activation_code_blocked": "The subscription's activation code is blocked.",
    "activation_code_suspended": "The subscription's activation code is suspended.",
    "subscription_not_active": "The subscription is not active.",
    "device_not_linked": "The device is not linked to your account.",
    "already_installed": "The device already uses this subscription.",
    "expires_sooner_than_current": (
        "The subscription expires sooner than the one the app on the device already uses."
    ),
    "delivery_pending": "Another subscription delivery to this device is pending.",
    "no_free_slots": "There are no free slots (devices or users) left under the "
    "subscription's limit.",
    "not_released_in_region": "The product has not been released in the device's region yet.",
    "trial_or_free": "Trial and free subscriptions cannot be sent to a device.",
    "per_user_subscription": "This subscription is for a per-user service: it activates by "
    "itself when the app is linked to your account.",
    "app_version_incompatible": "The subscription is not compatible with the app version "
    "installed on the device.",
    "small_office_admin_only": "A small-office subscription can be sent only from its admin "
    "console, by the subscription's administrator.",
    "fixed_term_to_auto_renew_app": "A subscription for a limited term or a limited number of "
    "devices cannot be sent to an app that uses a subscription with automatic renewal.",
    "auto_renew_to_fixed_term_app": "A subscription with automatic renewal cannot be sent to "
    "an app that uses an active subscription for a limited term or a limited number of "
    "devices.",
}

CODES: tuple[str, ...] = tuple(MESSAGES)


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a subscription cannot be sent; ``details`` are machine-readable extras."""

    code: str
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return MESSAGES[self.code]


@dataclass(frozen=True, slots=True)
class Offer:
    """The subscription to be sent, with the terms of its plan."""

    subscription_id: str
    status: str  # scheduled | trialing | active | past_due | expired
    ends_at: datetime | None  # end of the paid (or trial, or grace) period; None: never
    free: bool = False  # the plan's kind is free
    per_user: bool = False
    small_office: bool = False
    fixed_term: bool = False  # the plan's renewal is fixed_term
    fixed_device: bool = False  # bound to the device it runs on
    auto_renewing: bool = True  # it renews by itself (auto plan, renewal on, not cancelled)
    regions: tuple[str, ...] = ("*",)
    min_app_versions: Mapping[str, str] = field(default_factory=dict)
    platforms: tuple[str, ...] = ()  # the product's platforms; empty: every platform
    code_state: CodeState | None = None  # None: the plan has no activation codes
    slots: int | None = None  # device/user slots of the activation code
    slots_used: int = 0  # devices using it plus deliveries on their way to another device

    @property
    def live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def limited(self) -> bool:
        """A subscription for a limited term or a limited number of devices."""
        return self.fixed_term or self.fixed_device


@dataclass(frozen=True, slots=True)
class Installed:
    """The subscription the app on the target device uses now."""

    subscription_id: str
    status: str
    ends_at: datetime | None
    fixed_term: bool = False
    fixed_device: bool = False
    auto_renewing: bool = False

    @property
    def live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def limited(self) -> bool:
        return self.fixed_term or self.fixed_device


@dataclass(frozen=True, slots=True)
class Target:
    """The device the subscription would go to."""

    device_id: str
    linked: bool  # linked to the subscription's account (and not unlinked)
    platform: str
    app_version: str | None
    region: str | None
    installed: Installed | None = None
    other_delivery_pending: bool = False


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sends, from where, and whether another device gives up its slot first."""

    via_admin_console: bool = False
    is_subscription_admin: bool = False
    releases_slot: bool = False  # the delivery waits for another device to release it


def version_tuple(version: str | None) -> tuple[int, ...]:
    """``"21.3.1-beta"`` → ``(21, 3, 1)``; nothing readable → ``()``."""
    if not version:
        return ()
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", version)
    if match is None:
        return ()
    parts = [int(p) for p in match.group(1).split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def version_at_least(version: str | None, minimum: str) -> bool:
    have = version_tuple(version)
    return bool(have) and have >= version_tuple(minimum)


def reasons_not_sendable(offer: Offer, target: Target, sender: Sender) -> list[Reason]:
    """Every reason ``offer`` cannot be sent to ``target`` by ``sender``; empty: it can."""
    out: list[Reason] = []
    add = out.append
    has_code = offer.code_state is not None

    # The activation code (DEV-7); it shows as expired once the subscription has ended.
    if has_code and offer.status == "expired":
        add(Reason("activation_code_expired"))
    if offer.code_state == "blocked":
        add(Reason("activation_code_blocked"))
    if offer.code_state == "suspended":
        add(Reason("activation_code_suspended"))
    if not offer.live and not (has_code and offer.status == "expired"):
        add(Reason("subscription_not_active", {"status": offer.status}))

    if not target.linked:
        add(Reason("device_not_linked"))
    installed = target.installed
    same = installed is not None and installed.subscription_id == offer.subscription_id
    if same:
        add(Reason("already_installed"))
    current = installed if installed is not None and installed.live and not same else None
    if (
        current is not None
        and offer.ends_at is not None
        and (current.ends_at is None or offer.ends_at < current.ends_at)
    ):
        add(
            Reason(
                "expires_sooner_than_current",
                {
                    "ends_at": rfc3339(offer.ends_at),
                    "current_ends_at": rfc3339(current.ends_at) if current.ends_at else None,
                },
            )
        )
    if target.other_delivery_pending:
        add(Reason("delivery_pending"))
    if offer.slots is not None and not same:
        used = offer.slots_used - (1 if sender.releases_slot else 0)
        if used >= offer.slots:
            add(Reason("no_free_slots", {"slots": offer.slots, "used": offer.slots_used}))
    if "*" not in offer.regions and (target.region or "").upper() not in offer.regions:
        add(Reason("not_released_in_region", {"region": target.region}))
    if offer.status == "trialing" or offer.free:
        add(Reason("trial_or_free"))
    if offer.per_user:
        add(Reason("per_user_subscription"))
    minimum = offer.min_app_versions.get(target.platform)
    unsupported = bool(offer.platforms) and target.platform not in offer.platforms
    if unsupported or (minimum is not None and not version_at_least(target.app_version, minimum)):
        add(
            Reason(
                "app_version_incompatible",
                {
                    "platform": target.platform,
                    "app_version": target.app_version,
                    "min_app_version": minimum,
                },
            )
        )
    if offer.small_office and not (sender.via_admin_console and sender.is_subscription_admin):
        add(Reason("small_office_admin_only"))
    if current is not None and offer.limited and current.auto_renewing and not current.limited:
        add(Reason("fixed_term_to_auto_renew_app"))
    if current is not None and offer.auto_renewing and not offer.limited and current.limited:
        add(Reason("auto_renew_to_fixed_term_app"))
    return out


def must_release_first(offer: Offer, target: Target, *, installed_on: list[str]) -> str | None:
    """The device that must release the subscription before ``target`` can use it, if any.

    A fixed-device subscription runs on one device only: sending it elsewhere waits until the
    device it is on gives it up.
    """
    if offer.fixed_device:
        for device_id in installed_on:
            if device_id != target.device_id:
                return device_id
    return None
