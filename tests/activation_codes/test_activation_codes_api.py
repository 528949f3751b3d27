"""Activation codes (DEV-7): one per subscription of a plan with codes, with states active,
expired, blocked and suspended, and device or user slots."""

from __future__ import annotations

import re

from support import Api
from support.commerce import Customer, make_customer
from support.devices import buy, device_catalog, install, link_device, owner
from tenure.container import Container
from tenure.events import service as events

__all__ = ["device_catalog", "owner"]

CODE = re.compile(r"^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){3}$")


def test_dev7_subscription_with_codes_gets_one_stable_code(owner: Customer) -> None:
    sub = buy(owner, "av-fixed-1y")
    first = owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")
    assert CODE.match(first["code"]), first["code"]
    assert first["state"] == "active"
    assert first["slots"] == 2 and first["slot_kind"] == "devices" and first["slots_used"] == 0
    again = owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")
    assert again["code"] == first["code"] and again["id"] == first["id"]
    listed = owner.api.get("/v1/activation-codes")["data"]
    assert [c["id"] for c in listed] == [first["id"]]


def test_dev7_user_slots_and_plans_without_codes(owner: Customer) -> None:
    family = buy(owner, "av-family-1y")
    code = owner.api.get(f"/v1/subscriptions/{family['id']}/activation-code")
    assert code["slots"] == 6 and code["slot_kind"] == "users"
    vpn = buy(owner, "vpn-web-1m")
    body = owner.api.get(f"/v1/subscriptions/{vpn['id']}/activation-code", expect=404)
    assert body["error"]["code"] == "no_activation_code"
    assert [c["subscription_id"] for c in owner.api.get("/v1/activation-codes")["data"]] == [
        family["id"]
    ]


def test_dev7_slots_used_counts_devices_using_it(owner: Customer) -> None:
    sub = buy(owner, "av-auto-1y")
    for name in ("A", "B"):
        install(owner, sub["id"], link_device(owner, name=name))
    code = owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")
    assert code["slots"] == 3 and code["slots_used"] == 2


def test_dev7_code_shows_expired_when_the_subscription_expired(
    owner: Customer, staff_api: Api
) -> None:
    sub = buy(owner, "av-fixed-1y")
    code = owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")
    staff_api.post("/v1/clock/advance", {"days": 366})
    assert owner.api.get(f"/v1/subscriptions/{sub['id']}")["status"] == "expired"
    expired = owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")
    assert expired["code"] == code["code"]
    assert expired["state"] == "expired" and expired["stored_state"] == "active"


def test_dev7_staff_block_suspend_and_unblock(owner: Customer, staff_api: Api) -> None:
    sub = buy(owner, "av-auto-1y")
    code = owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")
    blocked = staff_api.post(f"/v1/activation-codes/{code['id']}/block", {"reason": "leaked"})
    assert blocked["state"] == "blocked" and blocked["state_reason"] == "leaked"
    assert owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")["state"] == "blocked"
    suspended = staff_api.post(f"/v1/activation-codes/{code['id']}/suspend")
    assert suspended["state"] == "suspended"
    active = staff_api.post(f"/v1/activation-codes/{code['id']}/unblock")
    assert active["state"] == "active"
    # Support looks a code up the way the customer reads it out.
    found = staff_api.get(
        "/v1/activation-codes/lookup", params={"code": code["code"].lower().replace("-", " ")}
    )
    assert found["id"] == code["id"]
    staff_api.get("/v1/activation-codes/lookup", params={"code": "AAAAA-AAAAA"}, expect=422)


def test_dev7_x8_only_staff_change_states_and_only_the_owner_sees_the_code(
    owner: Customer, staff_api: Api, container: Container
) -> None:
    sub = buy(owner, "av-auto-1y")
    code = owner.api.get(f"/v1/subscriptions/{sub['id']}/activation-code")
    body = owner.api.post(f"/v1/activation-codes/{code['id']}/block", expect=403)
    assert body["error"]["code"] == "staff_only"
    other = make_customer(staff_api, "other@example.com")
    other.api.get(f"/v1/subscriptions/{sub['id']}/activation-code", expect=403)
    assert other.api.get("/v1/activation-codes")["data"] == []
    other.api.get("/v1/activation-codes/lookup", params={"code": code["code"]}, expect=403)
    listed = staff_api.get("/v1/activation-codes", params={"account_id": owner.id})["data"]
    assert [c["code"] for c in listed] == [code["code"]]
    staff_api.post(f"/v1/activation-codes/{code['id']}/block")
    with container.db.transaction() as session:
        trail = [(e.type, e.actor_kind) for e in events.for_subject(session, code["id"])]
    assert trail == [("activation_code.created", "account"), ("activation_code.blocked", "staff")]
