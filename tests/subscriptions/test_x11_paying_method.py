"""X-11 (VL-3, SUB-9, SUB-3): which payment method a renewal charges, on an ordinary plan that
renews through the scheduler's set-based path.

The subscription's own method pays while it exists and the plan accepts it; when it was
deleted, the account's default pays, but only if the plan accepts it; with none left the
renewal fails into grace and the email says why. ``av-monthly`` accepts card and PayPal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from support import Api
from support.commerce import FAILING_CARD, Customer, add_card
from tenure.container import Container
from tenure.notifications.models import Email
from tenure.notifications.rendering import render


def items(listing: Any) -> list[Any]:
    return list(listing["data"] if isinstance(listing, dict) else listing)


def renewal_invoices(customer: Customer, sub_id: str) -> list[Any]:
    invoices = items(customer.api.get("/v1/invoices", params={"subscription_id": sub_id}))
    return [i for i in invoices if i["billing_reason"] == "subscription_cycle"]


def test_x11_vl3_sub9_renewal_refuses_a_default_the_plan_does_not_accept(
    customer: Customer, staff_api: Api, container: Container
) -> None:
    card = add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "av-monthly"}, expect=201)
    assert sub["paying_method"]["id"] == card["id"]
    assert sub["paying_method"]["source"] == "account_default"  # bought without choosing
    bitcoin = customer.api.post(
        "/v1/payment_methods",
        {"type": "bitcoin", "bitcoin": {"wallet": "bc1qkim"}, "make_default": True},
        expect=201,
    )
    customer.api.delete(f"/v1/payment_methods/{card['id']}")
    assert customer.api.get(f"/v1/subscriptions/{sub['id']}")["paying_method"] is None

    staff_api.post("/v1/clock/advance", {"to": "2026-02-05T13:00:00Z"})  # renewal: 5 February

    after = customer.api.get(f"/v1/subscriptions/{sub['id']}")
    assert after["status"] == "past_due"
    (renewal,) = renewal_invoices(customer, sub["id"])
    assert renewal["status"] == "open"
    assert all(p["payment_method_id"] != bitcoin["id"] for p in renewal["payments"])
    with container.db.transaction(write=False) as session:
        email = session.scalars(
            select(Email).where(Email.account_id == customer.id, Email.template == "payment_failed")
        ).one()
        text = render(email.template, email.locale, email.context).text
    assert "Reason: None of your payment methods can be used for this plan." in text
    assert "This plan can be paid with: card, PayPal." in text

    # A card added in grace (not made the default) pays the overdue invoice at once (SUB-5);
    # Bitcoin, still the default, is never charged.
    new_card = add_card(customer.api, make_default=False)
    assert customer.api.get(f"/v1/subscriptions/{sub['id']}")["status"] == "active"
    (renewal,) = renewal_invoices(customer, sub["id"])
    assert [p["payment_method_id"] for p in renewal["payments"]] == [new_card["id"]]


def test_x11_vl3_sub9_deleted_own_method_falls_back_to_an_accepted_default(
    customer: Customer, staff_api: Api
) -> None:
    card = add_card(customer.api)
    sub = customer.api.post(
        "/v1/subscriptions", {"plan": "av-monthly", "payment_method_id": card["id"]}, expect=201
    )
    assert sub["paying_method"]["source"] == "subscription"
    paypal = customer.api.post(
        "/v1/payment_methods",
        {"type": "paypal", "paypal": {"email": "kim@pp.example"}, "make_default": True},
        expect=201,
    )
    # While the own card exists it pays, whatever the default.
    assert customer.api.get(f"/v1/subscriptions/{sub['id']}")["paying_method"]["id"] == card["id"]
    customer.api.delete(f"/v1/payment_methods/{card['id']}")
    shown = customer.api.get(f"/v1/subscriptions/{sub['id']}")["paying_method"]
    assert (shown["id"], shown["type"], shown["source"]) == (
        paypal["id"],
        "paypal",
        "account_default",
    )

    staff_api.post("/v1/clock/advance", {"to": "2026-02-05T13:00:00Z"})

    (renewal,) = renewal_invoices(customer, sub["id"])
    assert renewal["status"] == "paid"
    assert [p["payment_method_id"] for p in renewal["payments"]] == [paypal["id"]]


def test_x11_sub9_set_the_method_of_an_ordinary_subscription(customer: Customer) -> None:
    card = add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "av-monthly"}, expect=201)
    paymentwall = customer.api.post(
        "/v1/payment_methods",
        {"type": "paymentwall", "paymentwall": {"account": "kim"}},
        expect=201,
    )
    url = f"/v1/subscriptions/{sub['id']}/payment_method"
    refused = customer.api.post(url, {"payment_method_id": paymentwall["id"]}, expect=422)
    assert refused["error"]["code"] == "payment_method_not_allowed"
    assert refused["error"]["allowed"] == ["card", "paypal"]
    chosen = customer.api.post(url, {"payment_method_id": card["id"]})
    assert chosen["payment_method_id"] == card["id"]
    assert chosen["paying_method"]["source"] == "subscription"
    bad = customer.api.post(url, {"payment_method_id": ""}, expect=422)
    assert bad["error"]["code"] == "invalid_request"


def test_x11_sub5_retry_in_grace_charges_the_method_chosen_for_the_subscription(
    customer: Customer, staff_api: Api
) -> None:
    good = add_card(customer.api)
    failing = add_card(customer.api, FAILING_CARD, make_default=False)
    sub = customer.api.post("/v1/subscriptions", {"plan": "av-monthly"}, expect=201)
    assert sub["paying_method"]["id"] == good["id"]  # bought with the default …
    customer.api.post(f"/v1/payment_methods/{failing['id']}/default")  # … which now fails
    staff_api.post("/v1/clock/advance", {"to": "2026-02-05T13:00:00Z"})
    assert customer.api.get(f"/v1/subscriptions/{sub['id']}")["status"] == "past_due"

    chosen = customer.api.post(
        f"/v1/subscriptions/{sub['id']}/payment_method", {"payment_method_id": good["id"]}
    )
    assert chosen["status"] == "past_due" and chosen["paying_method"]["id"] == good["id"]
    staff_api.post("/v1/clock/advance", {"to": "2026-02-06T13:00:00Z"})  # the day-1 retry

    assert customer.api.get(f"/v1/subscriptions/{sub['id']}")["status"] == "active"
    (renewal,) = renewal_invoices(customer, sub["id"])
    assert [(p["payment_method_id"], p["status"]) for p in renewal["payments"]] == [
        (failing["id"], "failed"),
        (good["id"], "succeeded"),
    ]
