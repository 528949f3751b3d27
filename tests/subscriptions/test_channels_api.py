"""Web-side rules for subscriptions bought in the App Store: APP-6 (change and cancel only in
the channel of purchase), APP-7 (store refunds only), APP-8 (switching to the web starts when
the store subscription ends, with no overlap charged)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from support import Api
from support.commerce import Customer, add_card
from tenure.catalog.service import current_catalog
from tenure.container import Container
from tenure.subscriptions.service import new_subscription


def store_subscription(
    container: Container, customer: Customer, *, cancelled: bool, days_left: int = 100
) -> str:
    """An App Store subscription as the store channel records it."""
    now = container.clock.now()
    with container.db.transaction() as session:
        loaded = current_catalog(session)
        plan = loaded.plan("vpn-ios")
        start = now - timedelta(days=365 - days_left)
        sub = new_subscription(
            account_id=customer.id,
            product_code="vpn",
            plan=plan,
            catalog_version=loaded.version,
            currency="DKK",
            quantity=1,
            unit_amount=plan.prices["DKK"],
            payment_method_id=None,
            start_at=start,
            previous=None,
            now=now,
        )
        sub.channel = "app_store"
        sub.status = "active"
        sub.anchor_at = start
        sub.current_period_start = start
        sub.current_period_end = now + timedelta(days=days_left)
        sub.cancel_at_period_end = cancelled
        sub.store_original_transaction_id = "2000000123456789"
        session.add(sub)
        return sub.id


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("cancel", None),
        ("resume", None),
        ("change_plan", {"plan": "vpn-monthly"}),
        ("auto_renew", {"enabled": False}),
        ("switch", {"plan": "vpn-monthly"}),
    ],
)
def test_app6_store_subscription_is_changed_only_in_the_store(
    customer: Customer, container: Container, action: str, body: dict[str, Any] | None
) -> None:
    sub_id = store_subscription(container, customer, cancelled=False)
    refused = customer.api.post(f"/v1/subscriptions/{sub_id}/{action}", body, expect=409)
    assert refused["error"]["code"] == "wrong_channel"
    assert refused["error"]["channel"] == "app_store"
    assert "App Store" in refused["error"]["message"]
    after = customer.api.get(f"/v1/subscriptions/{sub_id}")
    assert after["cancel_at_period_end"] is False and after["status"] == "active"


def test_app6_wrong_channel_message_in_danish(customer: Customer, container: Container) -> None:
    sub_id = store_subscription(container, customer, cancelled=False)
    refused = customer.api.post(
        f"/v1/subscriptions/{sub_id}/cancel", expect=409, headers={"Accept-Language": "da"}
    )
    assert "App Store" in refused["error"]["message"]
    assert "Abonnementer" in refused["error"]["message"]


def test_app7_store_purchases_are_refunded_only_by_the_store(
    customer: Customer, container: Container
) -> None:
    sub_id = store_subscription(container, customer, cancelled=False)
    refused = customer.api.post(f"/v1/subscriptions/{sub_id}/refund", expect=409)
    assert refused["error"]["code"] == "refund_via_store"


def test_app8_web_purchase_needs_the_store_subscription_cancelled_first(
    customer: Customer, container: Container
) -> None:
    add_card(customer.api)
    store_subscription(container, customer, cancelled=False)
    body = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=409)
    assert body["error"]["code"] == "store_subscription_active"
    assert customer.api.get("/v1/invoices")["data"] == []


def test_app8_web_subscription_starts_when_the_store_one_ends(
    customer: Customer, container: Container, staff_api: Api
) -> None:
    add_card(customer.api)
    store_id = store_subscription(container, customer, cancelled=True, days_left=20)
    store_end = customer.api.get(f"/v1/subscriptions/{store_id}")["current_period_end"]
    web = customer.api.post(
        "/v1/subscriptions", {"plan": "vpn-monthly", "payment_method_id": None}, expect=201
    )
    assert web["status"] == "scheduled" and web["start_at"] == store_end
    (invoice,) = customer.api.get("/v1/invoices")["data"]
    assert invoice["period_start"] == store_end  # no overlap charged
    end = datetime.fromisoformat(store_end)
    staff_api.post("/v1/clock/advance", {"to": (end + timedelta(minutes=1)).isoformat()})
    started = customer.api.get(f"/v1/subscriptions/{web['id']}")
    assert started["status"] == "active" and started["current_period_start"] == store_end
