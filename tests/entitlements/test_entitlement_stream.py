"""The entitlement push stream (APP-10): server-sent events with the entitlement at once and
again within seconds of a change made on ANY API process; keep-alives, Last-Event-ID,
disconnects, a maximum lifetime, and a credential that stops working ends the stream."""

from __future__ import annotations

import asyncio
import http.client
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from support import Api
from support.commerce import Customer, add_card, make_customer
from support.servers import Server, api_processes
from support.streams import open_stream, parse
from tenure.catalog.service import load_catalog
from tenure.container import Container
from tenure.entitlements.stream import SeqCursor, StreamSettings
from tenure.kit.actor import Actor
from tenure.kit.ids import new_id
from tenure.subscriptions.models import Subscription

CATALOG = """
vendor: Stream tests
products:
  - code: vpn
    name: Test VPN
    platforms: [windows, ios]
    plans:
      - code: vpn-web-1m
        name: VPN monthly
        kind: personal
        billing_period_months: 1
        prices: {USD: 1299}
        connection_limit: 8
        features: [vpn]
      - code: vpn-app-12m
        name: VPN 12 months (App Store)
        kind: personal
        billing_period_months: 12
        prices: {USD: 9999}
        channels: [app_store]
        payment_methods: []
        connection_limit: 5
        features: [vpn]
"""


@pytest.fixture
def owner(staff_api: Api, container: Container) -> Customer:
    with container.db.transaction() as session:
        load_catalog(session, source=CATALOG, now=container.clock.now(), actor=Actor("staff"))
    customer = make_customer(staff_api, "owner@example.com")
    add_card(customer.api)
    return customer


def buy(customer: Customer, plan: str = "vpn-web-1m") -> str:
    return str(customer.api.post("/v1/subscriptions", {"plan": plan}, expect=201)["id"])


def test_app10_the_stream_sends_the_entitlement_then_every_change(
    owner: Customer, staff_api: Api, container: Container
) -> None:
    sub = buy(owner)

    async def scenario() -> None:
        opened = await open_stream(container, owner)
        assert (await opened.next()) == {"retry": "2000"}
        first = await opened.next()
        assert first["event"] == "entitlement" and first["id"] == opened.first.event_id
        assert first["data"]["active"] is True and first["data"]["subscriptions"][0]["renews"]
        # Nothing changes: keep-alive comments only.
        assert (await opened.next())["comment"] == "keep-alive"
        await asyncio.to_thread(
            staff_api.post, f"/v1/subscriptions/{sub}/auto_renew", {"enabled": False}
        )
        changed = await opened.next_entitlement()
        assert changed["data"]["subscriptions"][0]["renews"] is False
        assert changed["id"] != first["id"]
        # An event that does not change the entitlement sends nothing new.
        await asyncio.to_thread(owner.api.post, "/v1/devices/link-codes", None, 201)
        assert (await opened.next())["comment"] == "keep-alive"
        opened.request.gone = True  # the client leaves: the stream ends
        with pytest.raises(StopAsyncIteration):
            await opened.next()

    asyncio.run(scenario())


def test_app10_last_event_id_resumes_without_repeating(
    owner: Customer, staff_api: Api, container: Container
) -> None:
    sub = buy(owner)

    async def scenario() -> None:
        first = await open_stream(container, owner)
        etag_id = first.first.event_id
        resumed = await open_stream(container, owner, resume_from=etag_id)
        await resumed.next()  # retry
        assert (await resumed.next())["comment"].startswith("resumed")
        # Resuming from an older state sends the current one at once.
        await asyncio.to_thread(
            staff_api.post, f"/v1/subscriptions/{sub}/cancel", {"at_period_end": True}
        )
        stale = await open_stream(container, owner, resume_from=etag_id)
        await stale.next()
        message = await stale.next()
        assert message["event"] == "entitlement" and message["id"] != etag_id

    asyncio.run(scenario())


def test_app10_the_stream_ends_at_its_lifetime_and_when_the_session_ends(
    owner: Customer, container: Container
) -> None:
    buy(owner)
    short = StreamSettings(
        poll_interval=0.05, keepalive_interval=10, recheck_interval=0.2, max_lifetime=0.6
    )

    async def scenario() -> None:
        opened = await open_stream(container, owner, short)
        await opened.next()
        await opened.next()
        started = time.monotonic()
        assert "maximum lifetime" in (await opened.next())["comment"]
        assert time.monotonic() - started < 2
        with pytest.raises(StopAsyncIteration):
            await opened.next()

        # Signing out ends the stream with an error event (found by the periodic re-read).
        live = await open_stream(container, owner, replace(short, max_lifetime=20))
        await live.next()
        await live.next()
        await asyncio.to_thread(owner.api.post, "/v1/auth/logout", None, 204)
        error = await live.next_entitlement()
        assert error["event"] == "error" and error["data"]["error"]["code"] == "invalid_token"
        with pytest.raises(StopAsyncIteration):
            await live.next()

    asyncio.run(scenario())


