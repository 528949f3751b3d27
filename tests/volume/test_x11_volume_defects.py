"""X-11: defects acceptance testing found in volume licensing (seed 000).

* VL-5: adding licenses answers with the invoice and what was charged.
* VL-3: renewals and retries of a volume subscription charge only a card.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from support import Api
from support.commerce import Customer, add_card, make_customer
from tenure.container import Container
from tenure.notifications.models import Email
from tenure.notifications.rendering import render

MONTHLY_10 = 700  # test catalog: vpn-volume costs 700 a license a month from 10 licenses


def enrolled_owner(customer: Customer, staff_api: Api) -> Customer:
    request = customer.api.post(
        "/v1/volume/requests",
        {"company_name": "Fjord ApS", "licenses": 10, "billing_period_months": 12},
        expect=201,
    )
    staff_api.post(f"/v1/volume/requests/{request['id']}/approve", {"note": "ok"})
    return customer


@pytest.fixture
def owner(customer: Customer, staff_api: Api) -> Customer:
    add_card(customer.api)
    return enrolled_owner(customer, staff_api)


def items(listing: Any) -> list[Any]:
    """A list answer's items (a bare array or a ``{"data": [...]}`` envelope)."""
    return list(listing["data"] if isinstance(listing, dict) else listing)


def emails_of(container: Container, account_id: str, template: str) -> list[Email]:
    with container.db.transaction(write=False) as session:
        found = session.scalars(
            select(Email)
            .where(Email.account_id == account_id, Email.template == template)
            .order_by(Email.created_at, Email.id)
        ).all()
        session.expunge_all()
        return list(found)


def buy(customer: Customer, licenses: int, **extra: Any) -> Any:
    return customer.api.post(
        "/v1/volume/subscriptions",
        {"plan": "vpn-volume", "licenses": licenses, **extra},
        expect=201,
    )


def test_x11_vl5_adding_licenses_answers_the_invoice_and_the_charge(
    owner: Customer, staff_api: Api
) -> None:
    staff_api.post("/v1/clock/advance", {"to": "2026-06-25T09:00:00Z"})
    sub = buy(owner, 5)
    staff_api.post("/v1/clock/advance", {"to": "2026-08-15T09:00:00Z"})  # 10 months + 10/31

    added = owner.api.post(f"/v1/volume/subscriptions/{sub['id']}/licenses", {"count": 5})

    # Still the subscription, as before …
    assert added["id"] == sub["id"] and added["quantity"] == 10
    assert added["current_period_end"] == sub["current_period_end"]  # VL-6
    # … with the invoice it was charged on …
    invoice = added["invoice"]
    expected = round(5 * MONTHLY_10 * (10 + 10 / 31))
    assert invoice["billing_reason"] == "licenses_added" and invoice["status"] == "paid"
    assert invoice["total"] == invoice["amount_paid"] == expected
    assert [p["status"] for p in invoice["payments"]] == ["succeeded"]
    assert invoice == owner.api.get(f"/v1/invoices/{invoice['id']}")
    # … and what was charged: amount, currency and the prorated period.
    assert added["charged"] == {
        "amount": expected,
        "currency": "USD",
        "credit_applied": 0,
        "licenses": 5,
        "monthly_unit_amount": MONTHLY_10,
        "period_start": "2026-08-15T09:00:00Z",
        "period_end": sub["current_period_end"],
        "whole_months": 10,
        "partial_days": 10,
        "partial_period_days": 31,
    }


BITCOIN = {"type": "bitcoin", "bitcoin": {"wallet": "bc1qexample"}}


def test_x11_vl3_renewal_never_charges_bitcoin_after_the_card_is_deleted(
    staff_api: Api, catalog: None, container: Container
) -> None:
    """The acceptance test's reproduction: Bitcoin is the account's default, the card the
    volume subscription was bought with is deleted, the renewal comes. It must not be charged
    to Bitcoin: the subscription goes to grace and the email (here in Danish) says why."""
    owner = enrolled_owner(make_customer(staff_api, "fjord@example.com", locale="da"), staff_api)
    card = add_card(owner.api)
    sub = buy(owner, 5)
    assert sub["payment_method_id"] == card["id"]
    assert sub["paying_method"]["id"] == card["id"]
    assert sub["paying_method"]["source"] == "subscription"

    bitcoin = owner.api.post("/v1/payment_methods", {**BITCOIN, "make_default": True}, expect=201)
    owner.api.delete(f"/v1/payment_methods/{card['id']}")
    # Visible before the renewal: nothing the plan accepts is left to pay it.
    assert owner.api.get(f"/v1/subscriptions/{sub['id']}")["paying_method"] is None

    staff_api.post("/v1/clock/advance", {"to": "2027-01-06T12:00:00Z"})  # renewal: 5 Jan 2027

    after = owner.api.get(f"/v1/subscriptions/{sub['id']}")
    assert after["status"] == "past_due" and after["grace_ends_at"].startswith("2027-02-04")
    invoices = items(owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]}))
    renewal = invoices[-1]
    assert renewal["billing_reason"] == "subscription_cycle" and renewal["status"] == "open"
    paid_with = {p["payment_method_id"] for i in invoices for p in i["payments"]}
    assert bitcoin["id"] not in paid_with
    failed = [
        e
        for e in items(owner.api.get(f"/v1/subscriptions/{sub['id']}/events"))
        if e["type"] == "subscription.renewal_failed"
    ]
    assert [e["data"]["reason"] for e in failed] == ["payment_method_not_allowed"]

    (email,) = emails_of(container, owner.id, "payment_failed")
    assert email.locale == "da"
    text = render(email.template, email.locale, email.context).text
    assert "Ingen af dine betalingsmetoder kan bruges til dette abonnement." in text
    assert "kan betales med: betalingskort." in text
    english = render(email.template, "en", email.context).text
    assert "None of your payment methods can be used for this plan." in english
    assert "This plan can be paid with: card." in english
    german = render(email.template, "de", email.context).text
    assert "kann bezahlt werden mit: Karte." in german


