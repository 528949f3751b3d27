"""The account's entitlement (APP-3, APP-4, APP-9, DEV-4): one answer combined from its live
subscriptions, for the account, its devices and staff."""

from __future__ import annotations

from support import Api
from support.commerce import FAILING_CARD, Customer, add_card, make_customer
from support.devices import buy, device_catalog, insert_store_subscription, link_device, owner
from tenure.container import Container

__all__ = ["device_catalog", "owner"]


def test_app3_entitlement_combines_the_live_subscriptions(
    owner: Customer, container: Container
) -> None:
    assert owner.api.get("/v1/me/entitlement")["reason"] == "no_subscription"
    insert_store_subscription(container, account_id=owner.id)
    buy(owner, "av-auto-1y")
    value = owner.api.get("/v1/me/entitlement")
    assert value["active"] is True and value["reason"] == "subscription_active"
    assert value["features"] == ["antivirus", "firewall", "vpn"]
    assert value["connection_limit"] == 5  # APP-4: App Store
    assert value["expires_at"].startswith("2027-01-05T12:00:00")
    assert value["warnings"] == [] and len(value["subscription_ids"]) == 2
    buy(owner, "vpn-web-1m")
    assert owner.api.get("/v1/me/entitlement")["connection_limit"] == 8  # the highest
    only_av = owner.api.get("/v1/me/entitlement", params={"product": "av"})
    assert only_av["features"] == ["antivirus", "firewall"]
    assert only_av["connection_limit"] is None


def test_app9_failed_payment_warns_with_the_grace_deadline(owner: Customer, staff_api: Api) -> None:
    buy(owner, "vpn-web-1m")
    add_card(owner.api, FAILING_CARD)
    staff_api.post("/v1/clock/advance", {"days": 32})
    value = owner.api.get("/v1/me/entitlement", headers={"Accept-Language": "da"})
    assert value["active"] is True and value["reason"] == "grace"
    (warning,) = value["warnings"]
    assert warning["code"] == "payment_failed"
    assert warning["deadline"].startswith("2026-03-07T12:00:00")  # renewal 5 Feb + 30 days
    assert warning["message"].startswith("Betalingen mislykkedes")
    staff_api.post("/v1/clock/advance", {"days": 30})
    ended = owner.api.get("/v1/me/entitlement")
    assert ended == {**ended, "active": False, "reason": "expired", "features": []}


def test_dev4_devices_and_staff_read_the_entitlement(owner: Customer, staff_api: Api) -> None:
    buy(owner, "vpn-web-1m")
    device = link_device(owner)
    from_device = device.api.get("/v1/me/entitlement")
    assert from_device["account_id"] == owner.id and from_device["connection_limit"] == 8
    from_staff = staff_api.get(f"/v1/accounts/{owner.id}/entitlement")
    assert from_staff["features"] == from_device["features"] == ["split_tunneling", "vpn"]
    staff_api.get("/v1/accounts/acct_nope/entitlement", expect=404)
    staff_api.get("/v1/me/entitlement", expect=403)
    other = make_customer(staff_api, "other@example.com")
    other.api.get(f"/v1/accounts/{owner.id}/entitlement", expect=403)
