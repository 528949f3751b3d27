"""Billing engine rules through the HTTP API: SUB-7 (auto-renew off), SUB-10 (credit on
switching), SUB-11 (money-back window), SUB-12 (invoice-paid renewals)."""

from __future__ import annotations

from typing import Any

from support import Api
from support.commerce import Customer, add_card


def advance(staff_api: Api, **amount: Any) -> None:
    staff_api.post("/v1/clock/advance", amount)


def sub_of(api: Api, sub_id: str) -> dict[str, Any]:
    result: dict[str, Any] = api.get(f"/v1/subscriptions/{sub_id}")
    return result


# ------------------------------------------------------------------------------ SUB-7


def test_sub7_personal_plan_auto_renew_off_is_self_service(
    customer: Customer, staff_api: Api
) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    off = customer.api.post(f"/v1/subscriptions/{sub['id']}/auto_renew", {"enabled": False})
    assert off["auto_renew"] is False and off["next_action"] == "expire"
    advance(staff_api, days=32)
    ended = sub_of(customer.api, sub["id"])
    assert ended["status"] == "expired" and ended["end_reason"] == "not_renewed"
    assert len(customer.api.get("/v1/invoices")["data"]) == 1


def test_sub7_business_plan_auto_renew_off_only_by_support(
    customer: Customer, staff_api: Api
) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "pm-team", "trial": False}, expect=201)
    url = f"/v1/subscriptions/{sub['id']}/auto_renew"
    refused = customer.api.post(url, {"enabled": False}, expect=403)
    assert refused["error"]["code"] == "contact_support_to_stop_renewal"
    assert sub_of(customer.api, sub["id"])["auto_renew"] is True  # nothing changed
    done = staff_api.post(url, {"enabled": False})
    assert done["auto_renew"] is False
    events = customer.api.get(f"/v1/subscriptions/{sub['id']}/events")["data"]
    assert events[-1]["type"] == "subscription.auto_renew_off"
    assert events[-1]["actor"]["kind"] == "staff"


# ----------------------------------------------------------------------------- SUB-10


def test_sub10_switching_turns_the_unused_period_into_credit(
    customer: Customer, staff_api: Api
) -> None:
    add_card(customer.api)
    old = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    advance(staff_api, days=10)  # 21 of the 31 days of Jan 5 – Feb 5 remain
    new = customer.api.post(
        f"/v1/subscriptions/{old['id']}/switch", {"plan": "vpn-yearly"}, expect=201
    )
    assert new["status"] == "active" and new["plan"] == "vpn-yearly"
    assert new["previous_subscription_id"] == old["id"]
    ended = sub_of(customer.api, old["id"])
    assert ended["status"] == "expired" and ended["end_reason"] == "switched"

    credit = round(1299 * 21 / 31)  # 880, by whole days
    invoice = customer.api.get("/v1/invoices", params={"subscription_id": new["id"]})["data"][0]
    assert invoice["subtotal"] == 9999
    assert invoice["credit_applied"] == credit
    assert invoice["total"] == 9999 - credit
    assert invoice["amount_paid"] == 9999 - credit
    ledger = customer.api.get("/v1/credit")
    assert ledger["balance"] == 0
    assert [(e["amount"], e["reason"]) for e in ledger["history"]] == [
        (credit, "unused_period"),
        (-credit, "applied_to_invoice"),
    ]


def test_sub10_credit_larger_than_the_invoice_carries_over(
    customer: Customer, staff_api: Api
) -> None:
    add_card(customer.api)
    old = customer.api.post("/v1/subscriptions", {"plan": "vpn-yearly"}, expect=201)
    new = customer.api.post(
        f"/v1/subscriptions/{old['id']}/switch", {"plan": "vpn-monthly"}, expect=201
    )
    first = customer.api.get("/v1/invoices", params={"subscription_id": new["id"]})["data"][0]
    assert first["credit_applied"] == 1299 and first["total"] == 0 and first["payments"] == []
    balance = customer.api.get("/v1/credit")["balance"]
    assert balance == 9999 - 1299  # all 365 days were unused
    advance(staff_api, days=32)
    renewal = customer.api.get("/v1/invoices", params={"subscription_id": new["id"]})["data"][1]
    assert renewal["credit_applied"] == 1299 and renewal["status"] == "paid"
    assert customer.api.get("/v1/credit")["balance"] == balance - 1299


def test_sub10_switch_refused_between_products(customer: Customer) -> None:
    add_card(customer.api)
    old = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    body = customer.api.post(
        f"/v1/subscriptions/{old['id']}/switch", {"plan": "pm-team"}, expect=409
    )
    assert body["error"]["code"] == "plan_not_in_product"
    assert sub_of(customer.api, old["id"])["status"] == "active"
    assert customer.api.get("/v1/credit")["history"] == []


# ----------------------------------------------------------------------------- SUB-11


def test_sub11_money_back_within_the_window(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    advance(staff_api, days=29)
    refunded = customer.api.post(f"/v1/subscriptions/{sub['id']}/refund")
    assert refunded["status"] == "expired" and refunded["end_reason"] == "refunded"
    (invoice,) = customer.api.get("/v1/invoices")["data"]
    assert invoice["status"] == "refunded" and invoice["amount_refunded"] == 1299


def test_sub11_refund_refused_after_the_window(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    advance(staff_api, days=31)  # the window counts from the purchase, not the renewal
    body = customer.api.post(f"/v1/subscriptions/{sub['id']}/refund", expect=409)
    assert body["error"]["code"] == "refund_window_closed"
    assert body["error"]["days"] == 30
    assert sub_of(customer.api, sub["id"])["status"] == "active"
    assert customer.api.post(
        f"/v1/subscriptions/{sub['id']}/refund", {"override_window": True}, expect=403
    )
    staff_api.post(f"/v1/subscriptions/{sub['id']}/refund", {"override_window": True})
    assert sub_of(customer.api, sub["id"])["status"] == "expired"


def test_sub11_plan_without_money_back(customer: Customer) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-yearly"}, expect=201)
    body = customer.api.post(f"/v1/subscriptions/{sub['id']}/refund", expect=409)
    assert body["error"]["code"] == "no_money_back"


def test_sub11_refund_error_in_german(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-yearly"}, expect=201)
    body = customer.api.post(
        f"/v1/subscriptions/{sub['id']}/refund",
        expect=409,
        headers={"Accept-Language": "de"},
    )
    assert body["error"]["code"] == "no_money_back"
    assert body["error"]["message"] != "This plan has no money-back guarantee."


# ----------------------------------------------------------------------------- SUB-12


def test_sub12_invoice_plan_renewal_is_invoiced_not_charged(
    customer: Customer, staff_api: Api
) -> None:
    add_card(customer.api)
    sub = staff_api.post(
        "/v1/subscriptions", {"account_id": customer.id, "plan": "pm-business-invoice"}, expect=201
    )
    first = staff_api.get("/v1/invoices", params={"account_id": customer.id})["data"][0]
    staff_api.post(f"/v1/invoices/{first['id']}/mark_paid")
    advance(staff_api, days=366)
    renewed = sub_of(staff_api, sub["id"])
    assert renewed["status"] == "past_due"  # the transfer has not arrived: grace, no dunning
    assert renewed["next_action"] == "grace_end"
    second = staff_api.get("/v1/invoices", params={"account_id": customer.id})["data"][1]
    assert second["collection"] == "send_invoice" and second["payments"] == []
    staff_api.post(f"/v1/invoices/{second['id']}/mark_paid")
    assert sub_of(staff_api, sub["id"])["status"] == "active"
