"""Simultaneous connections as leases (DEV-4), the web and App Store limits (APP-4) and the
8-connection limit counting virtual machines (VL-13, account part), through the HTTP API.

VL-13's licensee part (a volume license as the lease holder) is pending the volume-licensing
issue; the lease model already has ``holder_type``/``holder_id`` for it.
"""

from __future__ import annotations

from typing import Any

from support import Api
from support.commerce import FAILING_CARD, Customer, add_card, make_customer
from support.devices import (
    LinkedDevice,
    buy,
    device_catalog,
    insert_store_subscription,
    link_device,
    owner,
)
from tenure.container import Container
from tenure.events import service as events

__all__ = ["device_catalog", "owner"]


def _devices(owner: Customer, count: int, *, vms: int = 0) -> list[LinkedDevice]:
    return [
        link_device(owner, name=f"Device {n}", is_vm=n < vms, platform="linux")
        for n in range(count)
    ]


def _connect(device: LinkedDevice, expect: int = 201) -> dict[str, Any]:
    result: dict[str, Any] = device.api.post("/v1/connections", expect=expect)
    return result


def test_dev4_vl13_ninth_connection_on_a_web_vpn_plan_is_refused_vms_included(
    owner: Customer,
) -> None:
    buy(owner, "vpn-web-1m")
    devices = _devices(owner, 9, vms=3)
    leases = [_connect(d) for d in devices[:8]]
    assert {lease["limit"] for lease in leases} == {8}
    assert sum(lease["is_vm"] for lease in leases) == 3  # VMs count like any device
    refused = _connect(devices[8], expect=409)
    error = refused["error"]
    assert error["code"] == "connection_limit_reached"
    assert error["limit"] == 8
    assert [c["id"] for c in error["connections"]] == [lease["id"] for lease in leases]
    assert {c["device_name"] for c in error["connections"]} == {f"Device {n}" for n in range(8)}
    assert "8 devices are already connected" in error["message"]
    listed = owner.api.get("/v1/connections")
    assert listed["connection_limit"] == 8 and listed["live"] == 8


def test_dev4_app4_sixth_connection_of_an_app_store_subscriber_is_refused(
    staff_api: Api, device_catalog: None, container: Container
) -> None:
    customer = make_customer(staff_api, "ios@example.com")
    insert_store_subscription(container, account_id=customer.id)
    devices = _devices(customer, 6)
    for device in devices[:5]:
        assert _connect(device)["limit"] == 5
    error = _connect(devices[5], expect=409)["error"]
    assert error["code"] == "connection_limit_reached" and error["limit"] == 5
    assert len(error["connections"]) == 5


def test_dev4_app4_highest_limit_of_the_live_subscriptions_applies(
    owner: Customer, container: Container
) -> None:
    buy(owner, "vpn-web-1m")  # bought before the store one: APP-8 refuses the other order
    insert_store_subscription(container, account_id=owner.id)
    assert owner.api.get("/v1/connections")["connection_limit"] == 8


def test_dev4_connection_limit_reached_in_danish(owner: Customer) -> None:
    buy(owner, "vpn-web-1m")
    devices = _devices(owner, 9)
    for device in devices[:8]:
        _connect(device)
    body = devices[8].api.post("/v1/connections", expect=409, headers={"Accept-Language": "da"})
    assert body["error"]["message"].startswith("8 enheder er allerede tilsluttet")


