"""X-8: failed sign-ins are throttled — per email (or license username) and per client — so
passwords cannot be guessed at speed. The answer is the same whether or not the account
exists; a throttled sign-in is refused even with the right password, until the window
passes."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from support import Api
from support.commerce import make_customer
from tenure.auth.models import SignInFailure
from tenure.container import Container
from tenure.scheduler.runner import sweep

PASSWORD = "correct horse battery"  # support.commerce.make_customer's


def _login(client: TestClient, email: str, password: str, **headers: str) -> Any:
    return client.post(
        "/v1/auth/login", json={"email": email, "password": password}, headers=headers
    )


def test_x8_ten_wrong_passwords_lock_the_email_then_the_window_passes(
    staff_api: Api, container: Container
) -> None:
    make_customer(staff_api, "kim@example.com")
    make_customer(staff_api, "lee@example.com")
    client = staff_api.client
    for _ in range(10):
        answer = _login(client, "kim@example.com", "wrong password")
        assert answer.status_code == 401
        assert answer.json()["error"]["code"] == "invalid_credentials"
    refused = _login(client, "KIM@example.com ", PASSWORD)  # the right one, any spelling
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert refused.headers["Retry-After"] == str(error["retry_after"])
    assert 0 < error["retry_after"] <= 15 * 60
    assert f"Try again in {error['retry_after']} seconds" in error["message"]
    danish = _login(client, "kim@example.com", PASSWORD, **{"Accept-Language": "da"})
    assert danish.status_code == 429 and "Prøv igen" in danish.json()["error"]["message"]
    assert _login(client, "lee@example.com", PASSWORD).status_code == 200  # another email
    staff_api.post("/v1/clock/advance", {"minutes": 15})
    assert _login(client, "kim@example.com", PASSWORD).status_code == 200


def test_x8_an_unknown_email_is_throttled_alike(staff_api: Api) -> None:
    client = staff_api.client
    answers = [_login(client, "nobody@example.com", "guess").status_code for _ in range(11)]
    assert answers == [401] * 10 + [429]


def test_x8_many_failures_from_one_client_lock_it_for_every_email(staff_api: Api) -> None:
    make_customer(staff_api, "kim@example.com")
    client = staff_api.client
    for n in range(50):  # below ten per email, fifty from this client
        assert _login(client, f"guess{n % 10}@example.com", "guess").status_code == 401
    assert _login(client, "kim@example.com", PASSWORD).status_code == 429


def test_x8_vl10_license_sign_in_is_throttled_too(staff_api: Api) -> None:
    client = staff_api.client

    def sign_in() -> int:
        body = {"username": "LIC-NOBODY", "password": "guess"}
        return client.post("/v1/licenses/sign-in", json=body).status_code

    assert [sign_in() for _ in range(11)] == [401] * 10 + [429]


def test_x8_housekeeping_deletes_failures_older_than_a_day(
    staff_api: Api, container: Container
) -> None:
    _login(staff_api.client, "nobody@example.com", "guess")

    def kept() -> int:
        with container.db.transaction(write=False) as session:
            return int(session.scalar(select(func.count()).select_from(SignInFailure)) or 0)

    assert kept() == 2  # the name and the client
    staff_api.post("/v1/clock/advance", {"hours": 25})
    sweep(container)
    assert kept() == 0
