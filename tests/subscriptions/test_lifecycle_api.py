"""Web subscriptions through the HTTP API with the simulated clock: SUB-1, SUB-2, SUB-4,
SUB-5 (basics), SUB-6, SUB-8, SUB-9, SUB-12, CAT-1 (versions keep prices)."""

from __future__ import annotations

from typing import Any

from support import Api
from support.commerce import FAILING_CARD, TEST_CATALOG, Customer, add_card, make_customer


def advance(staff_api: Api, **amount: Any) -> None:
    staff_api.post("/v1/clock/advance", amount)


def sub_of(api: Api, sub_id: str) -> dict[str, Any]:
    result: dict[str, Any] = api.get(f"/v1/subscriptions/{sub_id}")
    return result


def invoices(api: Api, **params: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = api.get("/v1/invoices", params=params)["data"]
    return result


def event_types(api: Api, sub_id: str) -> list[str]:
    return [e["type"] for e in api.get(f"/v1/subscriptions/{sub_id}/events")["data"]]


# ----------------------------------------------------------------------------- SUB-2 trials


def test_sub2_trial_without_card_enters_grace_at_trial_end(
    customer: Customer, staff_api: Api
) -> None:
    sub = customer.api.post("/v1/subscriptions", {"plan": "pm-team"}, expect=201)
    assert sub["status"] == "trialing"
    assert sub["trial_end"].startswith("2026-01-19T12:00:00")  # 14 days
    assert invoices(customer.api) == []

    advance(staff_api, days=14)
    after = sub_of(customer.api, sub["id"])
    assert after["status"] == "past_due"  # no payment method: grace, full access kept
    assert after["grace_ends_at"].startswith("2026-02-18T12:00:00")  # 30 days after trial end
    (invoice,) = invoices(customer.api)
    assert invoice["status"] == "open" and invoice["total"] == 500

    advance(staff_api, days=30)
    ended = sub_of(customer.api, sub["id"])
    assert ended["status"] == "expired" and ended["end_reason"] == "payment_failed"
    assert invoices(customer.api)[0]["status"] == "void"
    # Dunning retried on the catalog's schedule (days 1, 3, 7, 14, 21, 28) before expiry.
    assert event_types(customer.api, sub["id"]) == [
        "subscription.created",
        "subscription.trial_started",
        "subscription.past_due",
        *["subscription.retry_failed"] * 6,
        "subscription.expired",
    ]


def test_sub2_trial_with_card_is_charged_at_trial_end(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-trial-card"}, expect=201)
    assert sub["status"] == "trialing"
    advance(staff_api, days=6, hours=23)
    assert sub_of(customer.api, sub["id"])["status"] == "trialing"
    advance(staff_api, hours=1)
    active = sub_of(customer.api, sub["id"])
    assert active["status"] == "active"
    assert active["current_period_start"].startswith("2026-01-12T12:00:00")
    assert active["current_period_end"].startswith("2026-02-12T12:00:00")
    (invoice,) = invoices(customer.api)
    assert invoice["status"] == "paid"
    assert invoice["amount_paid"] == 1299 and invoice["currency"] == "USD"
    assert invoice["billing_reason"] == "trial_end"


def test_sub2_trial_on_plan_without_trial_refused_and_nothing_created(
    customer: Customer,
) -> None:
    add_card(customer.api)
    body = customer.api.post(
        "/v1/subscriptions", {"plan": "vpn-monthly", "trial": True}, expect=422
    )
    assert body["error"]["code"] == "trial_not_available"
    assert customer.api.get("/v1/subscriptions")["data"] == []


def test_sub2_trial_needing_card_refused_without_one(customer: Customer) -> None:
    body = customer.api.post("/v1/subscriptions", {"plan": "vpn-trial-card"}, expect=422)
    assert body["error"]["code"] == "payment_method_required"
    assert customer.api.get("/v1/subscriptions")["data"] == []


def test_sub2_one_trial_per_product(customer: Customer, staff_api: Api) -> None:
    first = customer.api.post("/v1/subscriptions", {"plan": "pm-team"}, expect=201)
    # SUB-7: a business plan's renewal is stopped by support, not by the customer.
    refused = customer.api.post(f"/v1/subscriptions/{first['id']}/cancel", expect=403)
    assert refused["error"]["code"] == "contact_support_to_stop_renewal"
    staff_api.post(f"/v1/subscriptions/{first['id']}/cancel")
    advance(staff_api, days=15)
    assert sub_of(customer.api, first["id"])["status"] == "expired"
    body = customer.api.post("/v1/subscriptions", {"plan": "pm-team", "trial": True}, expect=409)
    assert body["error"]["code"] == "trial_already_used"


# ----------------------------------------------------------------- SUB-8/SUB-9 purchase


def test_sub8_sub9_purchase_charges_the_first_period_at_once(customer: Customer) -> None:
    card = add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    assert sub["status"] == "active"
    assert sub["price"] == {"amount": 1299, "currency": "USD"}
    assert sub["current_period_end"].startswith("2026-02-05T12:00:00")
    (invoice,) = invoices(customer.api)
    assert invoice["total"] == 1299 and invoice["status"] == "paid"
    assert invoice["payments"][0]["payment_method_id"] == card["id"]
    assert invoice["lines"][0]["description"] == "VPN Monthly"


def test_sub8_currency_rules(customer: Customer) -> None:
    add_card(customer.api)
    euro = customer.api.post(
        "/v1/subscriptions", {"plan": "vpn-monthly", "currency": "EUR"}, expect=201
    )
    assert euro["price"] == {"amount": 1199, "currency": "EUR"}
    body = customer.api.post(
        "/v1/subscriptions", {"plan": "vpn-yearly", "currency": "EUR"}, expect=422
    )
    assert body["error"]["code"] == "currency_not_offered"
    body = customer.api.post(
        "/v1/subscriptions", {"plan": "vpn-yearly", "currency": "XYZ"}, expect=422
    )
    assert body["error"]["code"] == "unknown_currency"


def test_sub9_declined_card_refuses_purchase_and_creates_nothing(customer: Customer) -> None:
    add_card(customer.api, FAILING_CARD)
    body = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=402)
    assert body["error"]["code"] == "card_declined"
    assert customer.api.get("/v1/subscriptions")["data"] == []
    assert invoices(customer.api) == []


def test_x6_unknown_plan_is_a_clear_error(customer: Customer) -> None:
    body = customer.api.post("/v1/subscriptions", {"plan": "gold-plated"}, expect=404)
    assert body["error"]["code"] == "unknown_plan"


def test_app1_store_plan_cannot_be_bought_on_the_web(customer: Customer) -> None:
    add_card(customer.api)
    body = customer.api.post("/v1/subscriptions", {"plan": "vpn-ios"}, expect=422)
    assert body["error"]["code"] == "channel_not_available"


def test_vl1_volume_plan_needs_enrollment(customer: Customer) -> None:
    add_card(customer.api)
    body = customer.api.post("/v1/subscriptions", {"plan": "vpn-volume", "quantity": 5}, expect=422)
    assert body["error"]["code"] == "volume_requires_enrollment"


def test_vl2_at_most_five_ordinary_subscriptions_per_product(customer: Customer) -> None:
    add_card(customer.api)
    for _ in range(5):
        customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    body = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=409)
    assert body["error"]["code"] == "too_many_subscriptions"


