"""Payment methods (SUB-9) through the API: the sandbox gateway's test cards, wallets, the
default method, removal, and who may see what (X-8)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from support import Api
from tenure.auth.service import issue_access_token
from tenure.container import Container
from tenure.events.models import Event
from tenure.kit.actor import Actor
from tenure.payment_methods import service
from tenure.payment_methods.models import PaymentMethod


def customer(staff_api: Api, container: Container, email: str, **fields: str) -> tuple[str, Api]:
    """Create an account (as staff) and return its id and a signed-in client."""
    account = staff_api.post("/v1/accounts", {"email": email, **fields}, expect=201)
    with container.db.transaction() as session:
        _token, secret = issue_access_token(
            session,
            kind="account",
            subject_id=account["id"],
            account_id=account["id"],
            now=container.clock.now(),
            ttl=timedelta(hours=1),
        )
    return account["id"], Api(staff_api.client, {"Authorization": f"Bearer {secret}"})


@pytest.fixture
def ann(staff_api: Api, container: Container) -> tuple[str, Api]:
    return customer(staff_api, container, "ann@example.com")


def card(number: str, *, exp_year: int = 2030, **extra: Any) -> dict[str, Any]:
    return {
        "type": "card",
        "card": {"number": number, "exp_month": 12, "exp_year": exp_year, "cvc": "123"},
        **extra,
    }


def stored_rows(container: Container, account_id: str) -> list[PaymentMethod]:
    with container.db.transaction() as session:
        return list(
            session.scalars(select(PaymentMethod).where(PaymentMethod.account_id == account_id))
        )


def events(container: Container, account_id: str) -> list[Event]:
    with container.db.transaction() as session:
        return list(
            session.scalars(
                select(Event)
                .where(Event.account_id == account_id, Event.type.like("payment_method.%"))
                .order_by(Event.seq)
            )
        )


def test_sub9_test_card_that_succeeds_shows_brand_and_last4_only(
    ann: tuple[str, Api], container: Container
) -> None:
    account_id, api = ann
    response = api.client.post(
        "/v1/payment_methods", json=card("4242 4242 4242 4242"), headers=api.headers
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"].startswith("pm_")
    assert (body["type"], body["brand"], body["last4"]) == ("card", "visa", "4242")
    assert (body["exp_month"], body["exp_year"], body["gateway"]) == (12, 2030, "sandbox")
    assert body["is_default"] is True
    assert body["account_id"] == account_id
    # Neither the API, the database nor the events hold the number or the CVC.
    assert "4242424242424242" not in response.text
    assert "token" not in body
    [row] = stored_rows(container, account_id)
    stored = json.dumps({c.name: str(getattr(row, c.name)) for c in PaymentMethod.__table__.c})
    assert "4242424242424242" not in stored
    assert "4242 4242 4242 4242" not in stored
    [event] = events(container, account_id)
    assert event.type == "payment_method.added"
    assert event.data["last4"] == "4242"
    assert "4242424242424242" not in json.dumps(event.data)
    assert "123" not in json.dumps(event.data)


def test_sub9_mastercard_and_two_digit_year(ann: tuple[str, Api]) -> None:
    _account_id, api = ann
    body = api.post("/v1/payment_methods", card("5555555555554444", exp_year=31), expect=201)
    assert (body["brand"], body["last4"], body["exp_year"]) == ("mastercard", "4444", 2031)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("4000000000000002", "card_declined"),
        ("4000000000009995", "insufficient_funds"),
        ("4000000000000069", "expired_card"),
    ],
)
def test_sub9_refused_test_cards_are_402_and_store_nothing(
    ann: tuple[str, Api], container: Container, number: str, code: str
) -> None:
    account_id, api = ann
    body = api.post("/v1/payment_methods", card(number), expect=402)
    assert body["error"]["code"] == code
    assert stored_rows(container, account_id) == []
    assert events(container, account_id) == []


def test_sub9_card_past_its_expiry_date_is_refused(ann: tuple[str, Api]) -> None:
    _account_id, api = ann
    body = api.post("/v1/payment_methods", card("4242424242424242", exp_year=2025), expect=402)
    assert body["error"]["code"] == "expired_card"


def test_sub9_luhn_failure_is_422_and_stores_nothing(
    ann: tuple[str, Api], container: Container
) -> None:
    account_id, api = ann
    body = api.post("/v1/payment_methods", card("4242424242424241"), expect=422)
    assert body["error"]["code"] == "invalid_card_number"
    assert body["error"]["field"] == "number"
    assert "4242424242424241" not in json.dumps(body)
    assert stored_rows(container, account_id) == []


@pytest.mark.parametrize(
    ("payload", "label"),
    [
        ({"type": "paypal", "paypal": {"email": "Ann@PayPal.example.com"}},
         "ann@paypal.example.com"),
        ({"type": "bitcoin", "bitcoin": {"wallet": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"}},
         "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
        ({"type": "paymentwall", "paymentwall": {"account": "pw-778812"}}, "pw-778812"),
    ],
)  # fmt: skip
def test_sub9_paypal_bitcoin_and_paymentwall(
    ann: tuple[str, Api], payload: dict[str, Any], label: str
) -> None:
    _account_id, api = ann
    body = api.post("/v1/payment_methods", payload, expect=201)
    assert (body["type"], body["label"], body["brand"], body["last4"]) == (
        payload["type"],
        label,
        None,
        None,
    )
    assert api.get(f"/v1/payment_methods/{body['id']}") == body


def test_sub9_missing_details_are_refused(ann: tuple[str, Api]) -> None:
    _account_id, api = ann
    for payload in (
        {"type": "card"},
        {"type": "paypal", "bitcoin": {"wallet": "bc1qxyz"}},
        {"type": "bitcoin", "bitcoin": {"wallet": "  "}},
    ):
        body = api.post("/v1/payment_methods", payload, expect=422)
        assert body["error"]["code"] == "payment_method_details_required"
        assert body["error"]["field"] == payload["type"]
    assert api.post("/v1/payment_methods", {"type": "cash"}, expect=422)["error"]["code"] == (
        "invalid_request"
    )


def test_sub9_first_method_is_default_and_default_can_change(
    ann: tuple[str, Api], container: Container
) -> None:
    account_id, api = ann
    visa = api.post("/v1/payment_methods", card("4242424242424242"), expect=201)
    paypal = api.post(
        "/v1/payment_methods", {"type": "paypal", "paypal": {"email": "a@example.com"}}, expect=201
    )
    assert (visa["is_default"], paypal["is_default"]) == (True, False)
    master = api.post(
        "/v1/payment_methods", card("5555555555554444", make_default=True), expect=201
    )
    assert master["is_default"] is True
    listed = api.get("/v1/payment_methods")["data"]
    assert [m["id"] for m in listed] == [master["id"], paypal["id"], visa["id"]]
    assert [m["is_default"] for m in listed] == [True, False, False]

    chosen = api.post(f"/v1/payment_methods/{paypal['id']}/default")
    assert chosen["is_default"] is True
    assert api.get(f"/v1/payment_methods/{master['id']}")["is_default"] is False
    changes = [e for e in events(container, account_id) if e.type.endswith("default_changed")]
    assert [(e.subject_id, e.data["previous_default_id"]) for e in changes] == [
        (master["id"], visa["id"]),
        (paypal["id"], master["id"]),
    ]


def test_sub9_removed_method_is_gone_and_the_default_moves_on(
    ann: tuple[str, Api], container: Container
) -> None:
    account_id, api = ann
    visa = api.post("/v1/payment_methods", card("4242424242424242"), expect=201)
    master = api.post("/v1/payment_methods", card("5555555555554444"), expect=201)
    removed = api.delete(f"/v1/payment_methods/{visa['id']}")
    assert removed["removed_at"] is not None
    assert removed["is_default"] is False
    assert [m["id"] for m in api.get("/v1/payment_methods")["data"]] == [master["id"]]
    assert api.get(f"/v1/payment_methods/{master['id']}")["is_default"] is True
    gone = api.get(f"/v1/payment_methods/{visa['id']}", expect=404)
    assert gone["error"]["code"] == "payment_method_not_found"
    api.delete(f"/v1/payment_methods/{visa['id']}", expect=404)
    assert [e.type for e in events(container, account_id)][-2:] == [
        "payment_method.removed",
        "payment_method.default_changed",
    ]
    # The row is kept for the audit trail.
    assert {r.id for r in stored_rows(container, account_id)} == {visa["id"], master["id"]}


def test_x8_account_cannot_see_or_change_another_accounts_methods(
    staff_api: Api, container: Container, ann: tuple[str, Api]
) -> None:
    ann_id, ann_api = ann
    _bo_id, bo_api = customer(staff_api, container, "bo@example.com")
    visa = ann_api.post("/v1/payment_methods", card("4242424242424242"), expect=201)
    pm = visa["id"]
    assert bo_api.get(f"/v1/payment_methods/{pm}", expect=404)["error"]["code"] == (
        "payment_method_not_found"
    )
    bo_api.post(f"/v1/payment_methods/{pm}/default", expect=404)
    bo_api.delete(f"/v1/payment_methods/{pm}", expect=404)
    denied = bo_api.get("/v1/payment_methods", params={"account_id": ann_id}, expect=403)
    assert denied["error"]["code"] == "forbidden"
    bo_api.post("/v1/payment_methods", {**card("4242424242424242"), "account_id": ann_id},
                expect=403)  # fmt: skip
    assert bo_api.get("/v1/payment_methods")["data"] == []
    # Ann's method is untouched, and staff see and manage it.
    assert ann_api.get(f"/v1/payment_methods/{pm}")["removed_at"] is None
    assert staff_api.get(f"/v1/payment_methods/{pm}")["id"] == pm
    assert [m["id"] for m in staff_api.get(f"/v1/payment_methods?account_id={ann_id}")["data"]] == [
        pm
    ]


def test_x8_staff_must_name_the_account(staff_api: Api, ann: tuple[str, Api]) -> None:
    ann_id, _api = ann
    body = staff_api.post("/v1/payment_methods", card("4242424242424242"), expect=422)
    assert body["error"]["code"] == "account_id_required"
    assert staff_api.get("/v1/payment_methods", expect=422)["error"]["code"] == (
        "account_id_required"
    )
    added = staff_api.post(
        "/v1/payment_methods", {**card("4242424242424242"), "account_id": ann_id}, expect=201
    )
    assert added["account_id"] == ann_id
    missing = {**card("4242424242424242"), "account_id": "acct_missing"}
    assert staff_api.post("/v1/payment_methods", missing, expect=404)["error"]["code"] == (
        "account_not_found"
    )


def test_x8_unauthenticated_payment_method_calls_get_401(anon_api: Api) -> None:
    for method, url in [
        ("GET", "/v1/payment_methods"),
        ("GET", "/v1/payment_methods/pm_x"),
        ("POST", "/v1/payment_methods"),
        ("POST", "/v1/payment_methods/pm_x/default"),
        ("DELETE", "/v1/payment_methods/pm_x"),
    ]:
        payload = card("4242424242424242") if url == "/v1/payment_methods" else None
        body = anon_api.call(method, url, expect=401, json=payload if method == "POST" else None)
        assert body["error"]["code"] == "unauthenticated"


def test_x2_retried_add_creates_one_method(ann: tuple[str, Api], container: Container) -> None:
    account_id, api = ann
    key = {"Idempotency-Key": "add-visa-1"}
    first = api.post("/v1/payment_methods", card("4242424242424242"), expect=201, headers=key)
    again = api.post("/v1/payment_methods", card("4242424242424242"), expect=201, headers=key)
    assert first == again
    assert len(stored_rows(container, account_id)) == 1


def test_sub5_hook_runs_when_a_method_is_added(
    ann: tuple[str, Api], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The billing engine charges past-due invoices when a method is added (SUB-5)."""
    seen: list[tuple[str, bool, datetime, Actor]] = []

    def hook(
        session: Session, method: PaymentMethod, gateway: object, now: datetime, actor: Actor
    ) -> None:
        seen.append((method.id, session.get(PaymentMethod, method.id) is not None, now, actor))

    monkeypatch.setattr(service, "on_payment_method_added", [hook])
    account_id, api = ann
    body = api.post("/v1/payment_methods", card("4242424242424242"), expect=201)
    api.post("/v1/payment_methods", card("4000000000000002"), expect=402)
    assert [(s[0], s[1], s[3]) for s in seen] == [(body["id"], True, Actor("account", account_id))]


def test_sub9_card_details_never_show_in_reprs() -> None:
    details = service.CardDetails(number="4242424242424242", exp_month=1, exp_year=2030, cvc="987")
    assert "4242424242424242" not in repr(details)
    assert "987" not in repr(details)
    assert repr(details).endswith("exp='1/2030')")