def test_app10_stream_http_errors_before_it_starts(owner: Customer, staff_api: Api) -> None:
    client = owner.api.client
    assert client.get("/v1/me/entitlement/stream").json()["error"]["code"] == "unauthenticated"
    refused = client.get("/v1/me/entitlement/stream", headers=staff_api.headers)
    assert refused.status_code == 403
    bad = client.get(
        "/v1/me/entitlement/stream",
        headers={**owner.api.headers, "X-App-Platform": "ios", "X-App-Version": "x"},
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_client_version"


def test_app10_the_cursor_asks_again_for_rows_committed_out_of_order() -> None:
    """On PostgreSQL row 11 may commit before row 10: 10 is asked for until it appears (or
    the hole is old enough to be a rolled-back transaction's)."""
    cursor = SeqCursor(last=9, patience=5)
    cursor.advance([11, 13], now=0)
    assert (cursor.last, sorted(cursor.gaps)) == (13, [10, 12])
    cursor.advance([10], now=1)
    assert (cursor.last, sorted(cursor.gaps)) == (13, [12])
    cursor.advance([], now=7)  # 12 was rolled back: forgotten after the patience
    assert cursor.gaps == {}
    capped = SeqCursor(last=0, patience=5, max_gaps=3)
    capped.advance([10], now=0)
    assert sorted(capped.gaps) == [7, 8, 9]  # only the newest holes are kept


# --------------------------------------------------------------------------- two processes


@pytest.fixture
def two_servers(database_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two real API processes (uvicorn) on the test database, each with its own watcher."""
    with api_processes(database_url, tmp_path, 2, session_ttl_hours=str(24 * 365 * 5)) as servers:
        yield servers[0], servers[1]


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


def test_app10_a_change_on_one_process_reaches_a_stream_on_another(
    owner: Customer, staff: dict[str, str], container: Container, two_servers: Any
) -> None:
    server_a, server_b = two_servers
    sub = buy(owner)
    store = _insert_store_subscription(container, owner.id)

    stream_conn = http.client.HTTPConnection("127.0.0.1", server_a.port, timeout=8)
    try:
        stream_conn.request(
            "GET", "/v1/me/entitlement/stream", headers={"Authorization": owner.api.headers[
                "Authorization"], "Accept": "text/event-stream"}
        )  # fmt: skip
        response = stream_conn.getresponse()
        assert response.status == 200, response.read()
        assert response.getheader("content-type", "").startswith("text/event-stream")
        assert _read_message(response) == {"retry": "2000"}
        first = _read_message(response)
        assert first["event"] == "entitlement"
        assert first["data"]["channels"] == ["app_store", "web"]
        assert first["data"]["connection_limit"] == 8

        # Staff end the web subscription at once, through the OTHER process.
        changed_at = time.monotonic()
        other = http.client.HTTPConnection("127.0.0.1", server_b.port, timeout=8)
        try:
            other.request(
                "POST", f"/v1/subscriptions/{sub}/cancel",
                body=json.dumps({"at_period_end": False}),
                headers={**staff, "Content-Type": "application/json"},
            )  # fmt: skip
            reply = other.getresponse()
            assert reply.status == 200, reply.read()
        finally:
            other.close()

        while True:  # keep-alives may come first; each read is bounded by the socket timeout
            message = _read_message(response)
            if message.get("event") == "entitlement":
                break
            assert time.monotonic() - changed_at < 8
        elapsed = time.monotonic() - changed_at
        assert message["data"]["subscription_ids"] == [store]
        assert message["data"]["channels"] == ["app_store"]
        assert message["data"]["connection_limit"] == 5  # APP-4: the store's limit now
        assert elapsed < 5, f"the change took {elapsed:.1f}s to arrive"
    finally:
        stream_conn.close()


def _insert_store_subscription(container: Container, account_id: str) -> str:
    now = container.clock.now()
    sub_id = new_id("sub")
    with container.db.transaction() as session:
        session.add(
            Subscription(
                id=sub_id, account_id=account_id, product_code="vpn", plan_code="vpn-app-12m",
                catalog_version=1, channel="app_store", status="active", quantity=1,
                currency="USD", unit_amount=9999, billing_period_months=12, auto_renew=True,
                start_at=now, anchor_at=now, period_offset_months=0, current_period_start=now,
                current_period_end=now + relativedelta(months=12), cancel_at_period_end=False,
                created_at=now, updated_at=now,
            )
        )  # fmt: skip
    return sub_id