def test_x11_vl3_retries_in_grace_never_charge_bitcoin(owner: Customer, staff_api: Api) -> None:
    """Dunning retries follow the same rule: with Bitcoin as the only method, no retry charges
    it, and grace ends with the subscription."""
    sub = buy(owner, 5)
    (card,) = items(owner.api.get("/v1/payment_methods"))
    bitcoin = owner.api.post("/v1/payment_methods", {**BITCOIN, "make_default": True}, expect=201)
    owner.api.delete(f"/v1/payment_methods/{card['id']}")
    staff_api.post("/v1/clock/advance", {"to": "2027-01-20T12:00:00Z"})  # in grace
    assert owner.api.get(f"/v1/subscriptions/{sub['id']}")["status"] == "past_due"
    unpaid = items(owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]}))[-1]
    # Paying the overdue invoice by hand with Bitcoin (named, or as the default) is refused too.
    named = owner.api.post(
        f"/v1/invoices/{unpaid['id']}/pay", {"payment_method_id": bitcoin["id"]}, expect=422
    )
    assert named["error"]["code"] == "payment_method_not_allowed"
    assert named["error"]["allowed"] == ["card"]
    as_default = owner.api.post(f"/v1/invoices/{unpaid['id']}/pay", expect=422)
    assert as_default["error"]["code"] == "payment_method_required"

    staff_api.post("/v1/clock/advance", {"to": "2027-03-01T12:00:00Z"})  # past grace's end
    after = owner.api.get(f"/v1/subscriptions/{sub['id']}")
    assert (after["status"], after["end_reason"]) == ("expired", "payment_failed")
    invoices = items(owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]}))
    assert invoices[-1]["status"] == "void"
    assert all(p["payment_method_id"] != bitcoin["id"] for i in invoices for p in i["payments"])


def test_x11_vl3_choose_the_card_that_pays_the_volume_subscription(
    owner: Customer, staff_api: Api
) -> None:
    """``POST /v1/subscriptions/{id}/payment_method``: a Bitcoin method is refused with the
    plan's accepted methods; another card is accepted (once: choosing it again changes
    nothing); the next renewal charges it."""
    sub = buy(owner, 5)
    bitcoin = owner.api.post("/v1/payment_methods", BITCOIN, expect=201)
    url = f"/v1/subscriptions/{sub['id']}/payment_method"

    refused = owner.api.post(url, {"payment_method_id": bitcoin["id"]}, expect=422)
    assert refused["error"]["code"] == "payment_method_not_allowed"
    assert refused["error"]["allowed"] == ["card"]
    danish = owner.api.post(
        url, {"payment_method_id": bitcoin["id"]}, expect=422, headers={"Accept-Language": "da"}
    )
    assert danish["error"]["message"] != refused["error"]["message"]
    assert (
        owner.api.get(f"/v1/subscriptions/{sub['id']}")["payment_method_id"]
        == sub["payment_method_id"]
    )

    second = add_card(owner.api, make_default=False)
    chosen = owner.api.post(url, {"payment_method_id": second["id"]})
    assert chosen["payment_method_id"] == second["id"]
    assert chosen["paying_method"]["id"] == second["id"]
    assert owner.api.post(url, {"payment_method_id": second["id"]}) == chosen  # idempotent
    changes = [
        e
        for e in items(owner.api.get(f"/v1/subscriptions/{sub['id']}/events"))
        if e["type"] == "subscription.payment_method_changed"
    ]
    assert len(changes) == 1
    assert changes[0]["data"]["payment_method_id"] == second["id"]
    assert changes[0]["data"]["previous_payment_method_id"] == sub["payment_method_id"]

    # Another account's method does not exist for this one; another account may not choose.
    other = make_customer(staff_api, "eve@example.com")
    foreign = add_card(other.api)
    missing = owner.api.post(url, {"payment_method_id": foreign["id"]}, expect=404)
    assert missing["error"]["code"] == "payment_method_not_found"
    other.api.post(url, {"payment_method_id": foreign["id"]}, expect=403)
    # Staff may choose for the customer.
    staff_api.post(url, {"payment_method_id": sub["payment_method_id"]})
    staff_api.post(url, {"payment_method_id": second["id"]})

    staff_api.post("/v1/clock/advance", {"to": "2027-01-06T12:00:00Z"})
    renewal = items(owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]}))[-1]
    assert renewal["billing_reason"] == "subscription_cycle" and renewal["status"] == "paid"
    assert [p["payment_method_id"] for p in renewal["payments"]] == [second["id"]]
