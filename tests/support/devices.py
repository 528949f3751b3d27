"""A catalog with the plans the device, connection and delivery tests need, and helpers to
link devices and to put subscriptions in place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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

DEVICE_CATALOG = """
vendor: Device tests
products:
  - code: vpn
    name: Test VPN
    platforms: [windows, macos, ios, android, linux, router]
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
        prices: {USD: 9999}
        channels: [app_store]
        payment_methods: []
        connection_limit: 5
        features: [vpn]
  - code: av
    name: Test Antivirus
    platforms: [windows, macos, android, ios]
    plans:
      - code: av-fixed-1y
        name: Antivirus 1 year, 2 devices
        kind: personal
        billing_period_months: 12
        renewal: fixed_term
        prices: {USD: 3999}
        activation_codes: {slots: 2, slot_kind: devices}
        min_app_versions: {windows: "21.3", android: "11.90"}
        features: [antivirus]
      - code: av-auto-1y
        name: Antivirus, renews yearly
        kind: personal
        billing_period_months: 12
        prices: {USD: 2999}
        activation_codes: {slots: 3, slot_kind: devices}
        min_app_versions: {windows: "21.3"}
        features: [antivirus, firewall]
      - code: av-auto-1m
        name: Antivirus, renews monthly
        kind: personal
        billing_period_months: 1
        prices: {USD: 399}
        activation_codes: {slots: 3, slot_kind: devices}
        features: [antivirus]
      - code: av-device-1y
        name: Antivirus Mobile, 1 device
        kind: personal
        billing_period_months: 12
        renewal: fixed_term
        fixed_device: true
        prices: {USD: 1499}
        activation_codes: {slots: 1, slot_kind: devices}
        features: [antivirus]
      - code: av-region-1y
        name: Antivirus Premium (DACH only)
        kind: personal
        billing_period_months: 12
        prices: {USD: 5499}
        regions: [DE, AT, CH]
        activation_codes: {slots: 3, slot_kind: devices}
        features: [antivirus, identity_protection]
      - code: av-family-1y
        name: Antivirus Family
        kind: personal
        billing_period_months: 12
        per_user: true
        prices: {USD: 7999}
        activation_codes: {slots: 6, slot_kind: users}
        features: [antivirus, parental_controls]
      - code: av-office-1y
        name: Antivirus Small Office
        kind: business
        billing_period_months: 12
        small_office: true
        seats: {min: 5, max: 25}
        price_per_seat: true
        prices: {USD: 3999}
        payment_methods: [card]
        activation_codes: {slots: 25, slot_kind: devices}
        features: [antivirus, admin_console]
      - code: av-trial
        name: Antivirus 30-day trial
        kind: personal
        billing_period_months: 12
        prices: {USD: 2999}
        trial: {days: 30, requires_payment_method: false}
        features: [antivirus]
      - code: av-free
        name: Antivirus Free
        kind: free
        billing_period_months: 12
        payment_methods: []
        features: [antivirus]
"""


@pytest.fixture
def device_catalog(container: Container) -> None:
    with container.db.transaction() as session:
        load_catalog(
            session, source=DEVICE_CATALOG, now=container.clock.now(), actor=Actor("staff")
        )


@pytest.fixture
def owner(staff_api: Api, device_catalog: None) -> Customer:
    """A customer with a working card on file."""
    customer = make_customer(staff_api, "owner@example.com")
    add_card(customer.api)
    return customer


@dataclass
class LinkedDevice:
    id: str
    api: Api  # acting as the device, with its device token
    info: dict[str, Any]


def link_device(
    owner: Customer,
    *,
    name: str = "Laptop",
    platform: str = "windows",
    app_version: str | None = "22.0",
    region: str | None = "DK",
    is_vm: bool = False,
    fingerprint: str | None = None,
) -> LinkedDevice:
    """Link a new installation the way an app does: a one-time code, then redeem it."""
    code = owner.api.post("/v1/devices/link-codes", expect=201)["code"]
    body: dict[str, Any] = {"code": code, "name": name, "platform": platform, "is_vm": is_vm}
    for key, value in (
        ("app_version", app_version),
        ("region", region),
        ("fingerprint", fingerprint),
    ):
        if value is not None:
            body[key] = value
    response = owner.api.client.post("/v1/devices/link", json=body)
    assert response.status_code == 201, response.text
    linked = response.json()
    token = linked["token"]
    return LinkedDevice(
        linked["device"]["id"],
        Api(owner.api.client, {"Authorization": f"Bearer {token}"}),
        linked["device"],
    )


def buy(customer: Customer, plan: str, **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = customer.api.post(
        "/v1/subscriptions", {"plan": plan, **extra}, expect=201
    )
    return result


def insert_store_subscription(
    container: Container, *, account_id: str, plan: str = "vpn-app-12m", product: str = "vpn"
) -> str:
    """An App Store subscription row, written straight to the database: the store channel
    (APP-1) is built by another issue; here it only has to exist and be active."""
    return insert_subscription(
        container, account_id=account_id, plan=plan, product=product, channel="app_store"
    )


def insert_subscription(
    container: Container,
    *,
    account_id: str,
    plan: str,
    product: str = "vpn",
    channel: str = "web",
    quantity: int = 1,
    unit_amount: int = 9999,
    months: int = 12,
) -> str:
    """An active subscription of catalog version 1, written straight to the database."""
    now: datetime = container.clock.now()
    sub_id = new_id("sub")
    with container.db.transaction() as session:
        session.add(
            Subscription(
                id=sub_id,
                account_id=account_id,
                product_code=product,
                plan_code=plan,
                catalog_version=1,
                channel=channel,
                status="active",
                quantity=quantity,
                currency="USD",
                unit_amount=unit_amount,
                billing_period_months=months,
                auto_renew=True,
                start_at=now,
                anchor_at=now,
                period_offset_months=0,
                current_period_start=now,
                current_period_end=now + relativedelta(months=months),
                cancel_at_period_end=False,
                created_at=now,
                updated_at=now,
            )
        )
    return sub_id


def send(
    owner: Customer, sub_id: str, device_id: str, expect: int = 201, **extra: Any
) -> dict[str, Any]:
    result: dict[str, Any] = owner.api.post(
        f"/v1/subscriptions/{sub_id}/deliveries", {"device_id": device_id, **extra}, expect=expect
    )
    return result


def reason_codes(body: dict[str, Any]) -> list[str]:
    assert body["error"]["code"] == "subscription_not_sendable", body
    return [r["code"] for r in body["error"]["reasons"]]


def install(owner: Customer, sub_id: str, device: LinkedDevice) -> dict[str, Any]:
    """Send a subscription to a device, which picks it up at check-in and confirms it."""
    delivery = send(owner, sub_id, device.id)
    checked = device.api.post("/v1/devices/me/check-in", {})
    assert [d["id"] for d in checked["deliveries"]] == [delivery["id"]]
    confirmed: dict[str, Any] = device.api.post(
        f"/v1/devices/me/deliveries/{delivery['id']}/confirm"
    )
    assert confirmed["status"] == "completed"
    return confirmed
