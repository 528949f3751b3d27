"""The account's one entitlement through the API (APP-2, APP-3, APP-4, APP-9, APP-10,
DEV-4, SUB-4, SUB-5): combined from its web and App Store subscriptions, for the account,
its devices, its licensed users and staff; gated by app version; polled with ETags."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from support import Api
from support.commerce import FAILING_CARD, Customer, add_card, make_customer
from support.devices import insert_subscription
from tenure.auth.service import issue_access_token
from tenure.catalog.service import load_catalog
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.ids import new_id
from tenure.licenses.models import License
from tenure.subscriptions.models import Subscription

CATALOG = """
vendor: Entitlement tests
products:
  - code: vpn
    name: Test VPN
    platforms: [windows, macos, ios, android]
    plans:
      - code: vpn-web-1m
        name: VPN monthly
        kind: personal
        billing_period_months: 1
        prices: {USD: 1299}
        connection_limit: 8
        features: [vpn, split_tunneling]
      - code: vpn-app-12m
        name: VPN 12 months (App Store)
        kind: personal
        billing_period_months: 12
        prices: {USD: 9999, DKK: 79900}
        channels: [app_store]
        payment_methods: []
        trial: {days: 7, requires_payment_method: true}
        connection_limit: 5
        features: [vpn]
        min_os_versions: {ios: "12"}
        min_app_versions: {ios: "7.3.7"}
        grace_days: 16
        retry_schedule_days: []
      - code: vpn-volume-12m
        name: VPN volume licensing
        kind: volume
        billing_period_months: 12
        payment_methods: [card]
        seats: {min: 5}
        connection_limit: 8
        features: [vpn]
        volume_tiers:
          - {min_quantity: 5, monthly_unit_prices: {USD: 700}}
  - code: av
    name: Test Antivirus
    platforms: [windows]
    plans:
      - code: av-1y
        name: Antivirus yearly
        kind: personal
        billing_period_months: 12
        prices: {USD: 2999}
        features: [antivirus]
