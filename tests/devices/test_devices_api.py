"""Linked devices (DEV-1), one-time link codes (DEV-2) and download links (DEV-3), through the
HTTP API with the simulated clock."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from support import Api
from support.commerce import Customer, make_customer
from support.devices import device_catalog, link_device, owner
from tenure.container import Container
from tenure.devices.models import LinkAttempt, LinkCode
from tenure.notifications.models import Email
from tenure.notifications.service import rendered

__all__ = ["device_catalog", "owner"]


def _link(api: Api, code: str, expect: int = 201, headers: dict[str, str] | None = None) -> Any:
    body = {"code": code, "name": "Phone", "platform": "android"}
    return api.post("/v1/devices/link", body, expect=expect, headers=headers)


# ----------------------------------------------------------------------------- DEV-1


def test_dev1_linked_device_records_what_the_app_reports(owner: Customer) -> None:
    device = link_device(
        owner,
        name="Office PC",
        platform="windows",
        app_version="21.15.8",
        region="dk",
        is_vm=True,
        fingerprint="hw-1234",
    )
    listed = owner.api.get("/v1/devices")["data"]
    assert [d["id"] for d in listed] == [device.id]
    (info,) = listed
    assert info["name"] == "Office PC"
    assert info["platform"] == "windows"
    assert info["app_version"] == "21.15.8"
    assert info["region"] == "DK"
    assert info["is_vm"] is True
    assert info["fingerprint"] == "hw-1234"
    assert info["status"] == "linked"
    assert info["subscription_id"] is None
    assert info["last_check_in_at"].startswith("2026-01-05T12:00:00")
    me = device.api.get("/v1/devices/me")
    assert me["id"] == device.id and me["account_id"] == owner.id


def test_dev1_check_in_updates_versions_and_last_check_in(owner: Customer, staff_api: Api) -> None:
    device = link_device(owner, app_version="21.0", region="DK")
    staff_api.post("/v1/clock/advance", {"hours": 3})
    checked = device.api.post(
        "/v1/devices/me/check-in", {"app_version": "22.1", "os_version": "11", "region": "DE"}
    )
    assert checked["device"]["app_version"] == "22.1"
    assert checked["device"]["os_version"] == "11"
    assert checked["device"]["region"] == "DE"
    assert checked["device"]["last_check_in_at"].startswith("2026-01-05T15:00:00")
    assert checked["deliveries"] == [] and checked["release_requests"] == []
    body = device.api.post("/v1/devices/me/check-in", {"region": "XX"}, expect=422)
    assert body["error"]["code"] == "invalid_country"


def test_dev1_rename_and_unlink_revokes_the_device_token(owner: Customer) -> None:
    device = link_device(owner)
    renamed = owner.api.patch(f"/v1/devices/{device.id}", {"name": "  Kids'   tablet "})
    assert renamed["name"] == "Kids' tablet"
    unlinked = owner.api.delete(f"/v1/devices/{device.id}")
    assert unlinked["status"] == "unlinked"
    assert owner.api.get("/v1/devices")["data"] == []
    assert [
        d["id"] for d in owner.api.get("/v1/devices", params={"include_unlinked": True})["data"]
    ] == [device.id]
    body = device.api.get("/v1/devices/me", expect=401)
    assert body["error"]["code"] == "invalid_token"


def test_dev1_x8_nobody_manages_another_accounts_devices(owner: Customer, staff_api: Api) -> None:
    device = link_device(owner)
    other = make_customer(staff_api, "other@example.com")
    assert other.api.get("/v1/devices")["data"] == []
    assert other.api.get(f"/v1/devices/{device.id}", expect=403)["error"]["code"] == "forbidden"
    other.api.delete(f"/v1/devices/{device.id}", expect=403)
    # A device token is not an owner's credential, and an owner's is not a device's.
    device.api.get("/v1/devices", expect=403)
    owner.api.post("/v1/devices/me/check-in", {}, expect=403)
    # Staff manage any account's devices.
    listed = staff_api.get("/v1/devices", params={"account_id": owner.id})["data"]
    assert [d["id"] for d in listed] == [device.id]
    staff_api.patch(f"/v1/devices/{device.id}", {"name": "Renamed by support"})


# ----------------------------------------------------------------------------- DEV-2


def test_dev2_link_code_is_single_use_and_bound_to_the_account(
    owner: Customer, anon_api: Api, container: Container
) -> None:
    created = owner.api.post("/v1/devices/link-codes", expect=201)
    code = created["code"]
    assert len(code) == 9 and code[4] == "-"
    assert not set(code) & set("01IO")
    assert created["expires_at"].startswith("2026-01-05T12:10:00")  # 10 minutes
    linked = _link(anon_api, code.lower().replace("-", " "))  # case and dashes do not matter
    assert linked["device"]["account_id"] == owner.id
    assert linked["token"].startswith("tnr_at_")
    again = _link(anon_api, code, expect=422)
    assert again["error"]["code"] == "invalid_link_code"
    with container.db.transaction() as session:
        stored = session.scalars(select(LinkCode.code_hash)).all()
    assert len(stored) == 1 and code.replace("-", "") not in stored[0]  # only a hash is kept


def test_dev2_link_code_expires(owner: Customer, anon_api: Api, staff_api: Api) -> None:
    code = owner.api.post("/v1/devices/link-codes", expect=201)["code"]
    staff_api.post("/v1/clock/advance", {"minutes": 10})
    body = _link(anon_api, code, expect=422, headers={"Accept-Language": "da"})
    assert body["error"]["code"] == "invalid_link_code"
    assert body["error"]["message"].startswith("Koden er forkert")


def test_dev2_staff_make_codes_for_an_account(
    owner: Customer, staff_api: Api, anon_api: Api
) -> None:
    body = staff_api.post("/v1/devices/link-codes", {}, expect=422)
    assert body["error"]["code"] == "account_id_required"
    code = staff_api.post("/v1/devices/link-codes", {"account_id": owner.id}, expect=201)["code"]
    assert _link(anon_api, code)["device"]["account_id"] == owner.id


def test_dev2_relinking_the_same_installation_replaces_its_token(
    owner: Customer, anon_api: Api
) -> None:
    first = link_device(owner, fingerprint="fp-1")
    second = link_device(owner, fingerprint="fp-1", name="Laptop again")
    assert second.id == first.id
    assert [d["name"] for d in owner.api.get("/v1/devices")["data"]] == ["Laptop again"]
    first.api.get("/v1/devices/me", expect=401)
    second.api.get("/v1/devices/me")


def test_dev2_brute_force_is_rate_limited_per_client(
    owner: Customer, anon_api: Api, staff_api: Api, container: Container
) -> None:
    good = owner.api.post("/v1/devices/link-codes", expect=201)["code"]
    for n in range(10):
        wrong = f"ZZ{n}Z-ZZZZ".replace("0", "2").replace("1", "3")
        assert _link(anon_api, wrong, expect=422)["error"]["code"] == "invalid_link_code"
        staff_api.post("/v1/clock/advance", {"seconds": 30})
    response = anon_api.client.post(
        "/v1/devices/link",
        json={"code": good, "name": "Phone", "platform": "android"},
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    # The oldest failure (10 × 30 s ago) leaves the 15-minute window in 600 s.
    assert response.headers["Retry-After"] == "600" == str(error["retry_after"])
    assert error["message"].startswith("Zu viele fehlgeschlagene Versuche")
    with container.db.transaction() as session:  # stored, so every process sees them
        assert session.scalar(select(func.count()).select_from(LinkAttempt)) == 10
    staff_api.post("/v1/clock/advance", {"seconds": 600})
    fresh = owner.api.post("/v1/devices/link-codes", expect=201)["code"]
    assert _link(anon_api, fresh)["device"]["account_id"] == owner.id


def test_dev2_brute_force_is_rate_limited_per_code_prefix_across_clients(
    owner: Customer, anon_api: Api, container: Container
) -> None:
    """Many clients guessing codes that start alike are stopped together."""
    with container.db.transaction() as session:
        for n in range(20):
            session.add(LinkAttempt(client=f"10.0.0.{n}", prefix="AB", at=container.clock.now()))
    body = _link(anon_api, "ABCD-EFGH", expect=429)
    assert body["error"]["code"] == "rate_limited"
    # Another prefix from the same client is not affected.
    assert _link(anon_api, "CDEF-GHJK", expect=422)["error"]["code"] == "invalid_link_code"


# ----------------------------------------------------------------------------- DEV-3


def _queued_emails(container: Container) -> list[Email]:
    with container.db.transaction() as session:
        return list(session.scalars(select(Email).where(Email.template == "download_link")))


def test_dev3_owner_emails_a_signed_download_link(
    owner: Customer, anon_api: Api, staff_api: Api, container: Container
) -> None:
    sent = owner.api.post(
        "/v1/devices/download-links",
        {"email": "Kids.Phone@Example.com", "product": "av"},
        expect=202,
    )
    assert sent["status"] == "queued"
    assert sent["expires_at"].startswith("2026-01-08T12:00:00")  # 72 hours
    (email,) = _queued_emails(container)
    assert email.to_address == "kids.phone@example.com"
    text = rendered(email)
    assert "Test Antivirus" in text.subject
    link = email.context["link"]
    assert link.startswith("http://127.0.0.1:8000/v1/downloads/")
    assert link in text.text
    path = link.removeprefix("http://127.0.0.1:8000")
    info = anon_api.get(path)
    assert info["product"] == "av" and info["product_name"] == "Test Antivirus"
    assert info["platforms"] == ["windows", "macos", "android", "ios"]

    token = path.rsplit("/", 1)[1]
    payload, signature = token.split(".")
    forged = anon_api.get(f"/v1/downloads/{payload}.{signature[:-2]}AA", expect=404)
    assert forged["error"]["code"] == "invalid_download_link"
    anon_api.get(f"/v1/downloads/{payload}x.{signature}", expect=404)

    staff_api.post("/v1/clock/advance", {"hours": 72})
    expired = anon_api.get(path, expect=422)
    assert expired["error"]["code"] == "download_link_expired"


def test_dev3_bad_address_or_product_is_refused_and_nothing_is_sent(
    owner: Customer, container: Container
) -> None:
    body = owner.api.post(
        "/v1/devices/download-links", {"email": "not-an-address", "product": "av"}, expect=422
    )
    assert body["error"]["code"] == "invalid_email"
    body = owner.api.post(
        "/v1/devices/download-links", {"email": "a@example.com", "product": "nope"}, expect=404
    )
    assert body["error"]["code"] == "unknown_product"
    assert _queued_emails(container) == []


def test_dev3_download_link_email_in_the_owners_language(
    staff_api: Api, device_catalog: None, container: Container
) -> None:
    danish = make_customer(staff_api, "dansk@example.com", locale="da")
    danish.api.post(
        "/v1/devices/download-links", {"email": "dansk@example.com", "product": "vpn"}, expect=202
    )
    (email,) = _queued_emails(container)
    assert email.locale == "da"
