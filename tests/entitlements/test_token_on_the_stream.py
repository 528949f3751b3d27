"""X-9 with APP-10: the status stream carries the signed offline entitlement token (a
``token`` event after every ``entitlement`` event, and a fresh one when half its lifetime
has passed), and the status endpoint answers it on request (``include=token``) in a header,
so its ETag and 304s stay what they were. Every token is verified as an app would: with the
JWKS and nothing but Ed25519 from ``cryptography``."""

from __future__ import annotations

import asyncio
import http.client
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature

from support import Api
from support.commerce import Customer, add_card
from support.servers import api_processes
from support.streams import open_stream, parse
from support.tokens import tampered, verify
from tenure.container import Container
from tenure.entitlements.stream import StreamSettings
from tenure.kit.clock import SimulatedClock


def _read_message(response: http.client.HTTPResponse) -> dict[str, Any]:
    lines: list[bytes] = []
    while True:
        line = response.readline()
        if not line:
            raise EOFError("the stream ended")
        if line in (b"\n", b"\r\n"):
            if lines:
                return parse(b"".join(lines))
            continue
        lines.append(line)


def _get_json(port: int, path: str) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=8)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        assert response.status == 200
        return json.loads(response.read())
    finally:
        conn.close()


def test_x9_app10_the_stream_carries_a_token_that_verifies_offline(
    customer: Customer, database_url: str, tmp_path: Path
) -> None:
    """Through a real server: the stream's token verifies with the JWKS alone, says what the
    entitlement event says, and a tampered one fails."""
    add_card(customer.api)
    customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    with api_processes(database_url, tmp_path, 1, session_ttl_hours=str(24 * 365 * 5)) as servers:
        port = servers[0].port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=8)
        try:
            asked = {**customer.api.headers, "Accept": "text/event-stream"}
            conn.request("GET", "/v1/me/entitlement/stream", headers=asked)
            response = conn.getresponse()
            assert response.status == 200
            assert _read_message(response) == {"retry": "2000"}
            entitlement = _read_message(response)
            assert entitlement["event"] == "entitlement"
            token_event = _read_message(response)
        finally:
            conn.close()
        jwks = _get_json(port, "/.well-known/jwks.json")
    # The server is gone: the token and the keys fetched before are all an app needs.
    assert token_event["event"] == "token" and "id" not in token_event  # Last-Event-ID stays
    data = token_event["data"]
    assert set(data) == {"token", "kid", "expires_at"}
    issued_at = verify(data["token"], jwks, now=0)["iat"]
    claims = verify(data["token"], jwks, now=issued_at)
    assert claims["sub"] == customer.id and claims["active"] is True
    assert claims["plans"] == ["vpn-monthly"]
    assert claims["connection_limit"] == entitlement["data"]["connection_limit"] == 8
    assert claims["exp"] - claims["iat"] == 72 * 3600
    with pytest.raises(InvalidSignature):
        verify(tampered(data["token"], connection_limit=99), jwks, now=issued_at)


def test_x9_app10_a_fresh_token_follows_every_change_and_comes_again_unchanged(
    customer: Customer, staff_api: Api, anon_api: Api, container: Container
) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)["id"]
    clock = container.clock
    assert isinstance(clock, SimulatedClock)
    settings = StreamSettings(
        poll_interval=0.05, keepalive_interval=0.3, recheck_interval=30, max_lifetime=20,
        token_refresh=0.6,
    )  # fmt: skip

    async def scenario() -> None:
        opened = await open_stream(container, customer, settings, with_token=True)
        assert (await opened.next()) == {"retry": "2000"}
        assert (await opened.next())["event"] == "entitlement"
        first = await opened.next()
        assert first["event"] == "token"
        jwks = await asyncio.to_thread(anon_api.get, "/.well-known/jwks.json")
        now = clock.now().timestamp()
        assert verify(first["data"]["token"], jwks, now=now)["active"] is True
        # Nothing changes, but time passes: a fresh token, valid for longer.
        clock.advance(timedelta(hours=1))
        while True:  # (one may have been signed before the clock moved)
            again = await opened.next_of("token")
            later = verify(again["data"]["token"], jwks, now=clock.now().timestamp())
            if later["iat"] == int(clock.now().timestamp()):
                break
        assert later["exp"] - verify(first["data"]["token"], jwks, now=now)["exp"] == 3600
        # A change (staff end the subscription at once): the entitlement, then its token.
        await asyncio.to_thread(
            staff_api.post, f"/v1/subscriptions/{sub}/cancel", {"at_period_end": False}
        )
        changed = await opened.next_entitlement()
        assert changed["data"]["active"] is False
        follows = await opened.next()
        assert follows["event"] == "token"
        claims = verify(follows["data"]["token"], jwks, now=clock.now().timestamp())
        assert claims["active"] is False and claims["plans"] == []
        opened.request.gone = True

    asyncio.run(scenario())


def test_x9_app10_the_status_answers_the_token_on_request_and_keeps_its_304(
    customer: Customer, anon_api: Api, container: Container
) -> None:
    add_card(customer.api)
    customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    client = customer.api.client
    headers = customer.api.headers
    plain = client.get("/v1/me/entitlement", headers=headers)
    assert plain.status_code == 200 and "x-entitlement-token" not in plain.headers
    with_token = client.get("/v1/me/entitlement?include=token", headers=headers)
    assert with_token.status_code == 200
    assert with_token.headers["etag"] == plain.headers["etag"]  # the token is not in the ETag
    assert with_token.content == plain.content
    jwks = anon_api.get("/.well-known/jwks.json")
    now = container.clock.now().timestamp()
    token = with_token.headers["x-entitlement-token"]
    assert verify(token, jwks, now=now)["sub"] == customer.id
    # Polling with the ETag: 304 while nothing changed, with a token all the same.
    clock = container.clock
    assert isinstance(clock, SimulatedClock)
    clock.advance(timedelta(hours=2))
    cached = client.get(
        "/v1/me/entitlement?include=token",
        headers={**headers, "If-None-Match": plain.headers["etag"]},
    )
    assert cached.status_code == 304 and cached.content == b""
    fresh = verify(cached.headers["x-entitlement-token"], jwks, now=clock.now().timestamp())
    assert fresh["iat"] == int(clock.now().timestamp())  # issued now, not cached
    with pytest.raises(InvalidSignature):
        verify(tampered(token, active=True, connection_limit=50), jwks, now=now)
    refused = client.get("/v1/me/entitlement?include=everything", headers=headers)
    assert refused.status_code == 422
