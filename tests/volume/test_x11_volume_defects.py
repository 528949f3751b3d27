"""X-11: defects acceptance testing found in volume licensing (seed 000).

* VL-5: adding licenses answers with the invoice and what was charged.
* VL-3: renewals and retries of a volume subscription charge only a card.
"""

from __future__ import annotations

from typing import Any

import pytest

from support import Api
from support.commerce import Customer, add_card

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
