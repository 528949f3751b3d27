"""A small catalog with exactly the terms the subscription tests need, and helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from support import Api
from tenure.catalog.service import load_catalog
from tenure.container import Container
from tenure.kit.actor import Actor

TEST_CATALOG = """
vendor: Test Vendor
products:
  - code: vpn
    name: Test VPN
    platforms: [windows, macos, ios, android]
    plans:
      - code: vpn-monthly
        name: VPN Monthly
        kind: personal
        billing_period_months: 1
        prices: {USD: 1299, EUR: 1199}
        connection_limit: 8
        refund_window_days: 30
      - code: vpn-yearly
        name: VPN 12 months
        kind: personal
        billing_period_months: 12
        prices: {USD: 9999}
      - code: vpn-6m
        name: VPN 6 months
        kind: personal
        billing_period_months: 6
        prices: {USD: 4999}
        payment_methods: [card, paypal]
        charge_lead_time_days: 3
      - code: vpn-trial-card
        name: VPN with card trial
        kind: personal
        billing_period_months: 1
        prices: {USD: 1299}
        trial: {days: 7, requires_payment_method: true}
      - code: vpn-volume
        name: VPN Volume
        kind: volume
        billing_period_months: 12
        payment_methods: [card]
        seats: {min: 5}
        volume_tiers:
          - {min_quantity: 5, monthly_unit_prices: {USD: 800}}
          - {min_quantity: 10, monthly_unit_prices: {USD: 700}}
      - code: vpn-volume-6m
        name: VPN Volume 6 months
        kind: volume
        billing_period_months: 6
        payment_methods: [card]
        seats: {min: 5}
        volume_tiers:
          - {min_quantity: 5, monthly_unit_prices: {USD: 900}}
          - {min_quantity: 10, monthly_unit_prices: {USD: 800}}
      - code: vpn-ios
        name: VPN App Store
        kind: personal
        billing_period_months: 12
        prices: {USD: 9999, DKK: 69900}
        channels: [app_store]
        trial: {days: 7, requires_payment_method: true}
  - code: pm
    name: Test Passwords
    plans:
      - code: pm-team
        name: Team
        kind: business
        billing_period_months: 1
        prices: {USD: 500}
        trial: {days: 14, requires_payment_method: false}
        charge_lead_time_days: 2
        grace_days: 30
        self_service_auto_renew: false
        seats: {min: 1, max: 50}
        fallback_plan: pm-free
      - code: pm-business-invoice
        name: Business (invoice)
        kind: business
        billing_period_months: 12
        prices: {USD: 60000}
        payment_methods: [invoice]
        invoice_billing: true
      - code: pm-free
        name: Free
        kind: free
        billing_period_months: 1
  - code: av
    name: Test Antivirus
    plans:
      - code: av-1y-fixed
        name: Antivirus 1 year
        kind: personal
        billing_period_months: 12
        prices: {USD: 3999}
        renewal: fixed_term
      - code: av-monthly
        name: Antivirus monthly
        kind: personal
        billing_period_months: 1
        prices: {USD: 499}
        payment_methods: [card, paypal]
"""

GOOD_CARD: dict[str, Any] = {
    "number": "4242424242424242",
    "exp_month": 12,
    "exp_year": 2030,
    "cvc": "123",
}
FAILING_CARD = {"number": "4000000000000341", "exp_month": 12, "exp_year": 2030, "cvc": "123"}


@pytest.fixture
def catalog(container: Container) -> None:
    with container.db.transaction() as session:
        load_catalog(session, source=TEST_CATALOG, now=container.clock.now(), actor=Actor("staff"))


@dataclass
class Customer:
    id: str
    api: Api  # acting as the customer, with their own session token


def make_customer(staff_api: Api, email: str = "kim@example.com", locale: str = "en") -> Customer:
    account = staff_api.post(
        "/v1/accounts",
        {"email": email, "name": "Kim", "locale": locale, "password": "correct horse battery"},
        expect=201,
    )
    login = staff_api.client.post(
        "/v1/auth/login", json={"email": email, "password": "correct horse battery"}
    )
    assert login.status_code == 200, login.text
    token = login.json()["token"]
    return Customer(account["id"], Api(staff_api.client, {"Authorization": f"Bearer {token}"}))


def add_card(api: Api, card: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    body = {"type": "card", "card": card or GOOD_CARD, "make_default": True, **extra}
    result: dict[str, Any] = api.post("/v1/payment_methods", body, expect=201)
    return result


@pytest.fixture
def customer(staff_api: Api, catalog: None) -> Customer:
    return make_customer(staff_api)
