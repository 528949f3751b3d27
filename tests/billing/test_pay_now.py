"""Paying an open invoice now (SUB-5): a refused charge stays on record and is reported."""

from __future__ import annotations

from typing import Any

from support import Api
from support.commerce import FAILING_CARD, Customer, add_card


def invoice_events(staff_api: Api, invoice_id: str) -> list[str]:
    page = staff_api.get("/v1/events", params={"subject_id": invoice_id})
    return [event["type"] for event in page["data"]]


def open_invoice(api: Api) -> dict[str, Any]:
    found: dict[str, Any] = next(
        i for i in api.get("/v1/invoices")["data"] if i["status"] == "open"
    )
    return found


def test_sub5_refused_pay_now_is_recorded_then_reported(customer: Customer, staff_api: Api) -> None:
    good = add_card(customer.api)
    customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    failing = add_card(customer.api, FAILING_CARD)  # the new default: the renewal fails
    staff_api.post("/v1/clock/advance", {"days": 31})
    invoice = open_invoice(customer.api)
    tried = len(invoice["payments"])
    failures = invoice_events(staff_api, invoice["id"]).count("invoice.payment_failed")
    pay = f"/v1/invoices/{invoice['id']}/pay"
    key = {"Idempotency-Key": "pay-now-with-the-failing-card"}

    refused = customer.api.post(pay, {"payment_method_id": failing["id"]}, 402, headers=key)
    assert refused["error"]["code"] == "card_declined"
    # The attempt was committed although the answer is an error.
    after = customer.api.get(f"/v1/invoices/{invoice['id']}")
    assert after["status"] == "open"
    assert len(after["payments"]) == tried + 1
    assert after["payments"][-1]["status"] == "failed"
    assert after["payments"][-1]["payment_method_id"] == failing["id"]
    events = invoice_events(staff_api, invoice["id"])
    assert events.count("invoice.payment_failed") == failures + 1

    # A failed request releases its idempotency key: the same key tries again (no replay).
    again = customer.api.post(pay, {"payment_method_id": failing["id"]}, 402, headers=key)
    assert again["error"]["code"] == "card_declined"
    assert len(customer.api.get(f"/v1/invoices/{invoice['id']}")["payments"]) == tried + 2

    paid = customer.api.post(pay, {"payment_method_id": good["id"]})
    assert paid["status"] == "paid"
    assert [p["status"] for p in paid["payments"]][-3:] == ["failed", "failed", "succeeded"]
