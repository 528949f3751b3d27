"""Customer sign-in (X-8): password, one-time magic link, session expiry and sign-out."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from support import Api
from tenure.container import Container
from tenure.events.models import Event
from tenure.kit.clock import SimulatedClock
from tenure.notifications.models import Email
from tenure.notifications.service import rendered

PASSWORD = "correct horse battery"


def sign_up(api: Api, email: str, **fields: str) -> dict[str, str]:
    created: dict[str, str] = api.post(
        "/v1/accounts", {"email": email, "password": PASSWORD, **fields}, expect=201
    )
    return created


def bearer(api: Api, token: str) -> Api:
    return Api(api.client, {"Authorization": f"Bearer {token}"})


def sign_in_emails(container: Container, address: str) -> list[Email]:
    with container.db.transaction() as session:
        return list(
            session.scalars(
                select(Email)
                .where(Email.to_address == address, Email.template == "magic_link")
                .order_by(Email.created_at, Email.id)
            )
        )


def token_of(email: Email) -> str:
    link = str(email.context["link"])
    assert link.startswith("http://127.0.0.1:8000/sign-in?token=")
    return parse_qs(urlsplit(link).query)["token"][0]


def test_x8_sign_in_with_password(anon_api: Api, container: Container) -> None:
    account = sign_up(anon_api, "ann@example.com")
    body = anon_api.post("/v1/auth/login", {"email": "ANN@example.com", "password": PASSWORD})
    assert body["account_id"] == account["id"]
    assert body["token"].startswith("tnr_at_")
    ttl = timedelta(hours=container.settings.session_ttl_hours)
    assert datetime.fromisoformat(body["expires_at"]) == container.clock.now() + ttl
    assert bearer(anon_api, body["token"]).get("/v1/me")["id"] == account["id"]
    with container.db.transaction() as session:
        types = session.scalars(select(Event.type).where(Event.account_id == account["id"]))
        assert "account.signed_in" in list(types)


def test_x8_wrong_password_and_unknown_email_look_the_same(anon_api: Api) -> None:
    sign_up(anon_api, "bo@example.com")
    wrong = anon_api.post(
        "/v1/auth/login", {"email": "bo@example.com", "password": "wrong password!"}, expect=401
    )
    unknown = anon_api.post(
        "/v1/auth/login", {"email": "nobody@example.com", "password": PASSWORD}, expect=401
    )
    malformed = anon_api.post(
        "/v1/auth/login", {"email": "not an email", "password": PASSWORD}, expect=401
    )
    assert wrong == unknown == malformed
    assert wrong["error"]["code"] == "invalid_credentials"


def test_x8_account_without_password_cannot_sign_in_with_one(staff_api: Api, anon_api: Api) -> None:
    staff_api.post("/v1/accounts", {"email": "cy@example.com"}, expect=201)
    body = anon_api.post("/v1/auth/login", {"email": "cy@example.com", "password": ""}, expect=401)
    assert body["error"]["code"] == "invalid_credentials"


def test_x8_session_expires(anon_api: Api, clock: SimulatedClock, container: Container) -> None:
    """A session lasts ``session_ttl_hours`` (30 days by default) and then stops working."""
    sign_up(anon_api, "dee@example.com")
    session = anon_api.post("/v1/auth/login", {"email": "dee@example.com", "password": PASSWORD})
    me = bearer(anon_api, session["token"])
    clock.advance(timedelta(hours=container.settings.session_ttl_hours) - timedelta(seconds=1))
    me.get("/v1/me")
    clock.advance(timedelta(seconds=1))
    assert me.get("/v1/me", expect=401)["error"]["code"] == "invalid_token"


def test_x8_logged_out_token_stops_working(anon_api: Api) -> None:
    sign_up(anon_api, "eve@example.com")
    login = {"email": "eve@example.com", "password": PASSWORD}
    mine = bearer(anon_api, anon_api.post("/v1/auth/login", login)["token"])
    other = bearer(anon_api, anon_api.post("/v1/auth/login", login)["token"])
    assert mine.post("/v1/auth/logout", expect=204) is None
    assert mine.get("/v1/me", expect=401)["error"]["code"] == "invalid_token"
    assert mine.post("/v1/auth/logout", expect=401)["error"]["code"] == "invalid_token"
    other.get("/v1/me")  # only the presented session ended


def test_x8_staff_api_key_is_not_signed_out(staff_api: Api) -> None:
    body = staff_api.post("/v1/auth/logout", expect=422)
    assert body["error"]["code"] == "not_a_session"
    staff_api.get("/v1/accounts")


def test_x8_magic_link_signs_in_once(staff_api: Api, anon_api: Api, container: Container) -> None:
    account = staff_api.post(
        "/v1/accounts", {"email": "fay@example.com", "name": "Fay", "locale": "da"}, expect=201
    )
    body = anon_api.post("/v1/auth/magic-links", {"email": "Fay@Example.com"}, expect=202)
    assert body == {"status": "accepted", "expires_minutes": 15}
    [email] = sign_in_emails(container, "fay@example.com")
    assert email.locale == "da"
    assert email.context["name"] == "Fay"
    assert email.context["expires_minutes"] == 15
    token = token_of(email)
    session = anon_api.post("/v1/auth/magic-links/redeem", {"token": token})
    assert session["account_id"] == account["id"]
    assert bearer(anon_api, session["token"]).get("/v1/me")["email"] == "fay@example.com"
    again = anon_api.post("/v1/auth/magic-links/redeem", {"token": token}, expect=401)
    assert again["error"]["code"] == "invalid_magic_link"


def test_x8_magic_link_expires(
    staff_api: Api, anon_api: Api, container: Container, clock: SimulatedClock
) -> None:
    staff_api.post("/v1/accounts", {"email": "gus@example.com"}, expect=201)
    anon_api.post("/v1/auth/magic-links", {"email": "gus@example.com"}, expect=202)
    anon_api.post("/v1/auth/magic-links", {"email": "gus@example.com"}, expect=202)
    early, late = (token_of(e) for e in sign_in_emails(container, "gus@example.com"))
    clock.advance(timedelta(minutes=15))
    expired = anon_api.post("/v1/auth/magic-links/redeem", {"token": early}, expect=401)
    assert expired["error"]["code"] == "invalid_magic_link"
    clock.advance(timedelta(minutes=1))
    anon_api.post("/v1/auth/magic-links/redeem", {"token": late}, expect=401)


def test_x11_magic_link_points_at_the_vendors_sign_in_page(
    staff_api: Api, anon_api: Api, container: Container
) -> None:
    """TENURE_SIGN_IN_URL is the page the emailed link opens (Tenure serves no /sign-in);
    the page's own query parameters are kept and the token is added."""
    page = "https://vault.example/account/sign-in?from=email"
    container.settings = container.settings.model_copy(update={"sign_in_url": page})
    account = staff_api.post("/v1/accounts", {"email": "kim@example.com"}, expect=201)
    anon_api.post("/v1/auth/magic-links", {"email": "kim@example.com"}, expect=202)

    [email] = sign_in_emails(container, "kim@example.com")
    text = rendered(email)
    link = str(email.context["link"])
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://vault.example/account/sign-in"
    query = parse_qs(parts.query)
    assert query["from"] == ["email"]
    assert link in text.text
    assert link.replace("&", "&amp;") in text.html
    session = anon_api.post("/v1/auth/magic-links/redeem", {"token": query["token"][0]})
    assert session["account_id"] == account["id"]


def test_x8_magic_link_for_unknown_email_answers_the_same(
    anon_api: Api, container: Container
) -> None:
    sign_up(anon_api, "hal@example.com")
    known = anon_api.post("/v1/auth/magic-links", {"email": "hal@example.com"}, expect=202)
    unknown = anon_api.post("/v1/auth/magic-links", {"email": "ida@example.com"}, expect=202)
    assert known == unknown
    assert sign_in_emails(container, "ida@example.com") == []
    assert len(sign_in_emails(container, "hal@example.com")) == 1
    forged = anon_api.post("/v1/auth/magic-links/redeem", {"token": "forged"}, expect=401)
    assert forged["error"]["code"] == "invalid_magic_link"
    bad = anon_api.post("/v1/auth/magic-links", {"email": "no at sign"}, expect=422)
    assert bad["error"]["code"] == "invalid_email"


def test_x5_sign_in_error_in_german(anon_api: Api) -> None:
    body = anon_api.post(
        "/v1/auth/login",
        {"email": "jon@example.com", "password": PASSWORD},
        expect=401,
        headers={"Accept-Language": "de"},
    )
    assert body["error"]["message"] == "E-Mail-Adresse oder Passwort ist falsch."