"""


@pytest.fixture
def owner(staff_api: Api, container: Container) -> Customer:
    with container.db.transaction() as session:
        load_catalog(session, source=CATALOG, now=container.clock.now(), actor=Actor("staff"))
    customer = make_customer(staff_api, "owner@example.com")
    add_card(customer.api)
    return customer


def buy(customer: Customer, plan: str) -> dict[str, Any]:
    result: dict[str, Any] = customer.api.post("/v1/subscriptions", {"plan": plan}, expect=201)
    return result


def insert_store_subscription(
    container: Container,
    account_id: str,
    *,
    status: str = "active",
    store_state: str | None = None,
    grace_ends_at: datetime | None = None,
) -> str:
    """An App Store subscription row as the store channel writes it (APP-1)."""
    now: datetime = container.clock.now()
    sub_id = new_id("sub")
    with container.db.transaction() as session:
        session.add(
            Subscription(
                id=sub_id,
                account_id=account_id,
                product_code="vpn",
                plan_code="vpn-app-12m",
                catalog_version=1,
                channel="app_store",
                status=status,
                quantity=1,
                currency="DKK",
                unit_amount=79900,
                billing_period_months=12,
                auto_renew=True,
                start_at=now,
                anchor_at=now,
                period_offset_months=0,
                current_period_start=now,
                current_period_end=now + relativedelta(months=12),
                grace_ends_at=grace_ends_at,
                cancel_at_period_end=False,
                store_original_transaction_id=f"2000{sub_id[-12:]}",
                store_environment="Sandbox",
                store_product_id="com.example.vpn.12m",
                store_state=store_state,
                created_at=now,
                updated_at=now,
            )
        )
    return sub_id


def test_x5_every_warning_and_version_message_is_translated() -> None:
    from tenure.domain.entitlement import WARNING_MESSAGES
    from tenure.entitlements.service import ClientVersionTooOld
    from tenure.kit.i18n import gettext

    english = [*WARNING_MESSAGES.values(), *ClientVersionTooOld.MESSAGES.values()]
    for locale in ("da", "de"):
        missing = [text for text in english if gettext(text, locale) == text]
        assert not missing, (locale, missing)


def ios(app: str, os: str) -> dict[str, str]:
    return {"X-App-Platform": "ios", "X-App-Version": app, "X-OS-Version": os}


# --------------------------------------------------------------------------- APP-3, APP-4


def test_app3_app4_one_entitlement_over_web_and_store(
    owner: Customer, staff_api: Api, container: Container
) -> None:
    assert owner.api.get("/v1/me/entitlement")["reason"] == "no_subscription"
    web = buy(owner, "vpn-web-1m")
    store = insert_store_subscription(container, owner.id)
    buy(owner, "av-1y")
    value = owner.api.get("/v1/me/entitlement")
    assert value["active"] is True and value["reasons"] == ["subscription_active"]
    assert value["channels"] == ["app_store", "web"]
    assert value["products"] == ["av", "vpn"]
    assert value["platforms"] == ["android", "ios", "macos", "windows"]  # every app
    assert value["features"] == ["antivirus", "split_tunneling", "vpn"]
    assert value["connection_limit"] == 8  # APP-4: web 8 beats App Store 5
    assert value["expires_at"].startswith("2027-01-05T12:00:00")  # the latest end
    # Both VPN subscriptions renew by themselves: the one charged first is named (seed 001).
    assert [(w["code"], w["subscription_id"], w["other_subscription_id"])
            for w in value["warnings"]] == [("double_charge_risk", web["id"], store)]  # fmt: skip
    by_id = {s["subscription_id"]: s for s in value["subscriptions"]}
    assert by_id[store]["channel"] == "app_store" and by_id[web["id"]]["channel"] == "web"
    assert by_id[web["id"]]["access_until"].startswith("2026-02-05T12:00:00")

    # The web subscription ends: the store one still unlocks the VPN, with its own limit.
    staff_api.post(f"/v1/subscriptions/{web['id']}/cancel", {"at_period_end": False})
    vpn_only = owner.api.get("/v1/me/entitlement", params={"product": "vpn"})
    assert vpn_only["channels"] == ["app_store"] and vpn_only["connection_limit"] == 5
    assert vpn_only["subscription_ids"] == [store]
    # The same answer for staff, on the account's page.
    assert staff_api.get(f"/v1/accounts/{owner.id}/entitlement", params={"product": "vpn"}) == (
        vpn_only
    )


def test_dev4_x8_devices_licensed_users_and_staff_read_it(
    owner: Customer, staff_api: Api, container: Container
) -> None:
    buy(owner, "vpn-web-1m")
    code = owner.api.post("/v1/devices/link-codes", expect=201)["code"]
    linked = owner.api.client.post(
        "/v1/devices/link", json={"code": code, "name": "Phone", "platform": "ios"}
    )
    assert linked.status_code == 201, linked.text
    device = Api(owner.api.client, {"Authorization": f"Bearer {linked.json()['token']}"})
    from_device = device.get("/v1/me/entitlement")
    assert from_device == owner.api.get("/v1/me/entitlement")
    assert from_device["account_id"] == owner.id and from_device["license_id"] is None
    staff_api.get("/v1/accounts/acct_nope/entitlement", expect=404)
    # A staff key acts for no one: it is told the staff route instead.
    refused = staff_api.get("/v1/me/entitlement", expect=403)["error"]
    assert refused["code"] == "staff_use_staff_route"
    assert refused["staff_route"] == "GET /v1/accounts/{account_id}/entitlement"
    other = make_customer(staff_api, "other@example.com")
    other.api.get(f"/v1/accounts/{owner.id}/entitlement", expect=403)
    assert owner.api.client.get("/v1/me/entitlement").status_code == 401

    # A licensed user of volume licensing sees the subscription behind its license (VL-13).
    licensee = Api(owner.api.client, {"Authorization": f"Bearer {_licensee(container, owner.id)}"})
    mine = licensee.get("/v1/me/entitlement")
    assert mine["account_id"] == owner.id and mine["license_id"] is not None
    assert mine["active"] is True and mine["features"] == ["vpn"]
    assert mine["connection_limit"] == 8 and len(mine["subscription_ids"]) == 1
    # APP-12, VL-9: the license's owner manages it; the bill is the owner's, not shown.
    (source,) = mine["subscriptions"]
    assert source["manage"] == {**source["manage"], "by": "license_owner", "url": None}
    assert source["next_charge"] is None


def _licensee(container: Container, account_id: str) -> str:
    """A licensed user's token for a license of a volume subscription (written directly)."""
    now: datetime = container.clock.now()
    sub_id = insert_subscription(
        container, account_id=account_id, plan="vpn-volume-12m", quantity=5, unit_amount=700
    )
    license_id = new_id("lic")
    with container.db.transaction() as session:
        session.add(
            License(
                id=license_id,
                subscription_id=sub_id,
                account_id=account_id,
                status="active",
                holder_name="Ada",
                holder_email="ada@example.com",
                auto_renew=True,
                created_at=now,
                updated_at=now,
            )
        )
        _token, secret = issue_access_token(
            session,
            kind="licensee",
            subject_id=license_id,
            account_id=account_id,
            now=now,
            ttl=None,
        )
    return secret


