"""Volume licensing through the HTTP API with the simulated clock (seed 000): VL-1 … VL-8,
VL-11, VL-12, CAT-3. The License Manager (VL-9, VL-10) is tested in tests/licenses/."""

from __future__ import annotations

from typing import Any

import pytest

from support import Api
from support.commerce import Customer, add_card, make_customer

MONTHLY_5_9 = 800  # test catalog tiers of vpn-volume: 5+ at 800, 10+ at 700 a month
MONTHLY_10 = 700


def advance_to(staff_api: Api, instant: str) -> None:
    staff_api.post("/v1/clock/advance", {"to": instant})


def enrolled(customer: Customer, staff_api: Api, licenses: int = 12) -> None:
    request = customer.api.post(
        "/v1/volume/requests",
        {"company_name": "Fjord ApS", "licenses": licenses, "billing_period_months": 12},
        expect=201,
    )
    staff_api.post(f"/v1/volume/requests/{request['id']}/approve", {"note": "ok"})


def buy(customer: Customer, licenses: int, plan: str = "vpn-volume", **extra: Any) -> Any:
    return customer.api.post(
        "/v1/volume/subscriptions", {"plan": plan, "licenses": licenses, **extra}, expect=201
    )


@pytest.fixture
def owner(customer: Customer, staff_api: Api) -> Customer:
    add_card(customer.api)
    enrolled(customer, staff_api)
    return customer


# ------------------------------------------------------------------------------ VL-1/2/3


def test_vl1_request_then_approval_then_enrollment(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    refused = customer.api.post(
        "/v1/volume/subscriptions", {"plan": "vpn-volume", "licenses": 12}, expect=409
    )
    assert refused["error"]["code"] == "volume_not_approved"
    request = customer.api.post(
        "/v1/volume/requests",
        {"company_name": "Fjord ApS", "licenses": 12, "billing_period_months": 12},
        expect=201,
    )
    assert request["status"] == "pending"
    assert customer.api.post(f"/v1/volume/requests/{request['id']}/approve", expect=403)
    approved = staff_api.post(f"/v1/volume/requests/{request['id']}/approve")
    assert approved["status"] == "approved"
    sub = buy(customer, 12)
    assert sub["status"] == "active" and sub["quantity"] == 12 and sub["plan"] == "vpn-volume"


def test_vl1_rejected_request_cannot_enroll(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    request = customer.api.post(
        "/v1/volume/requests",
        {"company_name": "Fjord ApS", "licenses": 6, "billing_period_months": 12},
        expect=201,
    )
    staff_api.post(f"/v1/volume/requests/{request['id']}/reject", {"note": "no"})
    body = customer.api.post(
        "/v1/volume/subscriptions", {"plan": "vpn-volume", "licenses": 6}, expect=409
    )
    assert body["error"]["code"] == "volume_not_approved"


def test_vl2_fewer_than_five_points_to_ordinary_subscriptions(
    customer: Customer, staff_api: Api
) -> None:
    body = customer.api.post(
        "/v1/volume/requests",
        {"company_name": "Fjord ApS", "licenses": 4, "billing_period_months": 12},
        expect=422,
    )
    assert body["error"]["code"] == "volume_minimum_not_met"
    assert "ordinary subscriptions" in body["error"]["message"]
    assert body["error"]["minimum"] == 5 and body["error"]["extra"] == 4
    enrolled(customer, staff_api)
    add_card(customer.api)
    body = customer.api.post(
        "/v1/volume/subscriptions", {"plan": "vpn-volume", "licenses": 4}, expect=422
    )
    assert body["error"]["code"] == "volume_minimum_not_met"


@pytest.mark.parametrize(
    ("kind", "details"),
    [
        ("paypal", {"email": "boss@fjord.dk"}),
        ("bitcoin", {"wallet": "bc1qexample"}),
        ("paymentwall", {"account": "fjord"}),
    ],
)
def test_vl3_card_only(
    customer: Customer, staff_api: Api, kind: str, details: dict[str, str]
) -> None:
    enrolled(customer, staff_api)
    method = customer.api.post(
        "/v1/payment_methods", {"type": kind, kind: details, "make_default": True}, expect=201
    )
    body = customer.api.post(
        "/v1/volume/subscriptions",
        {"plan": "vpn-volume", "licenses": 5, "payment_method_id": method["id"]},
        expect=422,
    )
    assert body["error"]["code"] == "volume_card_only"
    assert customer.api.get("/v1/subscriptions")["data"] == []


# ------------------------------------------------------------------------- CAT-3 / VL-4


def test_cat3_invoice_shows_the_tier_discount(owner: Customer) -> None:
    sub = buy(owner, 12)
    (invoice,) = owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]})["data"]
    assert invoice["subtotal"] == MONTHLY_5_9 * 12 * 12
    assert invoice["discount"] == (MONTHLY_5_9 - MONTHLY_10) * 12 * 12
    assert invoice["total"] == MONTHLY_10 * 12 * 12 == invoice["amount_paid"]
    assert [line["kind"] for line in invoice["lines"]] == ["plan", "discount"]


