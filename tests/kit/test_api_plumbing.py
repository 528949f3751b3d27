"""The HTTP plumbing every endpoint shares: errors (X-6), auth (X-8), the clock (X-1)."""

from __future__ import annotations

from sqlalchemy import func, select

from support import Api
from tenure.api.idempotency import IdempotencyRecord
from tenure.container import Container


def test_x6_unknown_route_is_a_json_error(anon_api: Api) -> None:
    body = anon_api.get("/v1/nowhere", expect=404)
    assert body["error"]["code"] == "not_found"


def test_x8_clock_needs_staff(anon_api: Api) -> None:
    body = anon_api.get("/v1/clock", expect=401)
    assert body["error"]["code"] == "unauthenticated"


def test_x8_bad_api_key_refused(anon_api: Api) -> None:
    body = anon_api.get("/v1/clock", expect=401, headers={"Authorization": "Bearer tnr_sk_nope"})
    assert body["error"]["code"] == "invalid_api_key"


def test_x1_staff_advance_simulated_clock(staff_api: Api) -> None:
    before = staff_api.get("/v1/clock")["now"]
    after = staff_api.post("/v1/clock/advance", {"days": 3})["now"]
    assert before.startswith("2026-01-05T12:00:00")
    assert after.startswith("2026-01-08T12:00:00")


def test_x1_clock_never_goes_back(staff_api: Api) -> None:
    body = staff_api.post("/v1/clock/advance", {"to": "2025-01-01T00:00:00Z"}, expect=422)
    assert body["error"]["code"] == "clock_cannot_go_back"


def test_x6_validation_error_names_the_field_in_danish(staff_api: Api) -> None:
    body = staff_api.post(
        "/v1/clock/advance", {"days": "many"}, expect=422, headers={"Accept-Language": "da"}
    )
    assert body["error"]["code"] == "invalid_request"
    assert any(f["field"] == "days" for f in body["error"]["fields"])


def test_x2_sign_in_responses_are_never_stored_for_replay(
    staff_api: Api, container: Container
) -> None:
    staff_api.post(
        "/v1/accounts",
        {"email": "ana@example.com", "password": "correct horse battery"},
        expect=201,
    )
    key = {"Idempotency-Key": "login-1"}
    body = {"email": "ana@example.com", "password": "correct horse battery"}
    first = staff_api.client.post("/v1/auth/login", json=body, headers=key)
    second = staff_api.client.post("/v1/auth/login", json=body, headers=key)
    assert first.status_code == second.status_code == 200
    assert first.json()["token"] != second.json()["token"]
    with container.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