# --------------------------------------------------------------------------- APP-9, SUB-5


def test_app9_web_grace_shows_payment_failed_and_the_deadline(
    owner: Customer, staff_api: Api
) -> None:
    sub = buy(owner, "vpn-web-1m")
    add_card(owner.api, FAILING_CARD)
    staff_api.post("/v1/clock/advance", {"days": 32})
    value = owner.api.get("/v1/me/entitlement", headers={"Accept-Language": "da"})
    assert value["active"] is True and value["reason"] == "grace"
    assert [(w["code"], w["subscription_id"]) for w in value["warnings"]] == [
        ("payment_failed", sub["id"]),
        ("grace_deadline", sub["id"]),
    ]
    failed, grace = value["warnings"]
    assert failed["deadline"].startswith("2026-03-07T12:00:00")  # renewal 5 Feb + 30 days
    assert grace["deadline"] == failed["deadline"] == value["expires_at"]
    assert failed["message"].startswith("Betalingen mislykkedes")
    assert grace["message"].startswith("Din adgang fortsætter")
    staff_api.post("/v1/clock/advance", {"days": 30})
    ended = owner.api.get("/v1/me/entitlement")
    assert ended == {**ended, "active": False, "reason": "expired", "features": []}
    assert ended["warnings"] == []


def test_app9_a_store_billing_problem_shows_payment_failed_while_access_lasts(
    owner: Customer, container: Container, staff_api: Api
) -> None:
    deadline = container.clock.now() + timedelta(days=16)
    sub = insert_store_subscription(
        container, owner.id, status="past_due", store_state="grace", grace_ends_at=deadline
    )
    value = owner.api.get("/v1/me/entitlement", headers={"Accept-Language": "de"})
    assert value["active"] is True and value["reason"] == "grace"
    failed = value["warnings"][0]
    assert (failed["code"], failed["subscription_id"], failed["channel"]) == (
        "payment_failed",
        sub,
        "app_store",
    )
    assert failed["message"].startswith("Die Zahlung im App Store ist fehlgeschlagen")
    assert failed["deadline"].startswith("2026-01-21T12:00:00")
    # A store grace that has run out gives no access, even before the store's notice (or the
    # scheduler) marks the subscription expired.
    late = make_customer(staff_api, "late@example.com")
    insert_store_subscription(
        container,
        late.id,
        status="past_due",
        store_state="grace",
        grace_ends_at=container.clock.now() - timedelta(seconds=1),
    )
    after = late.api.get("/v1/me/entitlement")
    assert after["active"] is False and after["warnings"] == []


def test_app9_while_the_store_retries_the_ended_entitlement_says_payment_failed(
    owner: Customer, container: Container
) -> None:
    sub = insert_store_subscription(
        container, owner.id, status="expired", store_state="billing_retry"
    )
    value = owner.api.get("/v1/me/entitlement", headers={"Accept-Language": "da"})
    assert value["active"] is False and value["reason"] == "expired"
    (warning,) = value["warnings"]
    assert (warning["code"], warning["subscription_id"], warning["deadline"]) == (
        "payment_failed",
        sub,
        None,
    )
    assert warning["message"].startswith("Betalingen mislykkedes i App Store")


def test_sub4_expiring_soon_after_cancelling(owner: Customer, staff_api: Api) -> None:
    sub = buy(owner, "vpn-web-1m")
    owner.api.post(f"/v1/subscriptions/{sub['id']}/cancel", {})
    assert owner.api.get("/v1/me/entitlement")["warnings"] == []  # 31 days left
    staff_api.post("/v1/clock/advance", {"days": 25})
    value = owner.api.get("/v1/me/entitlement")
    (warning,) = value["warnings"]
    assert (warning["code"], warning["subscription_id"]) == ("expiring_soon", sub["id"])
    assert warning["deadline"].startswith("2026-02-05T12:00:00")
    assert value["subscriptions"][0]["renews"] is False
    owner.api.post(f"/v1/subscriptions/{sub['id']}/resume")
    assert owner.api.get("/v1/me/entitlement")["warnings"] == []


