"""The License Manager through the HTTP API: VL-9 (assign, reassign, free; only the owner),
VL-10 (system-generated app login, "Setup" per platform, reassignment replaces the login at
once), VL-11 (per-license renewal toggle, ``renewing_count``), X-8 (nobody else reads or
changes licenses) and X-5 (Danish and German)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from support import Api
from support.commerce import Customer, add_card, make_customer
from support.volume import VolumeSub, bearer, insert_volume_subscription, sign_in
from tenure.container import Container
from tenure.events.models import Event
from tenure.kit.actor import Actor
from tenure.kit.errors import Conflict
from tenure.licenses import crypto
from tenure.licenses import service as licenses
from tenure.licenses.models import License

PLATFORMS = ["windows", "macos", "ios", "android"]  # the test catalog's VPN apps


@pytest.fixture
def volume(customer: Customer, container: Container) -> VolumeSub:
    return insert_volume_subscription(container, customer.id)


def licenses_url(sub_id: str) -> str:
    return f"/v1/volume_subscriptions/{sub_id}/licenses"


def assign(api: Api, license_id: str, name: str, email: str, expect: int = 200) -> Any:
    return api.post(f"/v1/licenses/{license_id}/assign", {"name": name, "email": email}, expect)


def setup(api: Api, license_id: str, platform: str = "windows", expect: int = 200) -> Any:
    return api.get(f"/v1/licenses/{license_id}/setup", expect, params={"platform": platform})


def login_of(api: Api, license_id: str) -> tuple[str, str]:
    credential = setup(api, license_id)["credential"]
    return credential["username"], credential["password"]


def licensee(anon_api: Api, username: str, password: str) -> Api:
    token = sign_in(anon_api, username, password)["token"]
    return Api(anon_api.client, bearer(token))


# ----------------------------------------------------------------------------- VL-9 list


def test_vl9_owner_lists_the_licenses_of_a_volume_subscription(
    customer: Customer, volume: VolumeSub
) -> None:
    listing = customer.api.get(licenses_url(volume.id))
    assert listing["subscription_id"] == volume.id and listing["plan"] == "vpn-volume"
    assert (listing["active"], listing["assigned"], listing["renewing"]) == (12, 0, 12)
    assert [lic["id"] for lic in listing["data"]] == volume.license_ids
    first = listing["data"][0]
    assert first["status"] == "active" and first["holder"] is None
    assert first["auto_renew"] is True and first["assigned_at"] is None
    assert not {"password", "username", "credential"} & set(first)


def test_vl9_licenses_exist_only_on_volume_subscriptions(
    customer: Customer, container: Container
) -> None:
    add_card(customer.api)
    personal = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    error = customer.api.get(licenses_url(personal["id"]), expect=409)["error"]
    assert error["code"] == "not_volume_subscription"
    assert error["subscription_id"] == personal["id"]
    with container.db.transaction() as session, pytest.raises(Conflict):
        licenses.create_licenses(
            session,
            subscription_id=personal["id"],
            account_id=customer.id,
            count=5,
            now=container.clock.now(),
            actor=Actor.system(),
        )


# ----------------------------------------------------------------------------- VL-9/VL-10 assign


def test_vl9_vl10_assign_then_setup_shows_the_app_login_per_platform(
    customer: Customer, volume: VolumeSub
) -> None:
    lic = volume.license_ids[0]
    assigned = assign(customer.api, lic, "  Ada   Lovelace ", "Ada@Example.COM")
    assert assigned["holder"] == {"name": "Ada Lovelace", "email": "ada@example.com"}
    assert assigned["assigned"] is True and assigned["credential_version"] == 1
    assert assigned["assigned_at"].startswith("2026-01-05T12:00:00")
    assert not {"password", "username", "credential"} & set(assigned)

    seen: set[tuple[str, str]] = set()
    for platform in PLATFORMS:
        response = customer.api.client.get(
            f"/v1/licenses/{lic}/setup",
            params={"platform": platform},
            headers=customer.api.headers,
        )
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert body["platform"] == platform and body["product"]["name"] == "Test VPN"
        assert body["holder"]["email"] == "ada@example.com"
        credential = body["credential"]
        seen.add((credential["username"], credential["password"]))
        assert any("username and password below" in step for step in body["instructions"])
    (username, password), *_ = seen
    assert len(seen) == 1  # one login per license, shown for every platform
    assert username.startswith("vl-") and len(username) == 15
    assert len(password.replace("-", "")) == 24 and set(password) <= set(crypto.ALPHABET + "-")

    windows = setup(customer.api, lic, "windows")["instructions"]
    assert windows[0] == "Download and install the Test VPN app for Windows."
    assert "App Store" in setup(customer.api, lic, "ios")["instructions"][0]
    assert "Google Play" in setup(customer.api, lic, "android")["instructions"][0]

    # The test catalog's VPN has no router or Linux app; an unknown platform is bad input.
    router = setup(customer.api, lic, "router", expect=422)["error"]
    assert router["code"] == "platform_not_supported" and router["platform"] == "Router"
    assert setup(customer.api, lic, "beos", expect=422)["error"]["code"] == "invalid_request"

    listed = customer.api.get(licenses_url(volume.id))
    assert listed["assigned"] == 1
    assert listed["data"][0]["holder"] == {"name": "Ada Lovelace", "email": "ada@example.com"}


def test_vl9_bad_input_changes_nothing(customer: Customer, volume: VolumeSub) -> None:
    lic = volume.license_ids[0]
    error = assign(customer.api, lic, "Ada", "not-an-email", expect=422)["error"]
    assert error["code"] == "invalid_email"
    assert assign(customer.api, lic, "   ", "ada@example.com", expect=422)["error"]["code"] == (
        "invalid_holder_name"
    )
    assert customer.api.get(f"/v1/licenses/{lic}")["holder"] is None
    not_assigned = setup(customer.api, lic, expect=409)["error"]
    assert not_assigned["code"] == "license_not_assigned"
    assert customer.api.get("/v1/licenses/lic_nope", expect=404)["error"]["code"] == (
        "license_not_found"
    )


def test_x5_setup_and_errors_in_danish_for_a_danish_account(
    staff_api: Api, catalog: None, container: Container
) -> None:
    owner = make_customer(staff_api, "mette@example.dk", locale="da")
    volume = insert_volume_subscription(container, owner.id)
    lic = volume.license_ids[0]
    assign(owner.api, lic, "Søren", "soren@example.dk")
    body = setup(owner.api, lic, "windows")
    assert body["instructions"][0] == "Download og installer Test VPN-appen til Windows."
    assert body["instructions"][1] == (
        "Åbn appen, og log ind med brugernavnet og adgangskoden nedenfor."
    )
    assert body["credential"]["password"]
    error = owner.api.get(f"/v1/licenses/{volume.license_ids[1]}/setup?platform=ios", expect=409)
    assert error["error"]["message"] == (
        "Tildel først denne licens til en person; dens app-login oprettes derefter."
    )
    german = owner.api.get(
        f"/v1/licenses/{lic}/setup?platform=android", headers={"Accept-Language": "de"}
    )
    assert german["instructions"][0] == (
        "Installieren Sie die Test VPN-App aus Google Play auf dem Android-Gerät."
    )


# ----------------------------------------------------------------------------- VL-10 sign-in


def test_vl10_the_licensed_user_signs_in_with_the_generated_login(
    customer: Customer, volume: VolumeSub, anon_api: Api
) -> None:
    lic = volume.license_ids[0]
    assign(customer.api, lic, "Ada", "ada@example.com")
    username, password = login_of(customer.api, lic)

    signed = sign_in(anon_api, username, password)
    assert signed["kind"] == "licensee" and signed["license_id"] == lic
    assert signed["account_id"] == customer.id and str(signed["token"]).startswith("tnr_at_")
    me = Api(anon_api.client, bearer(signed["token"])).get("/v1/me/license")
    assert me["license_id"] == lic and me["status"] == "active" and me["entitled"] is True
    assert me["holder"] == {"name": "Ada", "email": "ada@example.com"}
    assert me["subscription"]["plan"] == "vpn-volume"
    assert me["subscription"]["plan_name"] == "VPN Volume"
    assert me["subscription"]["id"] == volume.id

    # Typed on a TV or a phone: case, spaces and dashes do not matter.
    sign_in(anon_api, username.upper(), password.replace("-", " ").upper())

    wrong = sign_in(anon_api, username, "abcd-efgh-ijkm-npqr-stuv-wxyz", expect=401)["error"]
    unknown = sign_in(anon_api, "vl-nosuchuser1", password, expect=401)["error"]
    assert wrong == unknown  # the same answer: the API does not reveal which usernames exist
    assert wrong["code"] == "invalid_credentials"
    # Only a licensed user's token reads /v1/me/license.
    assert customer.api.get("/v1/me/license", expect=403)["error"]["code"] == "licensee_only"
    # Signing out ends this token only.
    app = licensee(anon_api, username, password)
    app.post("/v1/auth/logout", expect=204)
    app.get("/v1/me/license", expect=401)
    Api(anon_api.client, bearer(signed["token"])).get("/v1/me/license")


def test_vl10_reassigning_replaces_the_login_and_the_old_one_stops_at_once(
    customer: Customer, volume: VolumeSub, anon_api: Api
) -> None:
    lic = volume.license_ids[0]
    assign(customer.api, lic, "Ada", "ada@example.com")
    old_username, old_password = login_of(customer.api, lic)
    ada = licensee(anon_api, old_username, old_password)
    ada.get("/v1/me/license")

    moved = assign(customer.api, lic, "Grace Hopper", "grace@example.com")
    assert moved["holder"] == {"name": "Grace Hopper", "email": "grace@example.com"}
    assert moved["credential_version"] == 2
    new_username, new_password = login_of(customer.api, lic)
    assert new_username != old_username and new_password != old_password

    # The old login is refused at once, and so is every session made with it.
    assert sign_in(anon_api, old_username, old_password, expect=401)["error"]["code"] == (
        "invalid_credentials"
    )
    assert ada.get("/v1/me/license", expect=401)["error"]["code"] == "invalid_token"
    grace = licensee(anon_api, new_username, new_password)
    assert grace.get("/v1/me/license")["holder"]["email"] == "grace@example.com"

    # The same email again only renames; the login stays.
    renamed = assign(customer.api, lic, "Grace B. Hopper", "GRACE@example.com")
    assert renamed["credential_version"] == 2
    assert login_of(customer.api, lic) == (new_username, new_password)
    grace.get("/v1/me/license")

    types = [e["type"] for e in customer.api.get(f"/v1/licenses/{lic}/events")["data"]]
    assert types == [
        "license.created",
        "license.assigned",
        "license.signed_in",
        "license.reassigned",
        "license.signed_in",
        "license.holder_renamed",
    ]


def test_vl10_owner_can_reset_a_leaked_login(
    customer: Customer, volume: VolumeSub, anon_api: Api
) -> None:
    lic = volume.license_ids[0]
    assign(customer.api, lic, "Ada", "ada@example.com")
    old = login_of(customer.api, lic)
    ada = licensee(anon_api, *old)
    reset = customer.api.post(f"/v1/licenses/{lic}/reset_credential")
    assert reset["credential_version"] == 2 and reset["holder"]["email"] == "ada@example.com"
    sign_in(anon_api, *old, expect=401)
    ada.get("/v1/me/license", expect=401)
    licensee(anon_api, *login_of(customer.api, lic)).get("/v1/me/license")


def test_vl9_freeing_a_license_ends_its_login(
    customer: Customer, volume: VolumeSub, anon_api: Api
) -> None:
    lic = volume.license_ids[0]
    assign(customer.api, lic, "Ada", "ada@example.com")
    username, password = login_of(customer.api, lic)
    ada = licensee(anon_api, username, password)

    freed = customer.api.post(f"/v1/licenses/{lic}/free")
    assert freed["holder"] is None and freed["assigned"] is False and freed["status"] == "active"
    assert ada.get("/v1/me/license", expect=401)["error"]["code"] == "invalid_token"
    sign_in(anon_api, username, password, expect=401)
    assert setup(customer.api, lic, expect=409)["error"]["code"] == "license_not_assigned"
    assert customer.api.get(licenses_url(volume.id))["assigned"] == 0

    # Free again: nothing changes. Assign again: a brand-new login (version 2).
    customer.api.post(f"/v1/licenses/{lic}/free")
    again = assign(customer.api, lic, "Linus", "linus@example.com")
    assert again["credential_version"] == 2
    assert login_of(customer.api, lic)[0] != username


# ----------------------------------------------------------------------------- X-8, VL-9 owner


def test_vl9_x8_a_licensed_user_cannot_use_the_license_manager(
    customer: Customer, volume: VolumeSub, anon_api: Api
) -> None:
    """The licensee's token carries the owner's account id; it must still be refused."""
    lic, other = volume.license_ids[:2]
    assign(customer.api, lic, "Ada", "ada@example.com")
    ada = licensee(anon_api, *login_of(customer.api, lic))

    attempts = [
        ("GET", licenses_url(volume.id), None),
        ("GET", f"/v1/licenses/{lic}", None),
        ("GET", f"/v1/licenses/{lic}/setup?platform=windows", None),
        ("GET", f"/v1/licenses/{lic}/events", None),
        ("POST", f"/v1/licenses/{other}/assign", {"name": "Me", "email": "me@example.com"}),
        ("POST", f"/v1/licenses/{lic}/assign", {"name": "Eve", "email": "eve@example.com"}),
        ("POST", f"/v1/licenses/{lic}/free", None),
        ("POST", f"/v1/licenses/{lic}/reset_credential", None),
        ("POST", f"/v1/licenses/{lic}/auto_renew", {"enabled": False}),
    ]
    for method, url, body in attempts:
        error = ada.call(method, url, 403, json=body)["error"]
        assert error["code"] == "license_manager_owner_only", url
        assert error["message"] == "Only the account owner manages licenses."
    # Nothing changed, and the licensee is still signed in.
    assert customer.api.get(f"/v1/licenses/{lic}")["holder"]["email"] == "ada@example.com"
    assert customer.api.get(f"/v1/licenses/{other}")["holder"] is None
    assert customer.api.get(f"/v1/licenses/{lic}")["auto_renew"] is True
    ada.get("/v1/me/license")


def test_x8_a_device_token_cannot_use_the_license_manager(
    customer: Customer, volume: VolumeSub, anon_api: Api
) -> None:
    code = customer.api.post("/v1/devices/link-codes", {}, expect=201)["code"]
    linked = anon_api.post(
        "/v1/devices/link", {"code": code, "name": "Laptop", "platform": "windows"}, expect=201
    )
    device = Api(anon_api.client, bearer(linked["token"]))
    error = device.get(licenses_url(volume.id), expect=403)["error"]
    assert error["code"] == "license_manager_owner_only"


def test_x8_another_account_gets_403_and_staff_may_manage(
    customer: Customer, volume: VolumeSub, staff_api: Api, anon_api: Api
) -> None:
    lic = volume.license_ids[0]
    stranger = make_customer(staff_api, "mallory@example.com")
    assert stranger.api.get(licenses_url(volume.id), expect=403)["error"]["code"] == "forbidden"
    assign(stranger.api, lic, "Mallory", "mallory@example.com", expect=403)
    setup(stranger.api, lic, expect=403)
    stranger.api.post(f"/v1/licenses/{lic}/auto_renew", {"enabled": False}, expect=403)
    assert customer.api.get(f"/v1/licenses/{lic}")["holder"] is None

    # Staff (the vendor's support) may do everything the owner may.
    assert staff_api.get(licenses_url(volume.id))["active"] == 12
    assign(staff_api, lic, "Ada", "ada@example.com")
    username, password = login_of(staff_api, lic)
    sign_in(anon_api, username, password)
    staff_api.post(f"/v1/licenses/{lic}/auto_renew", {"enabled": False})
    events = customer.api.get(f"/v1/licenses/{lic}/events")["data"]
    assert events[1]["type"] == "license.assigned" and events[1]["actor"]["kind"] == "staff"


# ----------------------------------------------------------------------------- VL-11 renewal


def test_vl11_per_license_renewal_toggle_and_renewing_count(
    customer: Customer, volume: VolumeSub, container: Container, anon_api: Api
) -> None:
    off = volume.license_ids[:3]
    assign(customer.api, off[0], "Ada", "ada@example.com")
    ada = licensee(anon_api, *login_of(customer.api, off[0]))
    ada_login = login_of(customer.api, off[0])
    for lic in off:
        turned = customer.api.post(f"/v1/licenses/{lic}/auto_renew", {"enabled": False})
        assert turned["auto_renew"] is False
    # Turning one back on, and off again, is fine; repeating a setting changes nothing.
    customer.api.post(f"/v1/licenses/{off[2]}/auto_renew", {"enabled": True})
    customer.api.post(f"/v1/licenses/{off[2]}/auto_renew", {"enabled": False})
    customer.api.post(f"/v1/licenses/{off[2]}/auto_renew", {"enabled": False})
    listing = customer.api.get(licenses_url(volume.id))
    assert (listing["active"], listing["renewing"]) == (12, 9)
    assert [lic["auto_renew"] for lic in listing["data"]] == [False] * 3 + [True] * 9
    renew_events = [
        e for e in customer.api.get(f"/v1/licenses/{off[2]}/events")["data"]
        if e["type"] == "license.auto_renew_changed"
    ]  # fmt: skip
    assert len(renew_events) == 3

    now = container.clock.now()
    with container.db.transaction() as session:
        assert licenses.renewing_count(session, subscription_id=volume.id) == 9
        assert licenses.active_count(session, subscription_id=volume.id) == 12
        # At renewal the purchase side ends the licenses set not to renew.
        ended = licenses.end_non_renewing(
            session, subscription_id=volume.id, now=now, actor=Actor.scheduler()
        )
        assert ended == 3
    with container.db.transaction() as session:
        assert licenses.active_count(session, subscription_id=volume.id) == 9
        assert licenses.renewing_count(session, subscription_id=volume.id) == 9
        again = licenses.end_non_renewing(
            session, subscription_id=volume.id, now=now, actor=Actor.scheduler()
        )
        assert again == 0

    # The ended license's holder is signed out and the login no longer works.
    ada.get("/v1/me/license", expect=401)
    sign_in(anon_api, *ada_login, expect=401)
    shown = customer.api.get(licenses_url(volume.id))
    assert shown["active"] == 9 and len(shown["data"]) == 9
    every = customer.api.get(licenses_url(volume.id), params={"include_ended": "true"})
    ended_rows = [lic for lic in every["data"] if lic["status"] == "ended"]
    assert [lic["id"] for lic in ended_rows] == off
    assert {lic["end_reason"] for lic in ended_rows} == {"not_renewed"}
    # An ended license can no longer be changed.
    error = assign(customer.api, off[1], "Bob", "bob@example.com", expect=409)["error"]
    assert error["code"] == "license_ended"
    customer.api.post(f"/v1/licenses/{off[1]}/auto_renew", {"enabled": True}, expect=409)


def test_vl12_when_the_subscription_ends_every_license_ends(
    customer: Customer, volume: VolumeSub, container: Container, anon_api: Api
) -> None:
    lic = volume.license_ids[0]
    assign(customer.api, lic, "Ada", "ada@example.com")
    ada = licensee(anon_api, *login_of(customer.api, lic))
    with container.db.transaction() as session:
        assert (
            licenses.end_all(
                session,
                subscription_id=volume.id,
                now=container.clock.now(),
                actor=Actor.scheduler(),
            )
            == 12
        )
        assert licenses.active_count(session, subscription_id=volume.id) == 0
    ada.get("/v1/me/license", expect=401)
    assert customer.api.get(licenses_url(volume.id))["active"] == 0
    assert customer.api.get(f"/v1/licenses/{lic}")["end_reason"] == "subscription_ended"


# ----------------------------------------------------------------------------- VL-10 secrets


def test_vl10_the_password_is_stored_encrypted(
    customer: Customer, volume: VolumeSub, container: Container
) -> None:
    lic = volume.license_ids[0]
    assign(customer.api, lic, "Ada", "ada@example.com")
    username, password = login_of(customer.api, lic)
    with container.db.transaction() as session:
        row = session.get(License, lic)
        assert row is not None and row.login_password_encrypted is not None
        stored = row.login_password_encrypted
        columns = {c.key: getattr(row, c.key) for c in License.__table__.columns}
        version = row.credential_version
    assert row.login_username == username
    for value in columns.values():  # not in plain text anywhere in the row
        assert password not in str(value)
        assert password.replace("-", "") not in str(value)
    assert row.login_password_hash == crypto.hash_password(password)
    secret_key = container.settings.secret_key
    assert (
        crypto.decrypt_password(
            stored, secret_key=secret_key, license_id=lic, credential_version=version
        )
        == password
    )
    with pytest.raises(crypto.CredentialUnreadable):
        crypto.decrypt_password(
            stored, secret_key="another-secret", license_id=lic, credential_version=version
        )
    with pytest.raises(crypto.CredentialUnreadable):  # bound to its row and version
        crypto.decrypt_password(
            stored, secret_key=secret_key, license_id=lic, credential_version=version + 1
        )


def test_vl10_the_login_never_appears_in_events_or_lists(
    customer: Customer, volume: VolumeSub, container: Container, anon_api: Api
) -> None:
    lic = volume.license_ids[0]
    assign(customer.api, lic, "Ada", "ada@example.com")
    first = login_of(customer.api, lic)
    sign_in(anon_api, *first)
    assign(customer.api, lic, "Grace", "grace@example.com")
    second = login_of(customer.api, lic)
    sign_in(anon_api, *second)
    customer.api.post(f"/v1/licenses/{lic}/free")

    texts = [
        json.dumps(customer.api.get(licenses_url(volume.id))),
        json.dumps(customer.api.get(f"/v1/licenses/{lic}")),
        json.dumps(customer.api.get(f"/v1/licenses/{lic}/events")["data"]),
    ]
    with container.db.transaction() as session:
        rows = session.scalars(select(Event)).all()
        assert any(e.type == "license.reassigned" for e in rows)
        texts += [json.dumps(e.data) for e in rows]
    blob = "\n".join(texts)
    for username, password in (first, second):
        assert password not in blob and password.replace("-", "") not in blob
        assert username not in blob


def test_x8_the_login_is_shown_only_to_its_owner(
    customer: Customer, volume: VolumeSub, staff_api: Api, anon_api: Api
) -> None:
    lic = volume.license_ids[0]
    assign(customer.api, lic, "Ada", "ada@example.com")
    stranger = make_customer(staff_api, "eve@example.com")
    error = setup(stranger.api, lic, expect=403)["error"]
    assert "credential" not in error and error["code"] == "forbidden"
    assert anon_api.get(f"/v1/licenses/{lic}/setup?platform=windows", expect=401)
