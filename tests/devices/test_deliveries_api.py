"""Sending a subscription to a device (DEV-5) and every reason it cannot be sent (DEV-6),
each produced by a real scenario through the HTTP API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import Api
from support.commerce import Customer, make_customer
from support.devices import (
    buy,
    device_catalog,
    install,
    link_device,
    owner,
    reason_codes,
    send,
)
from tenure.container import Container
from tenure.domain.eligibility import CODES

__all__ = ["device_catalog", "owner"]


def _deliveries(api: Api, sub_id: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = api.get(f"/v1/subscriptions/{sub_id}/deliveries")["data"]
    return result


# ----------------------------------------------------------------------------- DEV-5


def test_dev5_delivery_is_picked_up_at_check_in_and_confirmed(owner: Customer) -> None:
    sub = buy(owner, "av-auto-1y")
    laptop = link_device(owner, name="Laptop")
    delivery = send(owner, sub["id"], laptop.id)
    assert delivery["status"] == "pending"
    assert delivery["expires_at"].startswith("2026-01-06T12:00:00")  # 24 hours
    assert laptop.api.get("/v1/devices/me")["subscription_id"] is None

    checked = laptop.api.post("/v1/devices/me/check-in", {"app_version": "22.1"})
    (offered,) = checked["deliveries"]
    assert offered["id"] == delivery["id"] and offered["picked_up_at"] is not None
    confirmed = laptop.api.post(f"/v1/devices/me/deliveries/{delivery['id']}/confirm")
    assert confirmed["status"] == "completed"
    assert laptop.api.get("/v1/devices/me")["subscription_id"] == sub["id"]
    # Confirming twice changes nothing; the owner sees the status per device.
    laptop.api.post(f"/v1/devices/me/deliveries/{delivery['id']}/confirm")
    view = owner.api.get(f"/v1/subscriptions/{sub['id']}/devices")["data"]
    (row,) = view
    assert row["device"]["id"] == laptop.id
    assert row["uses_this_subscription"] is True
    assert row["delivery"]["status"] == "completed"
    assert [r["code"] for r in row["reasons"]] == ["already_installed"]


def test_dev5_undo_while_pending(owner: Customer) -> None:
    sub = buy(owner, "av-auto-1y")
    phone = link_device(owner, platform="android", app_version="12.0")
    delivery = send(owner, sub["id"], phone.id)
    undone = owner.api.post(f"/v1/deliveries/{delivery['id']}/cancel")
    assert undone["status"] == "canceled"
    assert phone.api.post("/v1/devices/me/check-in", {})["deliveries"] == []
    body = phone.api.post(f"/v1/devices/me/deliveries/{delivery['id']}/confirm", expect=409)
    assert body["error"]["code"] == "delivery_closed"
    # Once completed, a delivery can no longer be undone.
    again = send(owner, sub["id"], phone.id)
    phone.api.post(f"/v1/devices/me/deliveries/{again['id']}/confirm")
    body = owner.api.post(f"/v1/deliveries/{again['id']}/cancel", expect=409)
    assert body["error"]["code"] == "delivery_not_pending"


def test_dev5_delivery_expires_after_24_hours(owner: Customer, staff_api: Api) -> None:
    sub = buy(owner, "av-auto-1y")
    laptop = link_device(owner)
    delivery = send(owner, sub["id"], laptop.id)
    staff_api.post("/v1/clock/advance", {"hours": 23, "minutes": 59})
    assert owner.api.get(f"/v1/deliveries/{delivery['id']}")["status"] == "pending"
    staff_api.post("/v1/clock/advance", {"minutes": 1})
    assert owner.api.get(f"/v1/deliveries/{delivery['id']}")["status"] == "expired"
    assert laptop.api.post("/v1/devices/me/check-in", {})["deliveries"] == []
    body = laptop.api.post(f"/v1/devices/me/deliveries/{delivery['id']}/confirm", expect=409)
    assert body["error"]["code"] == "delivery_closed"
    # The expired delivery no longer blocks a new one.
    assert send(owner, sub["id"], laptop.id)["status"] == "pending"


def test_dev5_fixed_device_subscription_waits_for_the_sending_device_to_release_it(
    owner: Customer,
) -> None:
    sub = buy(owner, "av-device-1y")
    old_phone = link_device(owner, name="Old phone", platform="android", app_version="12")
    new_phone = link_device(owner, name="New phone", platform="android", app_version="12")
    install(owner, sub["id"], old_phone)

    delivery = send(owner, sub["id"], new_phone.id)
    assert delivery["status"] == "awaiting_release"
    assert delivery["release_device_id"] == old_phone.id
    # The new device cannot take it yet; the old one is asked to release it.
    assert new_phone.api.post("/v1/devices/me/check-in", {})["deliveries"] == []
    body = new_phone.api.post(f"/v1/devices/me/deliveries/{delivery['id']}/confirm", expect=409)
    assert body["error"]["code"] == "delivery_awaiting_release"
    asked = old_phone.api.post("/v1/devices/me/check-in", {})
    assert [d["id"] for d in asked["release_requests"]] == [delivery["id"]]

    released = old_phone.api.post("/v1/devices/me/release")
    assert released["released_subscription_id"] == sub["id"]
    assert [d["status"] for d in released["deliveries"]] == ["pending"]
    (offered,) = new_phone.api.post("/v1/devices/me/check-in", {})["deliveries"]
    new_phone.api.post(f"/v1/devices/me/deliveries/{offered['id']}/confirm")
    assert new_phone.api.get("/v1/devices/me")["subscription_id"] == sub["id"]
    assert old_phone.api.get("/v1/devices/me")["subscription_id"] is None


def test_dev5_full_slots_move_with_a_release_from_another_device(owner: Customer) -> None:
    sub = buy(owner, "av-fixed-1y")  # 2 device slots
    a, b, c = (link_device(owner, name=n) for n in ("A", "B", "C"))
    install(owner, sub["id"], a)
    install(owner, sub["id"], b)
    assert reason_codes(send(owner, sub["id"], c.id, expect=409)) == ["no_free_slots"]
    moved = send(owner, sub["id"], c.id, release_from_device_id=a.id)
    assert moved["status"] == "awaiting_release" and moved["release_device_id"] == a.id
    body = send(owner, sub["id"], c.id, expect=422, release_from_device_id=c.id)
    assert body["error"]["code"] == "invalid_release_device"
    a.api.post("/v1/devices/me/release")
    c.api.post(f"/v1/devices/me/deliveries/{moved['id']}/confirm")
    code = owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")
    assert code["slots"] == 2 and code["slots_used"] == 2


def test_dev5_unlinking_the_releasing_device_lets_the_delivery_go_ahead(owner: Customer) -> None:
    sub = buy(owner, "av-device-1y")
    lost = link_device(owner, name="Lost phone", platform="android", app_version="12")
    new = link_device(owner, name="New phone", platform="android", app_version="12")
    install(owner, sub["id"], lost)
    delivery = send(owner, sub["id"], new.id)
    assert delivery["status"] == "awaiting_release"
    owner.api.delete(f"/v1/devices/{lost.id}")
    assert owner.api.get(f"/v1/deliveries/{delivery['id']}")["status"] == "pending"


def test_dev5_x8_deliveries_are_private(owner: Customer, staff_api: Api) -> None:
    sub = buy(owner, "av-auto-1y")
    laptop = link_device(owner)
    delivery = send(owner, sub["id"], laptop.id)
    other = make_customer(staff_api, "other@example.com")
    other_device = link_device(other)
    other.api.get(f"/v1/deliveries/{delivery['id']}", expect=403)
    other.api.post(f"/v1/deliveries/{delivery['id']}/cancel", expect=403)
    other.api.get(f"/v1/subscriptions/{sub['id']}/deliveries", expect=403)
    # Another account's device is not found from this subscription, and vice versa.
    body = send(owner, sub["id"], other_device.id, expect=404)
    assert body["error"]["code"] == "device_not_found"
    other_device.api.post(f"/v1/devices/me/deliveries/{delivery['id']}/confirm", expect=404)
    assert [d["id"] for d in _deliveries(staff_api, sub["id"])] == [delivery["id"]]


# ----------------------------------------------------------------------------- DEV-6
# Every reason, each produced by a real scenario through the API.


def test_dev6_trial_or_free(owner: Customer) -> None:
    trial = buy(owner, "av-trial")
    assert trial["status"] == "trialing"
    laptop = link_device(owner)
    assert reason_codes(send(owner, trial["id"], laptop.id, expect=409)) == ["trial_or_free"]


def test_dev6_per_user_subscription(owner: Customer) -> None:
    family = buy(owner, "av-family-1y")
    laptop = link_device(owner)
    codes = reason_codes(send(owner, family["id"], laptop.id, expect=409))
    assert codes == ["per_user_subscription"]


def test_dev6_small_office_only_from_its_admin_console_by_its_admin(
    owner: Customer, staff_api: Api
) -> None:
    office = buy(owner, "av-office-1y", quantity=5)
    pc = link_device(owner)
    body = send(owner, office["id"], pc.id, expect=409)
    assert reason_codes(body) == ["small_office_admin_only"]
    # Staff are not the subscription's admin, even from the admin console.
    body = staff_api.post(
        f"/v1/subscriptions/{office['id']}/deliveries",
        {"device_id": pc.id, "via": "admin_console"},
        expect=409,
    )
    assert reason_codes(body) == ["small_office_admin_only"]
    assert send(owner, office["id"], pc.id, via="admin_console")["status"] == "pending"


def test_dev6_not_released_in_region(owner: Customer) -> None:
    premium = buy(owner, "av-region-1y")
    us = link_device(owner, name="US laptop", region="US")
    de = link_device(owner, name="DE laptop", region="DE")
    body = send(owner, premium["id"], us.id, expect=409)
    assert reason_codes(body) == ["not_released_in_region"]
    assert body["error"]["reasons"][0]["region"] == "US"
    assert send(owner, premium["id"], de.id)["status"] == "pending"


def test_dev6_app_version_incompatible(owner: Customer) -> None:
    sub = buy(owner, "av-fixed-1y")  # needs Windows app 21.3 or later
    old = link_device(owner, name="Old PC", app_version="21.2.9")
    body = send(owner, sub["id"], old.id, expect=409)
    assert reason_codes(body) == ["app_version_incompatible"]
    assert body["error"]["reasons"][0]["min_app_version"] == "21.3"
    old.api.post("/v1/devices/me/check-in", {"app_version": "21.3"})  # the app updated
    assert send(owner, sub["id"], old.id)["status"] == "pending"
    linux = link_device(owner, name="Linux box", platform="linux")  # no app for Linux
    assert reason_codes(send(owner, sub["id"], linux.id, expect=409)) == [
        "app_version_incompatible"
    ]


def test_dev6_device_not_linked(owner: Customer) -> None:
    sub = buy(owner, "av-auto-1y")
    gone = link_device(owner)
    owner.api.delete(f"/v1/devices/{gone.id}")
    assert reason_codes(send(owner, sub["id"], gone.id, expect=409)) == ["device_not_linked"]


def test_dev6_delivery_pending(owner: Customer) -> None:
    first = buy(owner, "av-auto-1y")
    second = buy(owner, "av-fixed-1y")
    laptop = link_device(owner)
    send(owner, first["id"], laptop.id)
    assert reason_codes(send(owner, second["id"], laptop.id, expect=409)) == ["delivery_pending"]


def test_dev6_no_free_slots(owner: Customer) -> None:
    sub = buy(owner, "av-fixed-1y")  # 2 device slots
    a, b, c = (link_device(owner, name=n) for n in ("A", "B", "C"))
    install(owner, sub["id"], a)
    send(owner, sub["id"], b.id)  # a pending delivery holds a slot too
    body = send(owner, sub["id"], c.id, expect=409)
    assert reason_codes(body) == ["no_free_slots"]
    assert body["error"]["reasons"][0]["slots"] == 2


def test_dev6_expires_sooner_than_current(owner: Customer, staff_api: Api) -> None:
    yearly = buy(owner, "av-auto-1y")
    monthly = buy(owner, "av-auto-1m")
    laptop = link_device(owner)
    install(owner, yearly["id"], laptop)
    codes = reason_codes(send(owner, monthly["id"], laptop.id, expect=409))
    assert codes == ["expires_sooner_than_current"]


def test_dev6_fixed_term_to_an_app_using_auto_renewal(owner: Customer) -> None:
    auto = buy(owner, "av-auto-1y")
    fixed = buy(owner, "av-fixed-1y")
    laptop = link_device(owner)
    install(owner, auto["id"], laptop)
    codes = reason_codes(send(owner, fixed["id"], laptop.id, expect=409))
    assert codes == ["fixed_term_to_auto_renew_app"]


def test_dev6_auto_renewal_to_an_app_using_fixed_term(owner: Customer) -> None:
    fixed = buy(owner, "av-fixed-1y")
    auto = buy(owner, "av-auto-1y")
    laptop = link_device(owner)
    install(owner, fixed["id"], laptop)
    codes = reason_codes(send(owner, auto["id"], laptop.id, expect=409))
    assert codes == ["auto_renew_to_fixed_term_app"]
    # A cancelled auto-renewing subscription no longer renews by itself: it may go.
    owner.api.post(f"/v1/subscriptions/{auto['id']}/cancel")
    assert send(owner, auto["id"], laptop.id)["status"] == "pending"


def test_dev6_activation_code_blocked_and_suspended(owner: Customer, staff_api: Api) -> None:
    sub = buy(owner, "av-auto-1y")
    laptop = link_device(owner)
    code = owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")
    staff_api.post(f"/v1/activation-codes/{code['id']}/block", {"reason": "leaked"})
    assert reason_codes(send(owner, sub["id"], laptop.id, expect=409)) == [
        "activation_code_blocked"
    ]
    staff_api.post(f"/v1/activation-codes/{code['id']}/suspend")
    assert reason_codes(send(owner, sub["id"], laptop.id, expect=409)) == [
        "activation_code_suspended"
    ]
    staff_api.post(f"/v1/activation-codes/{code['id']}/unblock")
    assert send(owner, sub["id"], laptop.id)["status"] == "pending"


def test_dev6_activation_code_expired(owner: Customer, staff_api: Api) -> None:
    sub = buy(owner, "av-auto-1y")
    laptop = link_device(owner)
    staff_api.post(f"/v1/subscriptions/{sub['id']}/cancel", {"at_period_end": False})
    assert reason_codes(send(owner, sub["id"], laptop.id, expect=409)) == [
        "activation_code_expired"
    ]


def test_dev6_several_reasons_at_once_in_the_callers_language(owner: Customer) -> None:
    trial = buy(owner, "av-trial")
    old_linux = link_device(owner, platform="linux", app_version="1.0")
    owner.api.delete(f"/v1/devices/{old_linux.id}")
    body = owner.api.post(
        f"/v1/subscriptions/{trial['id']}/deliveries",
        {"device_id": old_linux.id},
        expect=409,
        headers={"Accept-Language": "de"},
    )
    assert reason_codes(body) == ["device_not_linked", "trial_or_free", "app_version_incompatible"]
    assert body["error"]["message"] == "Das Abonnement kann nicht an dieses Gerät gesendet werden."
    messages = [r["message"] for r in body["error"]["reasons"]]
    assert messages[0] == "Das Gerät ist nicht mit Ihrem Konto verbunden."
    assert messages[1] == "Test- und Gratisabonnements können nicht an ein Gerät gesendet werden."


def test_dev6_sendability_per_device_lists_every_reason_without_sending(
    owner: Customer,
) -> None:
    sub = buy(owner, "av-region-1y")
    link_device(owner, name="US", region="US")
    link_device(owner, name="DE", region="DE")
    view = {row["device"]["name"]: row for row in owner.api.get(
        f"/v1/subscriptions/{sub['id']}/devices", headers={"Accept-Language": "da"}
    )["data"]}  # fmt: skip
    assert view["DE"]["sendable"] is True and view["DE"]["reasons"] == []
    assert view["US"]["sendable"] is False
    (reason,) = view["US"]["reasons"]
    assert reason["code"] == "not_released_in_region"
    assert reason["message"] == "Produktet er endnu ikke kommet på markedet i enhedens område."
    assert _deliveries(owner.api, sub["id"]) == []


def test_dev6_every_code_has_a_scenario_in_this_file() -> None:
    """The acceptance: every eligibility code is produced through the API above."""
    source = Path(__file__).read_text(encoding="utf-8")
    missing = [code for code in CODES if f'"{code}"' not in source]
    assert missing == []


def test_dev6_subscription_not_active_without_an_activation_code(
    owner: Customer, staff_api: Api, container: Container
) -> None:
    vpn = buy(owner, "vpn-web-1m")
    laptop = link_device(owner)
    staff_api.post(f"/v1/subscriptions/{vpn['id']}/cancel", {"at_period_end": False})
    assert reason_codes(send(owner, vpn["id"], laptop.id, expect=409)) == [
        "subscription_not_active"
    ]
