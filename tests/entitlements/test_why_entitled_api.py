"""Why am I (not) entitled, through the API (APP-12, APP-11, seed 001): the status names the
subscriptions that give access, each with its next charge, the last moment to cancel before
it and where to manage it; the others say why they do not count; a second channel that
would charge twice is warned about (and a web purchase refused, saying what to do); the App
Store storefront, not the device's region, decides what is offered."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from support import Api
from support.commerce import Customer, add_card, make_customer
from tenure.catalog.service import load_catalog
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.ids import new_id
from tenure.subscriptions.models import Subscription

CATALOG = """
vendor: Why tests
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
        charge_lead_time_days: 2
        connection_limit: 8
        features: [vpn]
      - code: vpn-app-12m
        name: VPN 12 months (App Store)
        kind: personal
        billing_period_months: 12
        prices: {USD: 9999, DKK: 79900}
        channels: [app_store]
        payment_methods: []
        regions: [US, DK, DE]
        trial: {days: 7, requires_payment_method: true, regions: [US, DE]}
        connection_limit: 5
        features: [vpn]
        min_os_versions: {ios: "12"}
        min_app_versions: {ios: "7.3.7"}
        retry_schedule_days: []
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

APPLE = "https://apps.apple.com/account/subscriptions"
ME = "/v1/me/entitlement"
TOKEN = "/v1/channels/app_store/account_token"


@pytest.fixture
def owner(staff_api: Api, container: Container) -> Customer:
    with container.db.transaction() as session:
        load_catalog(session, source=CATALOG, now=container.clock.now(), actor=Actor("staff"))
    customer = make_customer(staff_api, "why@example.com")
    add_card(customer.api)
    return customer


def store_subscription(
    container: Container,
    account_id: str,
    *,
    status: str = "active",
    cancel_at_period_end: bool = False,
    end_reason: str | None = None,
    ended_at: datetime | None = None,
) -> str:
    """An App Store subscription row as the store channel writes it (APP-1), priced in the
    storefront's currency."""
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
                cancel_at_period_end=cancel_at_period_end,
                end_reason=end_reason,
                ended_at=ended_at,
                store_original_transaction_id=f"2000{sub_id[-12:]}",
                store_environment="Sandbox",
                store_product_id="com.example.vpn.12m",
                store_state="expired" if status == "expired" else "active",
                created_at=now,
                updated_at=now,
            )
        )
    return sub_id


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["subscription_id"]: item for item in items}


# --------------------------------------------------------------------------- APP-12


def test_app12_app5_store_subscription_next_charge_cancel_24h_before_and_where(
    owner: Customer, container: Container
) -> None:
    store = store_subscription(container, owner.id)
    value = owner.api.get(ME, headers={"Accept-Language": "da"})
    (source,) = value["subscriptions"]
    assert source["subscription_id"] == store and source["renews"] is True
    assert source["next_charge"] == {
        "at": "2027-01-05T12:00:00Z",  # the end of the store's period
        "cancel_by": "2027-01-04T12:00:00Z",  # at least 24 hours before (APP-5)
        "amount": 79900,  # minor units of the storefront's currency
        "currency": "DKK",
    }
    assert source["manage"] == {
        "channel": "app_store",
        "by": "you",
        "url": APPLE,
        "message": source["manage"]["message"],
    }
    assert source["manage"]["message"].startswith("Dette abonnement blev købt i App Store")
    assert value["not_counting"] == [] and value["warnings"] == []


def test_app12_sub3_web_next_charge_is_the_lead_time_before_renewal_and_polls_stay_304(
    owner: Customer, staff_api: Api, client: Any
) -> None:
    sub = owner.api.post("/v1/subscriptions", {"plan": "vpn-web-1m"}, expect=201)
    response = client.get(ME, headers=owner.api.headers)
    (source,) = response.json()["subscriptions"]
    # Renewal 5 Feb; the plan charges 2 days before (SUB-3), and cancelling before that
    # charge stops it (SUB-4): both instants are the charge.
    assert source["next_charge"] == {
        "at": "2026-02-03T12:00:00Z",
        "cancel_by": "2026-02-03T12:00:00Z",
        "amount": 1299,
        "currency": "USD",
    }
    assert source["manage"]["channel"] == "web" and source["manage"]["by"] == "you"
    assert source["manage"]["url"].endswith(f"/account/subscriptions?subscription={sub['id']}")

    # APP-10: nothing in the body depends on the time of the poll, so a later poll is 304.
    etag = response.headers["ETag"]
    staff_api.post("/v1/clock/advance", {"hours": 20})
    again = client.get(ME, headers={**owner.api.headers, "If-None-Match": etag})
    assert again.status_code == 304

    # Cancelled: nothing more is charged, and the ETag changes.
    owner.api.post(f"/v1/subscriptions/{sub['id']}/cancel", {})
    after = client.get(ME, headers={**owner.api.headers, "If-None-Match": etag})
    assert after.status_code == 200
    (cancelled,) = after.json()["subscriptions"]
    assert cancelled["next_charge"] is None and cancelled["renews"] is False


