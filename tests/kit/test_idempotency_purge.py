"""X-11 / X-2: idempotency keys are kept 24 hours, as docs/api.md says, and then purged by a
scheduled job (``api.idempotency_housekeeping``): an old key no longer answers, a fresh one still
replays."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from support import Api
from support.commerce import GOOD_CARD, Customer
from tenure.api.idempotency import IdempotencyRecord
from tenure.container import Container


def _add_card(customer: Customer, key: str, exp_month: int) -> Any:
    response = customer.api.client.post(
        "/v1/payment_methods",
        json={"type": "card", "card": {**GOOD_CARD, "exp_month": exp_month}},
        headers={**customer.api.headers, "Idempotency-Key": key},
    )
    assert response.status_code == 201, response.text
    return response


def _stored_keys(container: Container) -> set[str]:
    with container.db.transaction(write=False) as session:
        return set(session.scalars(select(IdempotencyRecord.key)))


def test_x11_x2_idempotency_keys_are_purged_after_24_hours(
    customer: Customer, staff_api: Api, container: Container
) -> None:
    old = _add_card(customer, "key-old", 1)
    # Within 24 hours the key still answers: the same request is replayed, another is refused.
    staff_api.post("/v1/clock/advance", {"hours": 13})
    replayed = _add_card(customer, "key-old", 1)
    assert replayed.headers.get("Idempotent-Replayed") == "true"
    assert replayed.json()["id"] == old.json()["id"]
    fresh = _add_card(customer, "key-fresh", 2)
    assert _stored_keys(container) == {"key-old", "key-fresh"}

    staff_api.post("/v1/clock/advance", {"hours": 12})  # key-old is 25 h old, key-fresh 12 h

    assert _stored_keys(container) == {"key-fresh"}
    # The old key is forgotten: the same key with another body is a new request now.
    reused = _add_card(customer, "key-old", 3)
    assert reused.headers.get("Idempotent-Replayed") is None
    assert reused.json()["id"] != old.json()["id"]
    # The fresh key is kept and still replays its first response.
    again = _add_card(customer, "key-fresh", 2)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == fresh.json()["id"]