def test_vl4_ordinary_subscription_keeps_running_unless_moved(
    owner: Customer, staff_api: Api
) -> None:
    ordinary = owner.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    buy(owner, 5)
    assert owner.api.get(f"/v1/subscriptions/{ordinary['id']}")["status"] == "active"


def test_vl4_moving_turns_the_old_subscription_into_credit(owner: Customer, staff_api: Api) -> None:
    ordinary = owner.api.post("/v1/subscriptions", {"plan": "vpn-yearly"}, expect=201)
    advance_to(staff_api, "2026-03-06T12:00:00Z")  # 60 of 365 days used
    sub = buy(owner, 5, move_subscription_id=ordinary["id"])
    old = owner.api.get(f"/v1/subscriptions/{ordinary['id']}")
    assert old["status"] == "expired" and old["end_reason"] == "moved_to_volume"
    (invoice,) = owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]})["data"]
    credit = round(9999 * 305 / 365)
    assert invoice["credit_applied"] == credit
    assert invoice["total"] == MONTHLY_5_9 * 12 * 5 - credit
    assert owner.api.get("/v1/credit")["balance"] == 0


# ----------------------------------------------------------------------- VL-5 / VL-6


def test_vl5_seed_example_five_added_ten_months_before_renewal(
    owner: Customer, staff_api: Api
) -> None:
    advance_to(staff_api, "2026-06-25T09:00:00Z")
    sub = buy(owner, 5)
    assert sub["current_period_end"].startswith("2027-06-25")
    advance_to(staff_api, "2026-08-25T09:00:00Z")
    added = owner.api.post(f"/v1/volume/subscriptions/{sub['id']}/licenses", {"count": 5})
    assert added["quantity"] == 10
    assert added["current_period_end"] == sub["current_period_end"]  # VL-6: date unchanged
    invoice = owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]})["data"][-1]
    assert invoice["billing_reason"] == "licenses_added"
    assert invoice["total"] == 5 * MONTHLY_10 * 10  # at the tier of the new total (10)
    assert invoice["status"] == "paid"


def test_vl5_partial_month_charged_by_days(owner: Customer, staff_api: Api) -> None:
    advance_to(staff_api, "2026-06-25T09:00:00Z")
    sub = buy(owner, 5)
    advance_to(staff_api, "2026-08-15T09:00:00Z")  # 10 months + 10 of 31 days
    owner.api.post(f"/v1/volume/subscriptions/{sub['id']}/licenses", {"count": 2})
    invoice = owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]})["data"][-1]
    assert invoice["total"] == round(2 * MONTHLY_5_9 * (10 + 10 / 31))


def test_vl5_cat3_addition_crossing_a_tier_boundary(owner: Customer, staff_api: Api) -> None:
    advance_to(staff_api, "2026-06-25T09:00:00Z")
    sub = buy(owner, 8)
    advance_to(staff_api, "2026-12-25T09:00:00Z")
    owner.api.post(f"/v1/volume/subscriptions/{sub['id']}/licenses", {"count": 3})
    invoice = owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]})["data"][-1]
    assert invoice["total"] == 3 * MONTHLY_10 * 6  # 11 licenses: the 10+ tier
    assert invoice["lines"][0]["unit_amount"] == MONTHLY_10


