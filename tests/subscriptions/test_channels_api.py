"""Web-side rules for subscriptions bought in the App Store: APP-6 (change and cancel only in
the channel of purchase), APP-7 (store refunds only), APP-8 (switching to the web starts when
the store subscription ends, with no overlap charged)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from support import Api
from support.commerce import FAILING_CARD, Customer, add_card
from tenure.catalog.service import current_catalog
from tenure.container import Container
from tenure.notifications.models import Email
from tenure.subscriptions.purchase import new_subscription


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
    end = datetime.fromisoformat(store_end)
    staff_api.post("/v1/clock/advance", {"to": (end + timedelta(minutes=1)).isoformat()})
    # Charged when it started (X-11: not at purchase), for the period from the store end on.
    (invoice,) = _items(customer.api.get("/v1/invoices"))
    assert invoice["period_start"] == store_end and invoice["status"] == "paid"  # no overlap
    started = customer.api.get(f"/v1/subscriptions/{web['id']}")
    assert started["status"] == "active" and started["current_period_start"] == store_end


def _items(listing: Any) -> list[Any]:
    return list(listing["data"])


# ------------------------------------------------------- APP-8 charged when it starts


def _at(instant: str, **delta: float) -> datetime:
    return datetime.fromisoformat(instant) + timedelta(**delta)


def _t(instant: str) -> datetime:
    return datetime.fromisoformat(instant)


def _advance(staff_api: Api, to: datetime) -> None:
    staff_api.post("/v1/clock/advance", {"to": to.isoformat()})


def _emails(container: Container, account_id: str, template: str) -> list[Email]:
    with container.db.transaction(write=False) as session:
        found = session.scalars(
            select(Email)
            .where(Email.account_id == account_id, Email.template == template)
            .order_by(Email.created_at, Email.id)
        ).all()
        session.expunge_all()
        return list(found)


def test_x11_app8_web_purchase_after_the_store_is_charged_when_it_starts(
    customer: Customer, container: Container, staff_api: Api
) -> None:
    """A web purchase waiting for the App Store subscription to end (100 days) is not charged
    at purchase; it is charged the plan's lead time (3 days) before it starts, like a
    renewal, and starts paid. At purchase the method is only checked: it must exist and be
    accepted by the plan (card or PayPal)."""
    store_id = store_subscription(container, customer, cancelled=True, days_left=100)
    store_end = customer.api.get(f"/v1/subscriptions/{store_id}")["current_period_end"]
    missing = customer.api.post("/v1/subscriptions", {"plan": "vpn-6m"}, expect=422)
    assert missing["error"]["code"] == "payment_method_required"
    bitcoin = customer.api.post(
        "/v1/payment_methods", {"type": "bitcoin", "bitcoin": {"wallet": "bc1qkim"}}, expect=201
    )
    refused = customer.api.post(
        "/v1/subscriptions", {"plan": "vpn-6m", "payment_method_id": bitcoin["id"]}, expect=422
    )
    assert refused["error"]["code"] == "payment_method_not_allowed"
    assert refused["error"]["allowed"] == ["card", "paypal"]
    card = add_card(customer.api)

    web = customer.api.post("/v1/subscriptions", {"plan": "vpn-6m"}, expect=201)

    assert web["status"] == "scheduled" and web["start_at"] == store_end
    assert web["next_action"] == "first_charge"
    assert _t(web["next_action_at"]) == _at(store_end, days=-3)
    assert web["paying_method"]["id"] == card["id"]
    assert _items(customer.api.get("/v1/invoices")) == []  # nothing charged months ahead
    _advance(staff_api, _at(store_end, days=-3, minutes=-1))
    assert _items(customer.api.get("/v1/invoices")) == []

    _advance(staff_api, _at(store_end, days=-3, minutes=1))
    (invoice,) = _items(customer.api.get("/v1/invoices"))
    assert (invoice["status"], invoice["total"]) == ("paid", 4999)
    assert invoice["period_start"] == store_end  # no overlap with the store period
    assert _t(invoice["period_end"]) == _t(store_end) + relativedelta(months=6)
    assert [p["payment_method_id"] for p in invoice["payments"]] == [card["id"]]
    assert _emails(container, customer.id, "receipt")
    waiting = customer.api.get(f"/v1/subscriptions/{web['id']}")
    assert (waiting["status"], waiting["next_action"]) == ("scheduled", "start")

    _advance(staff_api, _at(store_end, minutes=1))
    started = customer.api.get(f"/v1/subscriptions/{web['id']}")
    assert started["status"] == "active" and started["current_period_start"] == store_end
    assert started["current_period_end"] == invoice["period_end"]
    assert len(_items(customer.api.get("/v1/invoices"))) == 1  # charged once


def test_x11_app8_failed_charge_at_start_follows_the_grace_rules(
    customer: Customer, container: Container, staff_api: Api
) -> None:
    """A card that fails is accepted at purchase (only checked); the charge at the lead time
    fails, the customer is told, and the subscription starts in grace (SUB-5): paying then
    makes it active."""
    add_card(customer.api, FAILING_CARD)
    store_id = store_subscription(container, customer, cancelled=True, days_left=40)
    store_end = customer.api.get(f"/v1/subscriptions/{store_id}")["current_period_end"]
    web = customer.api.post("/v1/subscriptions", {"plan": "vpn-6m"}, expect=201)
    assert _items(customer.api.get("/v1/invoices")) == []

    _advance(staff_api, _at(store_end, days=-1))
    (invoice,) = _items(customer.api.get("/v1/invoices"))
    assert invoice["status"] == "open"
    assert [p["status"] for p in invoice["payments"]] == ["failed"]
    (failed,) = _emails(container, customer.id, "payment_failed")
    assert failed.context["reason"] == "card_declined"
    assert customer.api.get(f"/v1/subscriptions/{web['id']}")["status"] == "scheduled"

    _advance(staff_api, _at(store_end, minutes=1))
    grace = customer.api.get(f"/v1/subscriptions/{web['id']}")
    assert grace["status"] == "past_due"  # full access during grace
    assert _t(grace["grace_ends_at"]) == _at(store_end, days=30)
    assert grace["current_period_start"] == store_end
    assert _emails(container, customer.id, "grace_started")

    add_card(customer.api)  # a working card in grace pays the overdue invoice at once
    paid = customer.api.get(f"/v1/subscriptions/{web['id']}")
    assert paid["status"] == "active" and paid["current_period_start"] == store_end
    (invoice,) = _items(customer.api.get("/v1/invoices"))
    assert invoice["status"] == "paid"


def test_x11_app8_cancel_before_the_charge_ends_it_with_nothing_to_refund(
    customer: Customer, container: Container, staff_api: Api
) -> None:
    add_card(customer.api)
    store_id = store_subscription(container, customer, cancelled=True, days_left=100)
    store_end = customer.api.get(f"/v1/subscriptions/{store_id}")["current_period_end"]
    web = customer.api.post("/v1/subscriptions", {"plan": "vpn-6m"}, expect=201)
    ended = customer.api.post(f"/v1/subscriptions/{web['id']}/cancel")
    assert (ended["status"], ended["end_reason"]) == ("expired", "canceled")
    _advance(staff_api, _at(store_end, days=1))
    assert _items(customer.api.get("/v1/invoices")) == []
