"""X-9: the entitlement as a signed, short-lived token an app verifies offline. Signed with
PyJWT on the server; verified here with nothing but Ed25519 from ``cryptography`` and the
published JWKS — another implementation, as an app's would be. A rotated key's tokens keep
verifying until they expire; a tampered token fails."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidSignature

from support import Api
from support.commerce import Customer, add_card
from support.tokens import unb64 as _unb64
from support.tokens import verify
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.clock import SimulatedClock
from tenure.signing import service as signing


def test_x9_a_signed_token_verifies_offline_and_says_what_the_user_may_use(
    customer: Customer, anon_api: Api, container: Container
) -> None:
    add_card(customer.api)
    customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    issued = customer.api.get("/v1/me/entitlement/token")
    jwks = anon_api.get("/.well-known/jwks.json")
    now = container.clock.now().timestamp()
    claims = verify(issued["token"], jwks, now=now)
    assert claims["sub"] == customer.id and claims["active"] is True
    assert claims["plans"] == ["vpn-monthly"] and claims["connection_limit"] == 8
    assert claims["access_until"] == "2026-02-05T12:00:00Z"
    assert claims["exp"] - claims["iat"] == 72 * 3600
    # The next charge, the last moment to cancel and where to manage it (APP-12), as the
    # status shows them.
    shown = customer.api.get("/v1/me/entitlement")["subscriptions"][0]
    sub = claims["subscriptions"][0]
    assert sub["next_charge_at"] == shown["next_charge"]["at"] == "2026-02-05T12:00:00Z"
    assert sub["cancel_by"] == shown["next_charge"]["cancel_by"]
    assert sub["manage_url"] == shown["manage"]["url"] and sub["manage_url"]
    assert (sub["channel"], sub["managed_by"], sub["renews"]) == ("web", "you", True)
    assert issued["expires_at"] == "2026-01-08T12:00:00Z"
    # The server may be gone: the token and the key already fetched are all the app needs.
    # A tampered token fails.
    head, payload, signature = issued["token"].split(".")
    forged = json.loads(_unb64(payload)) | {"connection_limit": 99}
    forged_b64 = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    with pytest.raises(InvalidSignature):
        verify(f"{head}.{forged_b64}.{signature}", jwks, now=now)
    # And it expires.
    with pytest.raises(ValueError, match="expired"):
        verify(issued["token"], jwks, now=now + 73 * 3600)


def test_x9_a_rotated_keys_tokens_verify_until_they_expire(
    customer: Customer, anon_api: Api, container: Container
) -> None:
    old = customer.api.get("/v1/me/entitlement/token")
    with container.db.transaction() as session:  # what `tenure keys rotate` does
        signing.rotate(
            session,
            secret_key=container.settings.secret_key,
            ttl=timedelta(hours=72),
            now=container.clock.now(),
            actor=Actor.system(),
        )
    new = customer.api.get("/v1/me/entitlement/token")
    assert new["kid"] != old["kid"]  # the new key signs from now on
    jwks = anon_api.get("/.well-known/jwks.json")
    assert {k["kid"] for k in jwks["keys"]} == {old["kid"], new["kid"]}
    now = container.clock.now().timestamp()
    assert verify(old["token"], jwks, now=now)["sub"] == customer.id  # still verifies
    # When the old key's last token has expired, it is no longer published.
    clock = container.clock
    assert isinstance(clock, SimulatedClock)
    clock.advance(timedelta(hours=72, seconds=1))
    later = anon_api.get("/.well-known/jwks.json")
    assert [k["kid"] for k in later["keys"]] == [new["kid"]]
    with pytest.raises(StopIteration):  # no key verifies the old token any more
        verify(old["token"], later, now=clock.now().timestamp())
