"""VL-13 (with DEV-4): a licensed user may sign in on any number of devices, but at most 8 of
them (the volume plan's ``connection_limit`` per license, virtual machines included) may be
connected at the same time. Uses the demo catalog, whose volume plans declare the limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from support import Api
from support.commerce import Customer, make_customer
from support.volume import VolumeSub, bearer, insert_volume_subscription, sign_in
from tenure.catalog.service import LoadedCatalog
from tenure.container import Container
from tenure.kit.clock import SimulatedClock


@pytest.fixture
def owner(staff_api: Api, demo_catalog: LoadedCatalog) -> Customer:
    return make_customer(staff_api, "owner@example.com")


@pytest.fixture
def volume(owner: Customer, container: Container) -> VolumeSub:
    return insert_volume_subscription(
        container, owner.id, product="veilguard-vpn", plan="vg-volume-12m", quantity=5
    )


def login(owner: Customer, license_id: str) -> tuple[str, str]:
    credential = owner.api.get(f"/v1/licenses/{license_id}/setup", params={"platform": "linux"})[
        "credential"
    ]
    return credential["username"], credential["password"]


@dataclass
class App(Api):
    """One app installation signed in with a license's login."""

    device_id: str = ""


def install(anon_api: Api, username: str, password: str, n: int, **device: Any) -> App:
    signed = sign_in(
        anon_api,
        username,
        password,
        device={"name": f"Device {n}", "platform": "linux", "fingerprint": f"fp-{n}", **device},
    )
    return App(anon_api.client, bearer(signed["token"]), device_id=str(signed["device_id"]))


def connect(app: App, expect: int = 201) -> Any:
    return app.post("/v1/me/license/connections", {"device_id": app.device_id}, expect)


def test_vl13_the_ninth_connection_of_a_licensed_user_is_refused(
    owner: Customer, volume: VolumeSub, anon_api: Api, clock: SimulatedClock
) -> None:
    lic = volume.license_ids[0]
    owner.api.post(f"/v1/licenses/{lic}/assign", {"name": "Ada", "email": "ada@example.com"})
    username, password = login(owner, lic)
    setup = owner.api.get(f"/v1/licenses/{lic}/setup", params={"platform": "router"})
    assert setup["connection_limit"] == 8
    assert any("up to 8" in step for step in setup["instructions"])

    apps = [install(anon_api, username, password, n, is_vm=n == 3) for n in range(10)]
    leases = [connect(app) for app in apps[:8]]  # a VM counts like any device
    assert {lease["holder_type"] for lease in leases} == {"license"}
    assert {lease["holder_id"] for lease in leases} == {lic}
    assert leases[0]["limit"] == 8 and leases[3]["is_vm"] is True

    refused = connect(apps[8], expect=409)["error"]
    assert refused["code"] == "connection_limit_reached" and refused["limit"] == 8
    assert len(refused["connections"]) == 8
    assert connect(apps[0], expect=200)["id"] == leases[0]["id"]  # already connected: kept

    me = apps[9].get("/v1/me/license")
    assert me["connection_limit"] == 8 and me["live_connections"] == 8
    # The owner sees the licensed user's connections among the account's.
    assert owner.api.get("/v1/connections")["live"] == 8

    # Releasing one frees its slot at once.
    apps[1].post(f"/v1/me/license/connections/{leases[1]['id']}/release")
    ninth = connect(apps[8])
    connect(apps[9], expect=409)

    # A lease of another license (or a made-up id) is not this user's.
    apps[0].post("/v1/me/license/connections/con_nope/heartbeat", expect=404)

    # Stale leases free their slots by themselves after the TTL; heartbeats keep a lease.
    clock.advance(timedelta(seconds=90))
    apps[8].post(f"/v1/me/license/connections/{ninth['id']}/heartbeat")
    clock.advance(timedelta(seconds=60))
    assert apps[9].get("/v1/me/license")["live_connections"] == 1
    connect(apps[9])


def test_vl13_the_limit_is_per_license_and_reassignment_ends_connections(
    owner: Customer, volume: VolumeSub, anon_api: Api
) -> None:
    first, second = volume.license_ids[:2]
    owner.api.post(f"/v1/licenses/{first}/assign", {"name": "Ada", "email": "ada@example.com"})
    owner.api.post(f"/v1/licenses/{second}/assign", {"name": "Bo", "email": "bo@example.com"})
    ada_login, bo_login = login(owner, first), login(owner, second)
    for n in range(8):
        connect(install(anon_api, *ada_login, n))
    bo = install(anon_api, *bo_login, 100)
    connect(bo)  # another license has its own 8
    assert owner.api.get("/v1/connections")["live"] == 9

    # A device of one license cannot connect with another license's token.
    ada_device = install(anon_api, *ada_login, 200)
    error = bo.post("/v1/me/license/connections", {"device_id": ada_device.device_id}, expect=404)[
        "error"
    ]
    assert error["code"] == "license_device_not_found"

    owner.api.post(f"/v1/licenses/{first}/assign", {"name": "Cy", "email": "cy@example.com"})
    assert owner.api.get("/v1/connections")["live"] == 1  # Ada's connections ended at once
    ada_device.post("/v1/me/license/connections", {"device_id": "dev_x"}, expect=401)
    cy = install(anon_api, *login(owner, first), 300)
    connect(cy)
    # The old devices were unlinked from the owner's account.
    names = {d["name"] for d in owner.api.get("/v1/devices")["data"]}
    assert names == {"Device 100", "Device 300"}


def test_vl13_no_connection_without_an_entitled_subscription(
    owner: Customer, volume: VolumeSub, anon_api: Api, container: Container
) -> None:
    from tenure.subscriptions.models import Subscription

    lic = volume.license_ids[0]
    owner.api.post(f"/v1/licenses/{lic}/assign", {"name": "Ada", "email": "ada@example.com"})
    app = install(anon_api, *login(owner, lic), 1)
    with container.db.transaction() as session:
        sub = session.get(Subscription, volume.id)
        assert sub is not None
        sub.status = "expired"
    assert connect(app, expect=403)["error"]["code"] == "not_entitled"
    me = app.get("/v1/me/license")
    assert me["entitled"] is False and me["subscription"]["status"] == "expired"
