"""Accounts through the API: staff create and find them, customers sign up and manage their
own (X-8), errors in the customer's language (X-5)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from support import Api
from tenure.auth.service import issue_access_token
from tenure.container import Container
from tenure.events.models import Event

PASSWORD = "correct horse battery"


def signed_in(api: Api, container: Container, account_id: str) -> Api:
    """A customer's API client, holding a session token of the account."""
    with container.db.transaction() as session:
        _token, secret = issue_access_token(
            session,
            kind="account",
            subject_id=account_id,
            account_id=account_id,
            now=container.clock.now(),
            ttl=timedelta(hours=1),
        )
    return Api(api.client, {"Authorization": f"Bearer {secret}"})


def new_customer(staff_api: Api, container: Container, email: str, **fields: str) -> Api:
    account = staff_api.post("/v1/accounts", {"email": email, **fields}, expect=201)
    return signed_in(staff_api, container, account["id"])


def events_of(container: Container, subject_id: str) -> list[Event]:
    with container.db.transaction() as session:
        return list(
            session.scalars(select(Event).where(Event.subject_id == subject_id).order_by(Event.seq))
        )


def test_x8_staff_creates_account_with_normalized_email(
    staff_api: Api, container: Container
) -> None:
    body = staff_api.post(
        "/v1/accounts",
        {"email": "  Ann.Berg@Example.COM ", "name": "Ann Berg", "country": "dk", "locale": "da"},
        expect=201,
    )
    assert body["id"].startswith("acct_")
    assert body["email"] == "ann.berg@example.com"
    assert (body["name"], body["country"], body["locale"]) == ("Ann Berg", "DK", "da")
    assert body["has_password"] is False
    assert body["credit"] == {"amount": 0, "currency": "USD"}
    [event] = events_of(container, body["id"])
    assert event.type == "account.created"
    assert (event.actor_kind, event.data["email"]) == ("staff", "ann.berg@example.com")


def test_x8_email_is_unique_whatever_its_case(staff_api: Api) -> None:
    staff_api.post("/v1/accounts", {"email": "bo@example.com"}, expect=201)
    body = staff_api.post("/v1/accounts", {"email": "BO@example.com"}, expect=409)
    assert body["error"]["code"] == "email_taken"
    assert body["error"]["field"] == "email"


def test_x6_bad_account_input_is_refused(staff_api: Api, anon_api: Api) -> None:
    cases = [
        ({"email": "not-an-email"}, "invalid_email"),
        ({"email": "cy@example.com", "country": "QQ"}, "invalid_country"),
        ({"email": "cy@example.com", "password": "short"}, "password_too_short"),
        ({"email": "cy@example.com", "locale": "fr"}, "invalid_request"),
    ]
    for payload, code in cases:
        assert staff_api.post("/v1/accounts", payload, expect=422)["error"]["code"] == code
    assert staff_api.get("/v1/accounts", params={"email": "cy@example.com"})["data"] == []


def test_x8_public_sign_up_needs_a_password(anon_api: Api) -> None:
    body = anon_api.post("/v1/accounts", {"email": "dee@example.com"}, expect=422)
    assert body["error"]["code"] == "password_required"
    created = anon_api.post(
        "/v1/accounts", {"email": "dee@example.com", "password": PASSWORD}, expect=201
    )
    assert created["has_password"] is True
    assert "password" not in created
    assert "password_hash" not in created
    session = anon_api.post("/v1/auth/login", {"email": "dee@example.com", "password": PASSWORD})
    assert session["account_id"] == created["id"]


def test_x3_self_sign_up_event_names_the_account_and_never_the_password(
    anon_api: Api, container: Container
) -> None:
    created = anon_api.post(
        "/v1/accounts", {"email": "eve@example.com", "password": PASSWORD}, expect=201
    )
    [event] = events_of(container, created["id"])
    assert (event.actor_kind, event.actor_id) == ("account", created["id"])
    assert PASSWORD not in str(event.data)
    assert event.data["has_password"] is True


def test_x8_unauthenticated_calls_get_401(anon_api: Api, staff_api: Api) -> None:
    account = staff_api.post("/v1/accounts", {"email": "fay@example.com"}, expect=201)
    for method, url in [
        ("GET", f"/v1/accounts/{account['id']}"),
        ("PATCH", f"/v1/accounts/{account['id']}"),
        ("GET", "/v1/accounts?email=fay@example.com"),
        ("GET", "/v1/me"),
        ("GET", "/v1/payment_methods"),
    ]:
        body = anon_api.call(method, url, expect=401, json={} if method == "PATCH" else None)
        assert body["error"]["code"] == "unauthenticated"
    bad = anon_api.get("/v1/me", expect=401, headers={"Authorization": "Bearer tnr_at_forged"})
    assert bad["error"]["code"] == "invalid_token"


def test_x8_account_cannot_read_or_change_another_account(
    staff_api: Api, container: Container
) -> None:
    gus = new_customer(staff_api, container, "gus@example.com", name="Gus")
    hal = staff_api.post("/v1/accounts", {"email": "hal@example.com", "name": "Hal"}, expect=201)
    assert gus.get(f"/v1/accounts/{hal['id']}", expect=403)["error"]["code"] == "forbidden"
    gus.patch(f"/v1/accounts/{hal['id']}", {"name": "Hacked"}, expect=403)
    assert (
        gus.get("/v1/accounts", params={"email": "hal@example.com"}, expect=403)["error"]["code"]
        == "staff_only"
    )
    # Staff see and change every account; Hal's name is untouched.
    assert staff_api.get(f"/v1/accounts/{hal['id']}")["name"] == "Hal"
    assert staff_api.patch(f"/v1/accounts/{hal['id']}", {"name": "Hal B."})["name"] == "Hal B."


