"""SUB-3, SUB-5, SUB-6, SUB-10, SUB-1: the scheduler's set-based renewal path writes exactly
what the general path writes.

Two cohorts of customers do the same things at the same simulated times. Cohort "a" renews
through the batch path wherever a renewal is plain; cohort "b" is sent through the general
path (``lifecycle.run_due_action``) for everything. After months of renewals, failed charges,
grace, credit, plan changes and expiries, each customer's subscriptions, invoices, lines,
payments, events and emails must be the same in both cohorts, ids aside.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import inspect, select

from support import Api
from support.commerce import FAILING_CARD, Customer, add_card, make_customer
from tenure.billing.models import Invoice, InvoiceLine, Payment
from tenure.container import Container
from tenure.events.models import Event
from tenure.kit.db import Base
from tenure.notifications.models import Email
from tenure.subscriptions import lifecycle, renewals
from tenure.subscriptions.models import Subscription

ID = re.compile(r"\b(?:[a-z]+_[0-9a-z]{26}|ch_sbx_[0-9a-f]{24})\b")
COHORT = re.compile(r"\b[ab]-(?=[a-z-]+@example\.com)")


def _customers(staff_api: Api, cohort: str) -> dict[str, tuple[Customer, dict[str, Any]]]:
    """One customer per case; returns name → (customer, subscription)."""
    made: dict[str, tuple[Customer, dict[str, Any]]] = {}

    def buy(
        name: str, body: dict[str, Any], setup: Callable[[Customer], dict[str, Any]] | None = None
    ) -> None:
        customer = make_customer(staff_api, email=f"{cohort}-{name}@example.com",
                                 locale="da" if name == "eur" else "en")  # fmt: skip
        card = add_card(customer.api)
        if setup is not None:
            body = {**body, **setup(customer), "payment_method_id": card["id"]}
        sub = customer.api.post("/v1/subscriptions", body, expect=201)
        made[name] = (customer, sub)

    buy("plain", {"plan": "vpn-monthly"})
    buy("eur", {"plan": "vpn-monthly", "currency": "EUR"})
    buy("team", {"plan": "pm-team", "quantity": 3, "trial": False})  # charged 2 days early
    buy("failing", {"plan": "vpn-monthly"})
    buy("credit", {"plan": "vpn-yearly"})
    buy("change", {"plan": "vpn-monthly"})
    buy("off", {"plan": "vpn-monthly"})

    def second_card(customer: Customer) -> dict[str, Any]:
        add_card(customer.api, FAILING_CARD, make_default=False)
        return {}

    buy("own-method", {"plan": "vpn-monthly"}, setup=second_card)

    # VL-3, SUB-9: the paying method when the subscription's own method is deleted. The
    # account's default pays only if the plan accepts it (av-monthly: card and PayPal).
    def good_second_card(customer: Customer) -> dict[str, Any]:
        add_card(customer.api, make_default=False)
        return {}

    def wallet(kind: str, details: dict[str, str]) -> Callable[[Customer], dict[str, Any]]:
        def setup(customer: Customer) -> dict[str, Any]:
            customer.api.post("/v1/payment_methods", {"type": kind, kind: details}, expect=201)
            return {}

        return setup

    buy("own-deleted", {"plan": "vpn-monthly"}, setup=good_second_card)
    buy("paypal-default", {"plan": "av-monthly"}, setup=wallet("paypal", {"email": "k@pp.example"}))
    buy("bitcoin-default", {"plan": "av-monthly"}, setup=wallet("bitcoin", {"wallet": "bc1qk"}))
    return made


def _after_purchase(made: dict[str, tuple[Customer, dict[str, Any]]]) -> None:
    failing, _sub = made["failing"]
    add_card(failing.api, FAILING_CARD)  # the new default fails at renewal: grace, dunning
    credit, sub = made["credit"]
    credit.api.post(f"/v1/subscriptions/{sub['id']}/switch", {"plan": "vpn-monthly"}, expect=201)
    change, sub = made["change"]
    change.api.post(f"/v1/subscriptions/{sub['id']}/change_plan", {"plan": "vpn-yearly"})
    off, sub = made["off"]
    off.api.post(f"/v1/subscriptions/{sub['id']}/auto_renew", {"enabled": False})
    own, sub = made["own-method"]  # bought with its own card; the account's default fails
    assert sub["payment_method_id"] is not None
    methods = own.api.get("/v1/payment_methods")["data"]
    failing_card = next(m for m in methods if m["id"] != sub["payment_method_id"])
    own.api.post(f"/v1/payment_methods/{failing_card['id']}/default")
    for name in ("own-deleted", "paypal-default", "bitcoin-default"):
        # The other method becomes the default, the subscription's own card is deleted.
        customer, sub = made[name]
        other = next(
            m for m in _items(customer.api.get("/v1/payment_methods"))
            if m["id"] != sub["payment_method_id"]
        )  # fmt: skip
        customer.api.post(f"/v1/payment_methods/{other['id']}/default")
        customer.api.delete(f"/v1/payment_methods/{sub['payment_method_id']}")


def _items(listing: Any) -> list[Any]:
    return list(listing["data"] if isinstance(listing, dict) else listing)


def _rows(session: Any, model: type[Base], *where: Any, order: Any) -> list[dict[str, Any]]:
    columns = [c.key for c in inspect(model).column_attrs]
    found = session.scalars(select(model).where(*where).order_by(*order)).all()
    return [{key: getattr(row, key) for key in columns} for row in found]


def _snapshot(container: Container, account_id: str) -> Any:
    """Everything the renewals of one account wrote, ids replaced by their order of first
    appearance."""
    with container.db.transaction(write=False) as session:
        subs = _rows(session, Subscription, Subscription.account_id == account_id,
                     order=(Subscription.created_at, Subscription.id))  # fmt: skip
        invoices = _rows(session, Invoice, Invoice.account_id == account_id,
                         order=(Invoice.created_at, Invoice.id))  # fmt: skip
        lines = _rows(session, InvoiceLine,
                      InvoiceLine.invoice_id.in_([i["id"] for i in invoices]),
                      order=(InvoiceLine.id,))  # fmt: skip
        payments = _rows(session, Payment, Payment.account_id == account_id,
                         order=(Payment.created_at, Payment.id))  # fmt: skip
        events = _rows(session, Event, Event.account_id == account_id, order=(Event.seq,))
        emails = _rows(session, Email, Email.account_id == account_id,
                       order=(Email.created_at, Email.id))  # fmt: skip
    for line in lines:
        del line["id"]  # an autoincrement number
    for event in events:
        del event["seq"]
    seen: dict[str, str] = {}

    def same(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: same(item) for key, item in value.items()}
        if isinstance(value, list):
            return [same(item) for item in value]
        if isinstance(value, str):
            value = COHORT.sub("x-", value)  # a-plain@… and b-plain@… are the same customer
            return ID.sub(lambda m: seen.setdefault(m.group(0), f"<id{len(seen)}>"), value)
        return value

    return same({"subscriptions": subs, "invoices": invoices, "lines": lines,
                 "payments": payments, "events": events, "emails": emails})  # fmt: skip


def test_sub3_batch_renewals_write_what_the_general_path_writes(
    staff_api: Api, catalog: None, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cohort_b(due: Any) -> bool:
        return str(due.row.account_email).startswith("b-")

    plain_renewal, plain_roll = renewals._plain_renewal, renewals._plain_roll
    monkeypatch.setattr(renewals, "_plain_renewal", lambda d: not cohort_b(d) and plain_renewal(d))
    monkeypatch.setattr(renewals, "_plain_roll", lambda d: not cohort_b(d) and plain_roll(d))
    general: Counter[tuple[str, str]] = Counter()
    run_due_action = lifecycle.run_due_action

    def spy(session: Any, *, sub: Subscription, **kwargs: Any) -> bool:
        general[(sub.id, sub.next_action or "")] += 1
        return run_due_action(session, sub=sub, **kwargs)

    monkeypatch.setattr(lifecycle, "run_due_action", spy)

    a, b = _customers(staff_api, "a"), _customers(staff_api, "b")
    _after_purchase(a)
    _after_purchase(b)
    staff_api.post("/v1/clock/advance", {"days": 75})

    # Both paths ran: cohort a's plain renewals never reached the general path; b's did.
    for name in ("plain", "eur", "team", "own-method", "own-deleted", "paypal-default"):
        a_sub, b_sub = a[name][1]["id"], b[name][1]["id"]
        assert general[(a_sub, "renew")] == general[(a_sub, "roll")] == 0, name
        assert general[(b_sub, "renew")] >= 2 and general[(b_sub, "roll")] >= 2, name
    assert general[(a["failing"][1]["id"], "renew")] == 1  # the failed charge, recorded there
    # No method the plan accepts (Bitcoin is not): not plain, the general path records it.
    assert general[(a["bitcoin-default"][1]["id"], "renew")] == 1

    for name in a:
        snapshot_a = _snapshot(container, a[name][0].id)
        snapshot_b = _snapshot(container, b[name][0].id)
        assert snapshot_a == snapshot_b, name
        assert snapshot_a["invoices"], name

    # What the customers see: two paid monthly renewals (5 February, 5 March) after the
    # purchase on 5 January.
    plain = a["plain"][0].api.get("/v1/invoices")["data"]
    assert [(i["billing_reason"], i["status"], i["total"]) for i in plain] == [
        ("subscription_create", "paid", 1299),
        *[("subscription_cycle", "paid", 1299)] * 2,
    ]
    failing = a["failing"][0].api.get(f"/v1/subscriptions/{a['failing'][1]['id']}")
    assert (failing["status"], failing["end_reason"]) == ("expired", "payment_failed")  # grace over

    # VL-3, SUB-9: a deleted own method falls back to the default only where the plan accepts it.
    for name, paid_with in (("own-deleted", "card"), ("paypal-default", "paypal")):
        customer = a[name][0]
        methods = _items(customer.api.get("/v1/payment_methods"))
        default = next(m for m in methods if m["is_default"])
        assert default["type"] == paid_with, name
        renewals_ = [
            i for i in _items(customer.api.get("/v1/invoices"))
            if i["billing_reason"] == "subscription_cycle"
        ]  # fmt: skip
        assert [i["status"] for i in renewals_] == ["paid", "paid"], name
        assert {p["payment_method_id"] for i in renewals_ for p in i["payments"]} == {default["id"]}
    bitcoin = a["bitcoin-default"][0].api.get(f"/v1/subscriptions/{a['bitcoin-default'][1]['id']}")
    assert (bitcoin["status"], bitcoin["end_reason"]) == ("expired", "payment_failed")
