"""DEV-6 / DEV-7: the pure eligibility rule returns EVERY reason a subscription cannot be sent
to a device, each with a stable code and an English, Danish and German message."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tenure.domain.eligibility import (
    CODES,
    MESSAGES,
    Installed,
    Offer,
    Sender,
    Target,
    must_release_first,
    reasons_not_sendable,
    version_at_least,
)
from tenure.kit.i18n import gettext

NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)
YEAR = NOW + timedelta(days=365)

OFFER = Offer(
    subscription_id="sub_new",
    status="active",
    ends_at=YEAR,
    auto_renewing=True,
    code_state="active",
    slots=3,
    slots_used=1,
    min_app_versions={"windows": "21.3"},
    platforms=("windows", "android"),
)
TARGET = Target(device_id="dev_1", linked=True, platform="windows", app_version="22.0", region="DK")
SENDER = Sender()

AUTO_IN_USE = Installed("sub_old", "active", YEAR - timedelta(days=30), auto_renewing=True)
FIXED_IN_USE = Installed("sub_old", "active", YEAR - timedelta(days=30), fixed_term=True)

# code -> the smallest change to a sendable (offer, target, sender) that produces it alone.
ALONE: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "activation_code_expired": ({"status": "expired"}, {}, {}),
    "activation_code_blocked": ({"code_state": "blocked"}, {}, {}),
    "activation_code_suspended": ({"code_state": "suspended"}, {}, {}),
    "subscription_not_active": ({"status": "scheduled"}, {}, {}),
    "device_not_linked": ({}, {"linked": False}, {}),
    "already_installed": ({}, {"installed": replace(AUTO_IN_USE, subscription_id="sub_new")}, {}),
    "expires_sooner_than_current": (
        {},
        {"installed": replace(AUTO_IN_USE, ends_at=YEAR + timedelta(days=1))},
        {},
    ),
    "delivery_pending": ({}, {"other_delivery_pending": True}, {}),
    "no_free_slots": ({"slots_used": 3}, {}, {}),
    "not_released_in_region": ({"regions": ("DE", "AT")}, {}, {}),
    "trial_or_free": ({"status": "trialing"}, {}, {}),
    "per_user_subscription": ({"per_user": True}, {}, {}),
    "app_version_incompatible": ({}, {"app_version": "21.2.99"}, {}),
    "small_office_admin_only": ({"small_office": True}, {}, {}),
    "fixed_term_to_auto_renew_app": (
        {"fixed_term": True, "auto_renewing": False},
        {"installed": AUTO_IN_USE},
        {},
    ),
    "auto_renew_to_fixed_term_app": ({}, {"installed": FIXED_IN_USE}, {}),
}


def _codes(offer: dict[str, Any], target: dict[str, Any], sender: dict[str, Any]) -> list[str]:
    reasons = reasons_not_sendable(
        replace(OFFER, **offer), replace(TARGET, **target), replace(SENDER, **sender)
    )
    return [r.code for r in reasons]


def test_dev6_the_baseline_is_sendable() -> None:
    assert _codes({}, {}, {}) == []


def test_dev6_the_table_covers_every_code() -> None:
    assert set(ALONE) == set(CODES)
    assert len(CODES) == 16


@pytest.mark.parametrize("code", sorted(ALONE))
def test_dev6_each_code_alone(code: str) -> None:
    offer, target, sender = ALONE[code]
    assert _codes(offer, target, sender) == [code]


@pytest.mark.parametrize("code", sorted(ALONE))
@pytest.mark.parametrize("locale", ["en", "da", "de"])
def test_dev6_x5_every_code_has_a_message_in_each_language(code: str, locale: str) -> None:
    message = gettext(MESSAGES[code], locale)
    assert message.endswith(".")
    if locale != "en":
        assert message != MESSAGES[code], f"{code} has no {locale} translation"


COMBINATIONS = [
    (
        {"status": "trialing", "per_user": True, "regions": ("US",)},
        {"linked": False},
        {},
        ["device_not_linked", "not_released_in_region", "trial_or_free", "per_user_subscription"],
    ),
    (
        {"status": "expired", "code_state": "blocked", "small_office": True},
        {"other_delivery_pending": True, "app_version": "20"},
        {"via_admin_console": True},
        [
            "activation_code_expired",
            "activation_code_blocked",
            "delivery_pending",
            "app_version_incompatible",
            "small_office_admin_only",
        ],
    ),
    (
        {"fixed_term": True, "auto_renewing": False, "slots_used": 5},
        {"installed": replace(AUTO_IN_USE, ends_at=YEAR + timedelta(days=10))},
        {},
        ["expires_sooner_than_current", "no_free_slots", "fixed_term_to_auto_renew_app"],
    ),
    (
        {"code_state": "suspended", "free": True, "status": "scheduled"},
        {"installed": FIXED_IN_USE, "region": None},
        {},
        [
            "activation_code_suspended",
            "subscription_not_active",
            "trial_or_free",
            "auto_renew_to_fixed_term_app",
        ],
    ),
]


@pytest.mark.parametrize(("offer", "target", "sender", "expected"), COMBINATIONS)
def test_dev6_every_reason_that_applies_in_a_fixed_order(
    offer: dict[str, Any], target: dict[str, Any], sender: dict[str, Any], expected: list[str]
) -> None:
    assert _codes(offer, target, sender) == expected


def test_dev6_small_office_goes_from_its_admin_console_by_its_admin_only() -> None:
    office = {"small_office": True}
    assert _codes(office, {}, {"via_admin_console": True}) == ["small_office_admin_only"]
    assert _codes(office, {}, {"is_subscription_admin": True}) == ["small_office_admin_only"]
    assert _codes(office, {}, {"via_admin_console": True, "is_subscription_admin": True}) == []


def test_dev6_slots_rules() -> None:
    assert _codes({"slots_used": 2}, {}, {}) == []
    assert _codes({"slots_used": 3}, {}, {"releases_slot": True}) == []  # another gives way
    assert _codes({"slots": None, "code_state": None, "slots_used": 99}, {}, {}) == []
    # A device already using it needs no new slot (and says so).
    mine = replace(AUTO_IN_USE, subscription_id="sub_new")
    assert _codes({"slots_used": 3}, {"installed": mine}, {}) == ["already_installed"]


def test_dev6_an_expired_or_cancelled_subscription_in_use_blocks_nothing() -> None:
    ended = replace(FIXED_IN_USE, status="expired", ends_at=YEAR + timedelta(days=100))
    assert _codes({}, {"installed": ended}, {}) == []
    cancelled = replace(AUTO_IN_USE, auto_renewing=False)  # neither renews nor is fixed-term
    assert _codes({"fixed_term": True, "auto_renewing": False}, {"installed": cancelled}, {}) == []


def test_dev6_expiry_comparison() -> None:
    same_end = replace(AUTO_IN_USE, ends_at=YEAR)
    assert _codes({}, {"installed": same_end}, {}) == []
    forever = replace(AUTO_IN_USE, ends_at=None)
    assert _codes({}, {"installed": forever}, {}) == ["expires_sooner_than_current"]
    assert _codes({"ends_at": None}, {"installed": forever}, {}) == []


def test_dev6_region_and_platform_rules() -> None:
    assert _codes({"regions": ("DK",)}, {"region": "dk"}, {}) == []
    assert _codes({"regions": ("DK",)}, {"region": None}, {}) == ["not_released_in_region"]
    assert _codes({}, {"platform": "linux"}, {}) == ["app_version_incompatible"]
    assert _codes({"platforms": ()}, {"platform": "linux"}, {}) == []
    assert _codes({}, {"app_version": None}, {}) == ["app_version_incompatible"]
    assert _codes({}, {"platform": "android", "app_version": None}, {}) == []


@pytest.mark.parametrize(
    ("version", "minimum", "ok"),
    [
        ("21.3", "21.3", True),
        ("21.3.0", "21.3", True),
        ("21.10", "21.9", True),
        ("21.2.99", "21.3", False),
        ("7.3.7-beta2", "7.3.7", True),
        ("v22", "21.3", True),
        ("", "1", False),
        ("garbage", "1", False),
        (None, "1", False),
    ],
)
def test_dev6_app_versions_compare_as_numbers(version: str | None, minimum: str, ok: bool) -> None:
    assert version_at_least(version, minimum) is ok


def test_dev5_fixed_device_waits_for_the_device_it_is_on() -> None:
    fixed_device = replace(OFFER, fixed_device=True, auto_renewing=False)
    assert must_release_first(fixed_device, TARGET, installed_on=["dev_other"]) == "dev_other"
    assert must_release_first(fixed_device, TARGET, installed_on=[]) is None
    assert must_release_first(fixed_device, TARGET, installed_on=["dev_1"]) is None
    assert must_release_first(OFFER, TARGET, installed_on=["dev_other"]) is None