# --------------------------------------------------------------------- SUB-3 / SUB-4 / SUB-5


def test_sub3_renews_on_calendar_dates_from_jan31(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    advance(staff_api, to="2027-01-31T10:00:00Z")
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    ends = [sub["current_period_end"][:10]]
    for target in ("2027-02-28T10:00:00Z", "2027-03-31T10:00:00Z", "2027-04-30T10:00:00Z"):
        advance(staff_api, to=target)
        ends.append(sub_of(customer.api, sub["id"])["current_period_end"][:10])
    assert ends == ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]
    assert [i["total"] for i in invoices(customer.api)] == [1299] * 4


def test_sub4_cancel_keeps_access_to_period_end_then_expires(
    customer: Customer, staff_api: Api
) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    cancelled = customer.api.post(f"/v1/subscriptions/{sub['id']}/cancel")
    assert cancelled["status"] == "active" and cancelled["cancel_at_period_end"] is True
    advance(staff_api, days=30)
    assert sub_of(customer.api, sub["id"])["status"] == "active"
    advance(staff_api, days=1)
    ended = sub_of(customer.api, sub["id"])
    assert ended["status"] == "expired" and ended["end_reason"] == "canceled"
    assert ended["ended_at"].startswith("2026-02-05T12:00:00")
    assert len(invoices(customer.api)) == 1  # never renewed


