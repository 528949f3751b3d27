"""Reading the entitlement stream (APP-10) in process: open a customer's stream on a
container and read its messages one by one."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from support.commerce import Customer
from tenure.container import Container
from tenure.entitlements import endpoints, stream
from tenure.entitlements.stream import Snapshot, StreamSettings


def token_of(customer: Customer) -> str:
    return str(customer.api.headers["Authorization"]).removeprefix("Bearer ")


def parse(chunk: bytes) -> dict[str, Any]:
    """One SSE message: its fields; ``data`` decoded from JSON."""
    fields: dict[str, Any] = {}
    for line in chunk.decode().splitlines():
        if not line:
            continue
        if line.startswith(":"):
            fields["comment"] = line[1:].strip()
            continue
        name, _, value = line.partition(": ")
        fields[name] = json.loads(value) if name == "data" else value
    return fields


# --------------------------------------------------------------------------- in process


class FakeRequest:
    """What the stream asks of the request: whether the client has gone."""

    def __init__(self) -> None:
        self.gone = False

    async def is_disconnected(self) -> bool:
        return self.gone


@dataclass
class Opened:
    request: FakeRequest
    events: AsyncIterator[bytes]
    first: Snapshot

    async def next(self, within: float = 3.0) -> dict[str, Any]:
        return parse(await asyncio.wait_for(anext(self.events), timeout=within))

    async def next_entitlement(self, within: float = 3.0) -> dict[str, Any]:
        deadline = time.monotonic() + within
        while True:
            message = await self.next(max(0.01, deadline - time.monotonic()))
            if message.get("event") in ("entitlement", "error"):
                return message

    async def next_of(self, kind: str, within: float = 3.0) -> dict[str, Any]:
        """The next message of event type ``kind`` (keep-alives and others skipped)."""
        deadline = time.monotonic() + within
        while True:
            message = await self.next(max(0.01, deadline - time.monotonic()))
            if message.get("event") in (kind, "error"):
                return message


FAST = StreamSettings(
    poll_interval=0.05, keepalive_interval=0.3, recheck_interval=30, max_lifetime=20
)


async def open_stream(
    container: Container,
    customer: Customer,
    settings: StreamSettings = FAST,
    resume_from: str | None = None,
    with_token: bool = False,
) -> Opened:
    def read() -> tuple[Any, str, Snapshot]:
        return endpoints._read(
            container,
            request=Request({"type": "http"}),  # a customer's: no route needed
            bearer=token_of(customer),
            accept_language=None,
            product=None,
            who=endpoints.Asking(),
        )

    subject, locale, first = await asyncio.to_thread(read)

    async def take() -> Snapshot:
        return (await asyncio.to_thread(read))[2]

    def read_token() -> bytes:
        return endpoints._read_token(
            container,
            request=Request({"type": "http"}),
            bearer=token_of(customer),
            product=None,
            client=None,
        )

    async def take_token() -> bytes:
        return await asyncio.to_thread(read_token)

    request = FakeRequest()
    events = stream.entitlement_events(
        request,  # type: ignore[arg-type]
        watcher=stream.EventWatcher(container.db, settings),
        account_id=subject.account_id,
        first=first,
        take=take,
        resume_from=resume_from,
        locale=locale,
        settings=settings,
        take_token=take_token if with_token else None,
        token_refresh=settings.token_refresh or 3600.0,
    )
    return Opened(request, events, first)