def test_dev4_stale_lease_frees_its_slot_after_the_ttl(owner: Customer, staff_api: Api) -> None:
    buy(owner, "vpn-web-1m")
    devices = _devices(owner, 9)
    leases = [_connect(d) for d in devices[:8]]
    assert leases[0]["expires_at"].startswith("2026-01-05T12:02:00")  # TTL 120 s
    assert leases[0]["heartbeat_interval_seconds"] == 40
    staff_api.post("/v1/clock/advance", {"seconds": 100})
    # Seven devices keep their connection alive; the first one went silent.
    for device, lease in zip(devices[1:8], leases[1:8], strict=True):
        beat = device.api.post(f"/v1/connections/{lease['id']}/heartbeat")
        assert beat["expires_at"].startswith("2026-01-05T12:03:40")
    _connect(devices[8], expect=409)
    staff_api.post("/v1/clock/advance", {"seconds": 20})  # 120 s since the first one's beat
    admitted = _connect(devices[8])
    assert admitted["status"] == "live"
    # The silent device's lease has lapsed: its heartbeat is refused, it must connect again
    # (and the slots are full now).
    ended = devices[0].api.post(f"/v1/connections/{leases[0]['id']}/heartbeat", expect=409)
    assert ended["error"]["code"] == "connection_ended"
    assert ended["error"]["reason"] == "expired"
    _connect(devices[0], expect=409)


def test_dev4_release_frees_the_slot_at_once(owner: Customer) -> None:
    buy(owner, "vpn-web-1m")
    devices = _devices(owner, 9)
    leases = [_connect(d) for d in devices[:8]]
    released = devices[3].api.post(f"/v1/connections/{leases[3]['id']}/release")
    assert released["status"] == "ended" and released["end_reason"] == "released"
    assert _connect(devices[8])["status"] == "live"
    # Releasing again changes nothing; a heartbeat of a released lease is refused.
    devices[3].api.post(f"/v1/connections/{leases[3]['id']}/release")
    devices[3].api.post(f"/v1/connections/{leases[3]['id']}/heartbeat", expect=409)


def test_dev4_owner_ends_one_of_the_listed_connections(owner: Customer, staff_api: Api) -> None:
    buy(owner, "vpn-web-1m")
    devices = _devices(owner, 9)
    for device in devices[:8]:
        _connect(device)
    listed = _connect(devices[8], expect=409)["error"]["connections"]
    victim = listed[-1]
    ended = owner.api.post(f"/v1/connections/{victim['id']}/end")
    assert ended["status"] == "ended" and ended["end_reason"] == "ended_by_owner"
    _connect(devices[8])
    # Another account may not end it; staff may.
    other = make_customer(staff_api, "other@example.com")
    live = owner.api.get("/v1/connections")["data"]
    other.api.post(f"/v1/connections/{live[0]['id']}/end", expect=403)
    staff_api.post(f"/v1/connections/{live[0]['id']}/end")
    assert owner.api.get("/v1/connections")["live"] == 7


def test_dev4_a_connected_device_reconnecting_keeps_its_one_slot(owner: Customer) -> None:
    buy(owner, "vpn-web-1m")
    (device,) = _devices(owner, 1)
    first = _connect(device)
    again = _connect(device, expect=200)
    assert again["id"] == first["id"]
    assert owner.api.get("/v1/connections")["live"] == 1


def test_dev4_unlinking_a_device_ends_its_connection(owner: Customer) -> None:
    buy(owner, "vpn-web-1m")
    devices = _devices(owner, 2)
    lease = _connect(devices[0])
    owner.api.delete(f"/v1/devices/{devices[0].id}")
    live = owner.api.get("/v1/connections")
    assert live["live"] == 0
    devices[0].api.post(f"/v1/connections/{lease['id']}/heartbeat", expect=401)


def test_dev4_without_a_live_subscription_no_connection(owner: Customer, staff_api: Api) -> None:
    (device,) = _devices(owner, 1)
    body = _connect(device, expect=403)
    assert body["error"]["code"] == "not_entitled"
    sub = buy(owner, "vpn-web-1m")
    lease = _connect(device)
    staff_api.post(f"/v1/subscriptions/{sub['id']}/cancel", {"at_period_end": False})
    # Heartbeats re-read the entitlement every 5 minutes: the ended subscription stops the
    # connection at the first heartbeat 5 minutes after it was last read.
    for _ in range(2):
        staff_api.post("/v1/clock/advance", {"seconds": 100})
        device.api.post(f"/v1/connections/{lease['id']}/heartbeat")
    staff_api.post("/v1/clock/advance", {"seconds": 100})
    body = device.api.post(f"/v1/connections/{lease['id']}/heartbeat", expect=403)
    assert body["error"]["code"] == "not_entitled"
    _connect(device, expect=403)