def test_sub4_undo_cancel_renews(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    customer.api.post(f"/v1/subscriptions/{sub['id']}/cancel")
    resumed = customer.api.post(f"/v1/subscriptions/{sub['id']}/resume")
    assert resumed["cancel_at_period_end"] is False
    advance(staff_api, days=32)
    renewed = sub_of(customer.api, sub["id"])
    assert renewed["status"] == "active"
    assert renewed["current_period_end"].startswith("2026-03-05")
    assert [i["status"] for i in invoices(customer.api)] == ["paid", "paid"]
    assert "subscription.cancel_undone" in event_types(customer.api, sub["id"])


def test_sub4_resubscribe_before_end_starts_at_old_end(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    old = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    customer.api.post(f"/v1/subscriptions/{old['id']}/cancel")
    advance(staff_api, days=10)
    new = customer.api.post(
        f"/v1/subscriptions/{old['id']}/resubscribe", {"plan": "vpn-yearly"}, expect=201
    )
    assert new["status"] == "scheduled"
    assert new["start_at"] == old["current_period_end"]
    assert new["previous_subscription_id"] == old["id"]
    paid = [i for i in invoices(customer.api) if i["subscription_id"] == new["id"]]
    assert paid[0]["total"] == 9999 and paid[0]["status"] == "paid"  # paid now
    assert paid[0]["period_start"] == old["current_period_end"]

    advance(staff_api, days=21)
    assert sub_of(customer.api, old["id"])["status"] == "expired"
    started = sub_of(customer.api, new["id"])
    assert started["status"] == "active"
    assert started["current_period_start"] == old["current_period_end"]
    assert started["current_period_end"].startswith("2027-02-05T12:00:00")
    body = customer.api.post(f"/v1/subscriptions/{old['id']}/resubscribe", expect=409)
    assert body["error"]["code"] == "already_resubscribed"


def test_sub4_resubscribe_after_end_starts_now(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    old = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    customer.api.post(f"/v1/subscriptions/{old['id']}/cancel")
    advance(staff_api, days=40)
    new = customer.api.post(f"/v1/subscriptions/{old['id']}/resubscribe", expect=201)
    assert new["status"] == "active"
    assert new["current_period_start"].startswith("2026-02-14T12:00:00")


def test_sub4_resubscribe_needs_a_cancelled_subscription(customer: Customer) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    body = customer.api.post(f"/v1/subscriptions/{sub['id']}/resubscribe", expect=409)
    assert body["error"]["code"] == "subscription_not_canceled"


def test_sub5_card_added_in_grace_is_charged_at_once_anchor_kept(
    customer: Customer, staff_api: Api
) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    failing = add_card(customer.api, FAILING_CARD)  # becomes the default
    advance(staff_api, days=31)
    due = sub_of(customer.api, sub["id"])
    assert due["status"] == "past_due"
    assert due["grace_ends_at"].startswith("2026-03-07T12:00:00")
    assert due["current_period_end"].startswith("2026-03-05T12:00:00")
    open_invoice = next(i for i in invoices(customer.api) if i["status"] == "open")
    assert open_invoice["payments"][0]["payment_method_id"] == failing["id"]

    advance(staff_api, days=20)
    good = add_card(customer.api)
    recovered = sub_of(customer.api, sub["id"])
    assert recovered["status"] == "active" and recovered["grace_ends_at"] is None
    assert recovered["current_period_end"].startswith("2026-03-05T12:00:00")  # anchor kept
    paid = customer.api.get(f"/v1/invoices/{open_invoice['id']}")
    assert paid["status"] == "paid"
    assert paid["payments"][-1]["payment_method_id"] == good["id"]


def test_sub5_pay_open_invoice_with_another_card_on_file(
    customer: Customer, staff_api: Api
) -> None:
    good = add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    add_card(customer.api, FAILING_CARD)  # the new default fails at renewal
    advance(staff_api, days=31)
    open_invoice = next(i for i in invoices(customer.api) if i["status"] == "open")
    paid = customer.api.post(
        f"/v1/invoices/{open_invoice['id']}/pay", {"payment_method_id": good["id"]}
    )
    assert paid["status"] == "paid"
    assert sub_of(customer.api, sub["id"])["status"] == "active"


# ----------------------------------------------------------------------------- SUB-6


def test_sub6_plan_change_takes_effect_at_period_end(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    changed = customer.api.post(
        f"/v1/subscriptions/{sub['id']}/change_plan", {"plan": "vpn-yearly"}
    )
    assert changed["plan"] == "vpn-monthly"
    assert changed["scheduled_change"] == {
        "plan": "vpn-yearly",
        "effective_at": sub["current_period_end"],
    }
    advance(staff_api, days=31)
    after = sub_of(customer.api, sub["id"])
    assert after["plan"] == "vpn-yearly" and after["scheduled_change"] is None
    assert after["billing_period_months"] == 12
    assert after["current_period_start"] == sub["current_period_end"]
    assert after["current_period_end"].startswith("2027-02-05T12:00:00")
    assert [i["total"] for i in invoices(customer.api)] == [1299, 9999]


def test_sub6_plan_change_can_be_withdrawn(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    customer.api.post(f"/v1/subscriptions/{sub['id']}/change_plan", {"plan": "vpn-yearly"})
    customer.api.delete(f"/v1/subscriptions/{sub['id']}/scheduled_change")
    advance(staff_api, days=31)
    assert sub_of(customer.api, sub["id"])["plan"] == "vpn-monthly"


def test_sub6_plan_change_refusals(customer: Customer) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    url = f"/v1/subscriptions/{sub['id']}/change_plan"
    assert customer.api.post(url, {"plan": "vpn-monthly"}, expect=409)["error"]["code"] == (
        "same_plan"
    )
    assert customer.api.post(url, {"plan": "pm-team"}, expect=409)["error"]["code"] == (
        "plan_not_in_product"
    )
    assert customer.api.post(url, {"plan": "vpn-volume"}, expect=409)["error"]["code"] == (
        "volume_requires_enrollment"
    )
    assert customer.api.post(url, {"plan": "vpn-ios"}, expect=422)["error"]["code"] == (
        "channel_not_available"
    )


def test_fixed_term_subscription_ends_without_renewal(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "av-1y-fixed"}, expect=201)
    advance(staff_api, days=366)
    ended = sub_of(customer.api, sub["id"])
    assert ended["status"] == "expired" and ended["end_reason"] == "not_renewed"
    assert len(invoices(customer.api)) == 1


# ----------------------------------------------------------------------------- SUB-12


def test_sub12_invoice_billed_plan_is_never_charged_by_card(
    customer: Customer, staff_api: Api
) -> None:
    add_card(customer.api)
    body = customer.api.post("/v1/subscriptions", {"plan": "pm-business-invoice"}, expect=403)
    assert body["error"]["code"] == "invoice_billing_staff_only"
    sub = staff_api.post(
        "/v1/subscriptions",
        {"account_id": customer.id, "plan": "pm-business-invoice"},
        expect=201,
    )
    assert sub["status"] == "active"
    (invoice,) = invoices(staff_api, account_id=customer.id)
    assert invoice["collection"] == "send_invoice" and invoice["status"] == "open"
    assert invoice["payments"] == []
    assert invoice["due_at"].startswith("2026-02-04")
    refused = customer.api.post(f"/v1/invoices/{invoice['id']}/pay", expect=409)
    assert refused["error"]["code"] == "invoice_paid_by_transfer"
    assert customer.api.post(f"/v1/invoices/{invoice['id']}/mark_paid", expect=403)
    paid = staff_api.post(f"/v1/invoices/{invoice['id']}/mark_paid")
    assert paid["status"] == "paid" and paid["amount_paid"] == 60000


# ----------------------------------------------------------------- SUB-1 / CAT-1 / X-2 / X-8


def test_sub1_events_carry_time_and_actor(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    customer.api.post(f"/v1/subscriptions/{sub['id']}/cancel")
    advance(staff_api, days=31)
    events = customer.api.get(f"/v1/subscriptions/{sub['id']}/events")["data"]
    assert [(e["type"], e["actor"]["kind"]) for e in events] == [
        ("subscription.created", "account"),
        ("subscription.activated", "account"),
        ("subscription.cancel_scheduled", "account"),
        ("subscription.expired", "scheduler"),
    ]
    assert events[-1]["occurred_at"].startswith("2026-02-05T12:00:00")


def test_cat1_new_catalog_version_keeps_existing_prices(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    old = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    assert old["catalog_version"] == 1
    raised = TEST_CATALOG.replace(
        "prices: {USD: 1299, EUR: 1199}", "prices: {USD: 1499, EUR: 1399}"
    )
    loaded = staff_api.call(
        "POST",
        "/v1/catalog/versions",
        201,
        content=raised,
        headers={"Content-Type": "application/yaml"},
    )
    assert loaded["version"] == 2
    new = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    assert new["price"]["amount"] == 1499 and new["catalog_version"] == 2
    advance(staff_api, days=31)
    renewals = [
        i["total"]
        for i in invoices(customer.api, subscription_id=old["id"])
        if i["billing_reason"] == "subscription_cycle"
    ]
    assert renewals == [1299]


def test_x2_idempotent_purchase_charges_once(customer: Customer) -> None:
    add_card(customer.api)
    key = {"Idempotency-Key": "order-7781"}
    first = customer.api.client.post(
        "/v1/subscriptions", json={"plan": "vpn-monthly"}, headers={**customer.api.headers, **key}
    )
    second = customer.api.client.post(
        "/v1/subscriptions", json={"plan": "vpn-monthly"}, headers={**customer.api.headers, **key}
    )
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert len(customer.api.get("/v1/subscriptions")["data"]) == 1
    assert len(invoices(customer.api)) == 1
    other = customer.api.post("/v1/subscriptions", {"plan": "vpn-yearly"}, expect=409, headers=key)
    assert other["error"]["code"] == "idempotency_key_reused"


def test_x2_failed_request_releases_its_key(customer: Customer) -> None:
    key = {"Idempotency-Key": "order-7782"}
    customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=422, headers=key)
    add_card(customer.api)
    customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201, headers=key)


def test_x8_accounts_cannot_touch_each_others_subscriptions(
    customer: Customer, staff_api: Api
) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    (invoice,) = invoices(customer.api)
    other = make_customer(staff_api, "eve@example.com")
    assert other.api.get(f"/v1/subscriptions/{sub['id']}", expect=403)
    assert other.api.post(f"/v1/subscriptions/{sub['id']}/cancel", expect=403)
    assert other.api.get(f"/v1/invoices/{invoice['id']}", expect=403)
    assert other.api.get("/v1/subscriptions", params={"account_id": customer.id}, expect=403)
    assert other.api.get("/v1/subscriptions")["data"] == []
    assert sub_of(customer.api, sub["id"])["cancel_at_period_end"] is False
    assert staff_api.get(f"/v1/subscriptions/{sub['id']}")["id"] == sub["id"]
