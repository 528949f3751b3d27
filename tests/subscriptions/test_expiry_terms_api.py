"""Issue 14, item 6: the expiry trial and the fallback plan are catalog terms that serve any
plan, not only business ones: a VPN's lapsed subscriber gets the plan's expiry trial, then
falls to its free tier instead of nothing (CAT-1, BIZ-3)."""

from __future__ import annotations

import pytest

from support import Api
from support.commerce import Customer, add_card, make_customer
from support.devices import link_device
from tenure.catalog.service import load_catalog
from tenure.container import Container
from tenure.kit.actor import Actor

CATALOG = """
vendor: Expiry terms
products:
  - code: vpn
    name: Test VPN
    platforms: [windows, ios]
    plans:
      - code: vpn-free
        name: VPN Free
        kind: free
        billing_period_months: 1
        payment_methods: []
        features: [vpn_basic]
        connection_limit: 1
      - code: vpn-plus
        name: VPN Plus
        kind: personal
        billing_period_months: 1
        prices: {USD: 1499}
        features: [vpn, streaming]
        connection_limit: 10
        fallback_plan: vpn-free
      - code: vpn-monthly
        name: VPN Monthly
        kind: personal
        billing_period_months: 1
        prices: {USD: 999}
        features: [vpn]
        connection_limit: 5
        fallback_plan: vpn-free
        expiry_trial: {plan: vpn-plus, days: 7}
"""


@pytest.fixture
def rider(staff_api: Api, container: Container) -> Customer:
    with container.db.transaction() as session:
        load_catalog(session, source=CATALOG, now=container.clock.now(), actor=Actor("staff"))
    customer = make_customer(staff_api, "rider@example.com")
    add_card(customer.api)
    return customer


def test_biz3_cat1_a_lapsed_vpn_subscriber_gets_the_expiry_trial_then_the_free_tier(
    rider: Customer, staff_api: Api
) -> None:
    sub = rider.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    rider.api.post(f"/v1/subscriptions/{sub['id']}/cancel")
    staff_api.post("/v1/clock/advance", {"to": "2026-02-05T12:00:00Z"})  # the period ends

    # The plan's expiry trial: 7 days of VPN Plus on the account, ending by itself.
    now = rider.api.get("/v1/me/entitlement")
    assert (now["active"], now["reason"]) == (True, "trialing")
    assert [s["plan"] for s in now["subscriptions"]] == ["vpn-plus"]
    assert now["connection_limit"] == 10 and now["expires_at"] == "2026-02-12T12:00:00Z"
    assert now["free_tiers"] == []  # a live subscription covers the product

    # Not bought: the trial ends, and the account falls to the free tier, not to nothing.
    staff_api.post("/v1/clock/advance", {"to": "2026-02-12T12:00:00Z"})
    after = rider.api.get("/v1/me/entitlement")
    assert (after["active"], after["reason"]) == (False, "expired")
    assert after["free_tiers"] == [
        {"product": "vpn", "plan": "vpn-free", "features": ["vpn_basic"],
         "storage_quota_mb": None, "connection_limit": 1},
    ]  # fmt: skip
    # The free tier's one connection is allowed; a second one is not.
    phone, laptop = link_device(rider, platform="ios"), link_device(rider, platform="windows")
    phone.api.post("/v1/connections", expect=201)
    full = laptop.api.post("/v1/connections", expect=409)
    assert (full["error"]["code"], full["error"]["limit"]) == ("connection_limit_reached", 1)
    # The trial was not followed by another one.
    subs = rider.api.get("/v1/subscriptions")["data"]
    assert [(s["plan"], s["status"]) for s in subs] == [
        ("vpn-monthly", "expired"),
        ("vpn-plus", "expired"),
    ]


def test_biz3_a_refunded_subscription_gets_no_expiry_trial(rider: Customer, staff_api: Api) -> None:
    sub = rider.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    staff_api.post(f"/v1/subscriptions/{sub['id']}/refund", {"override_window": True})
    subs = rider.api.get("/v1/subscriptions")["data"]
    assert [(s["plan"], s["status"]) for s in subs] == [("vpn-monthly", "expired")]
    assert rider.api.get("/v1/me/entitlement")["free_tiers"][0]["plan"] == "vpn-free"


def test_biz8_cat1_a_personal_plan_is_restored_within_its_window_at_its_old_price(
    rider: Customer, staff_api: Api, container: Container
) -> None:
    """A plan that declares ``restore_window_days`` can be restored after it ended: the same
    plan at the price it was bought at, even after a price rise."""
    restorable = CATALOG.replace(
        "        expiry_trial: {plan: vpn-plus, days: 7}\n",
        "        expiry_trial: {plan: vpn-plus, days: 7}\n        restore_window_days: 30\n",
    )
    with container.db.transaction() as session:
        load_catalog(session, source=restorable, now=container.clock.now(), actor=Actor("staff"))
    sub = rider.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    rider.api.post(f"/v1/subscriptions/{sub['id']}/cancel")
    staff_api.post("/v1/clock/advance", {"to": "2026-02-05T12:00:00Z"})  # ended
    dearer = restorable.replace("prices: {USD: 999}", "prices: {USD: 1299}")
    with container.db.transaction() as session:
        load_catalog(session, source=dearer, now=container.clock.now(), actor=Actor("staff"))

    staff_api.post("/v1/clock/advance", {"to": "2026-03-01T12:00:00Z"})  # day 24
    restored = rider.api.post(f"/v1/subscriptions/{sub['id']}/restore", expect=201)
    assert (restored["plan"], restored["status"]) == ("vpn-monthly", "active")
    assert restored["price"] == {"amount": 999, "currency": "USD"}  # the old price
    again = rider.api.post(f"/v1/subscriptions/{sub['id']}/restore", expect=409)
    assert again["error"]["code"] == "already_resubscribed"

    # A plan without a window is not restored; nor is one after its window.
    plus = [s for s in rider.api.get("/v1/subscriptions")["data"] if s["plan"] == "vpn-plus"]
    refused = rider.api.post(f"/v1/subscriptions/{plus[0]['id']}/restore", expect=409)
    assert refused["error"]["code"] == "restore_not_offered"
    rider.api.post(f"/v1/subscriptions/{restored['id']}/cancel")
    staff_api.post("/v1/clock/advance", {"to": "2026-05-01T12:00:00Z"})  # 30 days after
    late = rider.api.post(f"/v1/subscriptions/{restored['id']}/restore", expect=409)
    assert late["error"]["code"] == "restore_window_over"