def test_dev4_grace_keeps_connections(owner: Customer, staff_api: Api) -> None:
    """SUB-5: a failed renewal keeps full access during grace, connections included."""
    buy(owner, "vpn-web-1m")
    add_card(owner.api, FAILING_CARD)  # the new default card fails at renewal
    staff_api.post("/v1/clock/advance", {"days": 32})
    assert owner.api.get("/v1/subscriptions")["data"][0]["status"] == "past_due"
    (device,) = _devices(owner, 1)
    assert _connect(device)["limit"] == 8


def test_dev4_x8_only_devices_connect_and_only_their_own_leases(
    owner: Customer, staff_api: Api
) -> None:
    buy(owner, "vpn-web-1m")
    devices = _devices(owner, 2)
    lease = _connect(devices[0])
    owner.api.post("/v1/connections", expect=403)
    body = devices[1].api.post(f"/v1/connections/{lease['id']}/heartbeat", expect=404)
    assert body["error"]["code"] == "connection_not_found"
    devices[1].api.post(f"/v1/connections/{lease['id']}/release", expect=404)
    other = make_customer(staff_api, "nosy@example.com")
    assert other.api.get("/v1/connections") == {
        "connection_limit": 0,
        "live": 0,
        "data": [],
        "has_more": False,
        "next_cursor": None,
    }
    listed = staff_api.get("/v1/connections", params={"account_id": owner.id})
    assert listed["live"] == 1


def test_dev4_connect_and_release_with_an_idempotency_key_happen_once(
    owner: Customer, container: Container
) -> None:
    """A device retrying with the same Idempotency-Key gets the first answer again: one
    lease, one ``connection.started`` and one ``connection.ended`` event."""
    buy(owner, "vpn-web-1m")
    [device] = _devices(owner, 1)
    first = device.api.post("/v1/connections", expect=201, headers={"Idempotency-Key": "c-1"})
    again = device.api.post("/v1/connections", expect=201, headers={"Idempotency-Key": "c-1"})
    assert again == first
    release = f"/v1/connections/{first['id']}/release"
    ended = device.api.post(release, headers={"Idempotency-Key": "r-1"})
    assert device.api.post(release, headers={"Idempotency-Key": "r-1"}) == ended
    assert owner.api.get("/v1/connections")["live"] == 0
    with container.db.transaction(write=False) as session:
        types = [e.type for e in events.for_subject(session, first["id"])]
    assert types == ["connection.started", "connection.ended"]


def test_dev4_only_a_valid_device_token_connects(owner: Customer, staff_api: Api) -> None:
    """Whoever else asks is told why, in the same words on both databases (one by one on
    SQLite, in a batch of requests on PostgreSQL)."""
    buy(owner, "vpn-web-1m")
    device = _devices(owner, 1)[0]
    client = staff_api.client
    for headers, status, code in [
        ({}, 401, "unauthenticated"),
        ({"Authorization": "Bearer tnr_at_not-a-token"}, 401, "invalid_token"),
        ({"Authorization": "Bearer something-else"}, 401, "invalid_token"),
        ({"Authorization": "Bearer tnr_sk_not-a-key"}, 401, "invalid_api_key"),
        (staff_api.headers, 403, "device_only"),
        (owner.api.headers, 403, "device_only"),
    ]:
        answer = client.post("/v1/connections", headers=headers)
        assert answer.status_code == status, (headers, answer.text)
        assert answer.json()["error"]["code"] == code
    assert _connect(device)["device_id"] == device.id
    assert owner.api.get("/v1/connections")["live"] == 1