def test_vl6_several_volume_subscriptions_with_their_own_dates(
    owner: Customer, staff_api: Api
) -> None:
    first = buy(owner, 5)
    advance_to(staff_api, "2026-04-01T12:00:00Z")
    second = buy(owner, 6)
    assert first["current_period_end"] != second["current_period_end"]
    assert second["current_period_end"].startswith("2027-04-01")


# ----------------------------------------------------------------------- VL-7 / VL-8


def test_vl7_no_downgrade_to_an_ordinary_subscription(owner: Customer) -> None:
    sub = buy(owner, 5)
    body = owner.api.post(
        f"/v1/subscriptions/{sub['id']}/change_plan", {"plan": "vpn-monthly"}, expect=409
    )
    assert body["error"]["code"] == "volume_downgrade_not_allowed"


def test_vl8_period_cannot_shorten_but_can_lengthen(owner: Customer, staff_api: Api) -> None:
    long = buy(owner, 5)
    body = owner.api.post(
        f"/v1/subscriptions/{long['id']}/change_plan", {"plan": "vpn-volume-6m"}, expect=409
    )
    assert body["error"]["code"] == "billing_period_cannot_shorten"
    short = buy(owner, 5, plan="vpn-volume-6m")
    changed = owner.api.post(f"/v1/subscriptions/{short['id']}/change_plan", {"plan": "vpn-volume"})
    assert changed["scheduled_change"]["plan"] == "vpn-volume"
    advance_to(staff_api, "2026-07-05T12:00:00Z")
    after = owner.api.get(f"/v1/subscriptions/{short['id']}")
    assert after["plan"] == "vpn-volume" and after["billing_period_months"] == 12
    assert after["current_period_end"].startswith("2027-07-05")


# ----------------------------------------------------------------------- VL-11 / VL-12


def licenses_of(api: Api, sub_id: str) -> list[dict[str, Any]]:
    listing = api.get(
        f"/v1/volume_subscriptions/{sub_id}/licenses", params={"include_ended": "true"}
    )
    result: list[dict[str, Any]] = listing["data"]
    return result


def test_vl11_only_renewing_licenses_are_charged_at_their_tier(
    owner: Customer, staff_api: Api
) -> None:
    sub = buy(owner, 12)
    for license_ in licenses_of(owner.api, sub["id"])[:3]:
        owner.api.post(f"/v1/licenses/{license_['id']}/auto_renew", {"enabled": False})
    advance_to(staff_api, "2027-01-05T12:00:00Z")
    renewed = owner.api.get(f"/v1/subscriptions/{sub['id']}")
    assert renewed["status"] == "active" and renewed["quantity"] == 9
    renewal = owner.api.get("/v1/invoices", params={"subscription_id": sub["id"]})["data"][-1]
    assert renewal["billing_reason"] == "subscription_cycle"
    assert renewal["lines"][0]["quantity"] == 9
    assert renewal["total"] == 9 * MONTHLY_5_9 * 12  # the 5–9 tier
    statuses = sorted(license_["status"] for license_ in licenses_of(owner.api, sub["id"]))
    assert statuses == ["active"] * 9 + ["ended"] * 3


def test_vl12_cancel_runs_to_period_end_then_enroll_again(owner: Customer, staff_api: Api) -> None:
    sub = buy(owner, 5)
    owner.api.post(f"/v1/subscriptions/{sub['id']}/cancel")
    advance_to(staff_api, "2026-12-31T12:00:00Z")
    assert owner.api.get(f"/v1/subscriptions/{sub['id']}")["status"] == "active"
    advance_to(staff_api, "2027-01-05T12:00:00Z")
    assert owner.api.get(f"/v1/subscriptions/{sub['id']}")["status"] == "expired"
    assert {lic["status"] for lic in licenses_of(owner.api, sub["id"])} == {"ended"}
    again = buy(owner, 5)  # same enrollment: no new request
    assert again["status"] == "active"


def test_x8_other_accounts_cannot_add_licenses(owner: Customer, staff_api: Api) -> None:
    sub = buy(owner, 5)
    other = make_customer(staff_api, "eve@example.com")
    assert other.api.post(
        f"/v1/volume/subscriptions/{sub['id']}/licenses", {"count": 5}, expect=403
    )