def test_sub2_app5_a_store_trial_is_announced(owner: Customer, container: Container) -> None:
    sub = insert_store_subscription(container, owner.id, status="trialing")
    value = owner.api.get("/v1/me/entitlement")
    assert value["reason"] == "trialing"
    assert [(w["code"], w["subscription_id"]) for w in value["warnings"]] == [("trial", sub)]


# --------------------------------------------------------------------------- APP-2


def test_app2_a_too_old_ios_app_is_refused_with_the_minimums(
    owner: Customer, container: Container
) -> None:
    insert_store_subscription(container, owner.id)
    error = owner.api.get("/v1/me/entitlement", expect=422, headers=ios("7.3.6", "15.1"))
    assert error["error"] == {
        **error["error"],
        "code": "client_version_too_old",
        "platform": "ios",
        "app_version": "7.3.6",
        "min_app_version": "7.3.7",
        "min_os_version": "12",
        "too_old": ["app"],
        "plan": "vpn-app-12m",
    }
    assert "7.3.7" in error["error"]["message"]
    old_os = owner.api.get(
        "/v1/me/entitlement", expect=422, headers={**ios("7.3.7", "11.4"), "Accept-Language": "da"}
    )["error"]
    assert old_os["too_old"] == ["os"] and "version 12 eller nyere" in old_os["message"]
    both = owner.api.get("/v1/me/entitlement", expect=422, headers=ios("6.0", "11"))["error"]
    assert both["too_old"] == ["app", "os"]

    # New enough (7.3.10 is newer than 7.3.7), or another platform (APP-3): served.
    for headers in (ios("7.3.10", "12"), ios("7.3.7", "17.4.1"), ios("8", "12.0")):
        assert owner.api.get("/v1/me/entitlement", headers=headers)["active"] is True
    windows = {"X-App-Platform": "windows", "X-App-Version": "1.0", "X-OS-Version": "10"}
    assert owner.api.get("/v1/me/entitlement", headers=windows)["active"] is True
    assert owner.api.get("/v1/me/entitlement")["active"] is True  # no client named


def test_app2_an_old_app_still_uses_the_web_subscription(
    owner: Customer, container: Container
) -> None:
    web = buy(owner, "vpn-web-1m")
    store = insert_store_subscription(container, owner.id)
    value = owner.api.get("/v1/me/entitlement", headers=ios("7.0", "11"))
    assert value["active"] is True and value["subscription_ids"] == [web["id"]]
    assert [(w["code"], w["subscription_id"]) for w in value["warnings"]] == [
        ("client_version_too_old", store)
    ]


def test_app2_bad_client_headers_are_refused(owner: Customer) -> None:
    def code(headers: dict[str, str]) -> str:
        body = owner.api.get("/v1/me/entitlement", expect=422, headers=headers)
        return str(body["error"]["code"])

    assert code(ios("seven", "12")) == "invalid_client_version"
    assert code(ios("7.3.7", "12..1")) == "invalid_client_version"
    assert code({"X-App-Platform": "symbian", "X-App-Version": "1"}) == "invalid_client_platform"
    assert code({"X-App-Version": "7.3.7"}) == "client_platform_required"


# --------------------------------------------------------------------------- APP-10 polling


def test_app10_etag_and_304_until_something_changes(owner: Customer, staff_api: Api) -> None:
    sub = buy(owner, "vpn-web-1m")
    client, headers = owner.api.client, owner.api.headers
    first = client.get("/v1/me/entitlement", headers=headers)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong
    assert etag == '"' + hashlib.sha256(first.content).hexdigest()[:32] + '"'
    assert first.headers["cache-control"] == "private, no-cache"
    assert "X-App-Version" in first.headers["vary"]

    for sent in (etag, f'"other", {etag}', f"W/{etag}", "*"):
        again = client.get("/v1/me/entitlement", headers={**headers, "If-None-Match": sent})
        assert again.status_code == 304, sent
        assert again.content == b"" and again.headers["etag"] == etag
    stale = client.get("/v1/me/entitlement", headers={**headers, "If-None-Match": '"nope"'})
    assert stale.status_code == 200 and stale.headers["etag"] == etag

    # A change (auto-renew off) changes the ETag: the old one now gets the full answer.
    staff_api.post(f"/v1/subscriptions/{sub['id']}/auto_renew", {"enabled": False})
    changed = client.get("/v1/me/entitlement", headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.json()["subscriptions"][0]["renews"] is False
    staff_view = staff_api.client.get(
        f"/v1/accounts/{owner.id}/entitlement",
        headers={**staff_api.headers, "If-None-Match": changed.headers["etag"]},
    )
    assert staff_view.status_code == 304