def test_app12_why_the_other_subscriptions_do_not_count(
    owner: Customer, container: Container, staff_api: Api
) -> None:
    web = owner.api.post("/v1/subscriptions", {"plan": "vpn-web-1m"}, expect=201)
    owner.api.post(f"/v1/subscriptions/{web['id']}/cancel", {})
    again = owner.api.post(f"/v1/subscriptions/{web['id']}/resubscribe", {}, expect=201)
    refunded = store_subscription(
        container,
        owner.id,
        status="expired",
        end_reason="refunded",
        ended_at=container.clock.now() - timedelta(days=3),
    )
    value = owner.api.get(ME, headers={"Accept-Language": "de"})
    assert [s["subscription_id"] for s in value["subscriptions"]] == [web["id"]]
    others = by_id(value["not_counting"])
    assert set(others) == {again["id"], refunded}
    scheduled = others[again["id"]]
    assert (scheduled["reason"], scheduled["status"]) == ("not_started", "scheduled")
    assert scheduled["at"] == "2026-02-05T12:00:00Z"  # it starts when the old one ends (SUB-4)
    assert scheduled["message"] == (
        "Dieses Abonnement hat noch nicht begonnen; es beginnt am 5. Februar 2026."
    )
    gone = others[refunded]
    assert (gone["reason"], gone["channel"], gone["at"]) == (
        "refunded",
        "app_store",
        "2026-01-02T12:00:00Z",
    )
    assert gone["message"].startswith("Dieses Abonnement wurde erstattet")
    assert gone["manage"]["url"] == APPLE

    # An app too old for the store plan: that subscription does not count on this device.
    store = store_subscription(container, owner.id)
    old = {"X-App-Platform": "ios", "X-App-Version": "7.0", "X-OS-Version": "16"}
    on_old_app = owner.api.get(ME, headers=old)
    assert by_id(on_old_app["not_counting"])[store]["reason"] == "client_version_too_old"

    # Staff cancel the web one at once: it is listed as cancelled, the latest of its channel.
    staff_api.post(f"/v1/subscriptions/{web['id']}/cancel", {"at_period_end": False})
    later = by_id(owner.api.get(ME)["not_counting"])
    assert later[web["id"]]["reason"] == "canceled"
    assert (
        later[web["id"]]["message"]
        == "This subscription was cancelled and ended on January 5, 2026."
    )


# --------------------------------------------------------------------------- seed 001


def test_app12_app8_a_second_channel_that_would_charge_twice_is_warned_about(
    owner: Customer, container: Container
) -> None:
    web = owner.api.post("/v1/subscriptions", {"plan": "vpn-web-1m"}, expect=201)
    store = store_subscription(container, owner.id)  # bought in the app afterwards
    value = owner.api.get(ME, headers={"Accept-Language": "da"})
    (warning,) = value["warnings"]
    assert warning == {
        **warning,
        "code": "double_charge_risk",
        "subscription_id": web["id"],  # the one charged first
        "other_subscription_id": store,
        "channel": "web",
        "deadline": "2026-02-03T12:00:00Z",  # the last moment to cancel it
    }
    assert warning["message"].startswith("Du betaler for dette produkt både i App Store")
    # Cancelling one of them ends the warning.
    owner.api.post(f"/v1/subscriptions/{web['id']}/cancel", {})
    assert owner.api.get(ME)["warnings"] == []