def test_x8_me_and_own_account(staff_api: Api, container: Container) -> None:
    ida = new_customer(staff_api, container, "ida@example.com", name="Ida")
    me = ida.get("/v1/me")
    assert (me["email"], me["name"]) == ("ida@example.com", "Ida")
    assert ida.get(f"/v1/accounts/{me['id']}")["id"] == me["id"]
    assert staff_api.get("/v1/me", expect=403)["error"]["code"] == "staff_use_staff_route"


def test_account_update_records_changes(staff_api: Api, container: Container) -> None:
    jon = new_customer(staff_api, container, "jon@example.com", country="SE")
    me = jon.get("/v1/me")
    body = jon.patch(f"/v1/accounts/{me['id']}", {"name": "Jon", "locale": "de", "country": "de"})
    assert (body["name"], body["locale"], body["country"]) == ("Jon", "de", "DE")
    assert jon.patch(f"/v1/accounts/{me['id']}", {"country": None})["country"] is None
    updates = [e for e in events_of(container, me["id"]) if e.type == "account.updated"]
    assert [e.data["changed"] for e in updates] == [["name", "country", "locale"], ["country"]]
    assert updates[0].actor_kind == "account"


def test_x8_password_change_needs_the_current_password(anon_api: Api) -> None:
    anon_api.post("/v1/accounts", {"email": "kim@example.com", "password": PASSWORD}, expect=201)
    login = {"email": "kim@example.com", "password": PASSWORD}
    first = anon_api.post("/v1/auth/login", login)
    other = anon_api.post("/v1/auth/login", login)
    kim = Api(anon_api.client, {"Authorization": f"Bearer {first['token']}"})
    url = f"/v1/accounts/{first['account_id']}"
    new = "a much better passphrase"
    assert kim.patch(url, {"password": new}, expect=422)["error"]["code"] == (
        "current_password_required"
    )
    wrong = kim.patch(url, {"password": new, "current_password": "nope nope nope"}, expect=422)
    assert wrong["error"]["code"] == "current_password_incorrect"
    kim.patch(url, {"password": new, "current_password": PASSWORD})
    # The old password stops working, the new one works; other sessions end, this one stays.
    assert anon_api.post("/v1/auth/login", login, expect=401)["error"]["code"] == (
        "invalid_credentials"
    )
    anon_api.post("/v1/auth/login", {"email": "kim@example.com", "password": new})
    kim.get("/v1/me")
    anon_api.get("/v1/me", expect=401, headers={"Authorization": f"Bearer {other['token']}"})


def test_x8_staff_set_a_password_without_the_current_one(staff_api: Api, anon_api: Api) -> None:
    account = staff_api.post("/v1/accounts", {"email": "lea@example.com"}, expect=201)
    body = staff_api.patch(f"/v1/accounts/{account['id']}", {"password": PASSWORD})
    assert body["has_password"] is True
    anon_api.post("/v1/auth/login", {"email": "lea@example.com", "password": PASSWORD})


def test_x8_staff_find_account_by_email(staff_api: Api) -> None:
    created = staff_api.post("/v1/accounts", {"email": "max@example.com"}, expect=201)
    staff_api.post("/v1/accounts", {"email": "nor@example.com"}, expect=201)
    found = staff_api.get("/v1/accounts", params={"email": " MAX@example.com"})["data"]
    assert [a["id"] for a in found] == [created["id"]]
    assert staff_api.get("/v1/accounts", params={"email": "nobody@example.com"})["data"] == []
    listed = staff_api.get("/v1/accounts", params={"limit": 1})
    assert len(listed["data"]) == 1
    assert listed["has_more"] is True


def test_account_not_found(staff_api: Api) -> None:
    body = staff_api.get("/v1/accounts/acct_missing", expect=404)
    assert body["error"]["code"] == "account_not_found"
    assert body["error"]["account_id"] == "acct_missing"


def test_x5_errors_in_danish_and_german(staff_api: Api) -> None:
    staff_api.post("/v1/accounts", {"email": "ole@example.com"}, expect=201)
    again = {"email": "ole@example.com"}
    da = staff_api.post("/v1/accounts", again, expect=409, headers={"Accept-Language": "da"})
    assert da["error"]["message"] == "Der findes allerede en konto med denne e-mailadresse."
    de = staff_api.post("/v1/accounts", again, expect=409, headers={"Accept-Language": "de-DE"})
    assert de["error"]["message"] == "Es gibt bereits ein Konto mit dieser E-Mail-Adresse."
    en = staff_api.post("/v1/accounts", again, expect=409)
    assert en["error"]["message"] == "An account with this email address already exists."
    assert da["error"]["code"] == de["error"]["code"] == "email_taken"


def test_x5_account_language_is_used_without_a_header(staff_api: Api, container: Container) -> None:
    pia = new_customer(staff_api, container, "pia@example.com", locale="de")
    body = pia.get("/v1/payment_methods/pm_missing", expect=404)
    assert body["error"]["message"] == "Die Zahlungsmethode pm_missing wurde nicht gefunden."
    # The header still wins over the account's language.
    body = pia.get("/v1/payment_methods/pm_missing", expect=404, headers={"Accept-Language": "da"})
    assert body["error"]["message"] == "Betalingsmetoden pm_missing blev ikke fundet."