def test_app8_app12_a_web_purchase_while_the_store_renews_says_why_and_what_to_do(
    owner: Customer, container: Container
) -> None:
    store = store_subscription(container, owner.id)
    refused = owner.api.post(
        "/v1/subscriptions",
        {"plan": "vpn-web-1m"},
        expect=409,
        headers={"Accept-Language": "de"},
    )["error"]
    assert refused == {
        **refused,
        "code": "store_subscription_active",
        "product": "vpn",
        "app_store_subscription_id": store,
        "app_store_plan": "vpn-app-12m",
        "renews_at": "2027-01-05T12:00:00Z",
        "cancel_by": "2027-01-04T12:00:00Z",
        "manage_channel": "app_store",
        "manage_url": APPLE,
    }
    assert "doppelt berechnet" in refused["message"]
    assert "mindestens 24 Stunden" in refused["message"]
    english = owner.api.post("/v1/subscriptions", {"plan": "vpn-web-1m"}, expect=409)["error"]
    assert "charge you twice" in english["message"]


# --------------------------------------------------------------------------- APP-11


def offers(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["product"]: o for o in body["store_offers"]}


def test_app11_the_storefront_decides_what_is_offered(owner: Customer) -> None:
    assert owner.api.get(ME)["store_offers"] is None  # no storefront, no Apple device

    us = offers(owner.api.get(ME, headers={"X-App-Store-Storefront": "USA"}))
    assert set(us) == {"vpn"}  # only products with App Store plans
    assert us["vpn"] == {
        "product": "vpn",
        "country": "US",
        "country_source": "storefront",
        "offered": True,
        "plans": ["vpn-app-12m"],
        "trial_offered": True,
        "trial_days": 7,
        "message": None,
    }

    dk = offers(
        owner.api.get(ME, headers={"X-App-Store-Storefront": "DNK", "Accept-Language": "da"})
    )["vpn"]
    assert (dk["country"], dk["offered"], dk["trial_offered"]) == ("DK", True, False)
    assert dk["message"].startswith("Den gratis prøveperiode tilbydes ikke i App Store i Danmark")
    assert "betalingsmetode fra det land" in dk["message"]

    cn = offers(
        owner.api.get(ME, headers={"X-App-Store-Storefront": "CHN", "Accept-Language": "de"})
    )["vpn"]
    assert (cn["offered"], cn["plans"], cn["trial_offered"]) == (False, [], False)
    assert cn["message"].startswith("Dieses Produkt wird im App Store von China nicht angeboten")

    bad = owner.api.get(ME, expect=422, headers={"X-App-Store-Storefront": "XYZ"})["error"]
    assert (bad["code"], bad["storefront"]) == ("invalid_storefront", "XYZ")


def test_app11_the_device_region_is_only_a_fallback_and_is_named(owner: Customer) -> None:
    code = owner.api.post("/v1/devices/link-codes", expect=201)["code"]
    linked = owner.api.client.post(
        "/v1/devices/link",
        json={"code": code, "name": "iPhone", "platform": "ios", "region": "DK"},
    )
    assert linked.status_code == 201, linked.text
    phone = Api(owner.api.client, {"Authorization": f"Bearer {linked.json()['token']}"})

    guessed = offers(phone.get(ME))["vpn"]
    assert (guessed["country"], guessed["country_source"]) == ("DK", "device_region")
    assert guessed["trial_offered"] is False
    assert guessed["message"].endswith("this is based on your device's region (Denmark).")

    # The storefront the app sends wins over the device's region (APP-11).
    told = offers(phone.get(ME, headers={"X-App-Store-Storefront": "DEU"}))["vpn"]
    assert (told["country"], told["country_source"], told["trial_offered"]) == (
        "DE",
        "storefront",
        True,
    )

    # The store account token says the same before the purchase starts.
    token = phone.post(TOKEN, headers={"X-App-Store-Storefront": "CHN"})
    (vpn,) = token["store_offers"]
    assert (vpn["country"], vpn["offered"]) == ("CN", False)
    assert "change your App Store country or region" in vpn["message"]
    fallback = phone.post(TOKEN)["store_offers"][0]
    assert fallback["country_source"] == "device_region"
    by_body = owner.api.post(TOKEN, {"storefront": "USA", "product": "vpn"})
    assert by_body["app_account_token"] == token["app_account_token"]
    assert by_body["store_offers"][0]["trial_offered"] is True
