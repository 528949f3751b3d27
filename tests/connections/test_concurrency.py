"""DEV-4: the limit holds under concurrent connects — with 64 clients connecting at once
against a limit of 8, exactly 8 are admitted, round after round, on SQLite and PostgreSQL.

These tests use real threads and real, separate database connections and transactions (no
TestClient): each thread runs the connect service in its own transaction, as 64 API
requests in several processes would. One more round goes through a real HTTP server.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import pytest
import uvicorn
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from support import Api
from support.commerce import Customer
from support.devices import buy, device_catalog, owner
from support.servers import api_processes, free_port
from tenure.app import create_app
from tenure.auth.service import issue_access_token
from tenure.connections import service
from tenure.connections.models import ConnectionLease
from tenure.container import Container
from tenure.devices.models import Device
from tenure.kit.actor import Actor
from tenure.kit.db import _make_engine
from tenure.kit.errors import Conflict
from tenure.kit.ids import new_id

__all__ = ["device_catalog", "owner"]

CLIENTS = 64
LIMIT = 8
TTL = timedelta(seconds=120)


def _make_devices(container: Container, account_id: str, count: int) -> list[Device]:
    now = container.clock.now()
    devices = [
        Device(
            id=new_id("dev"),
            account_id=account_id,
            name=f"Device {n}",
            platform="linux",
            is_vm=n % 4 == 0,
            linked_at=now,
            updated_at=now,
        )
        for n in range(count)
    ]
    with container.db.transaction() as session:
        session.add_all(devices)
    return devices


@dataclass
class Outcome:
    admitted: int = 0
    refused: int = 0
    errors: list[BaseException] = field(default_factory=list)


def _race(count: int, attempt: Callable[[int], bool]) -> Outcome:
    """Run ``attempt(i)`` in ``count`` threads released together by a barrier."""
    barrier = threading.Barrier(count)
    lock = threading.Lock()
    outcome = Outcome(errors=[])

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            admitted = attempt(index)
        except BaseException as exc:  # collected and reported by the test
            with lock:
                assert outcome.errors is not None
                outcome.errors.append(exc)
            return
        with lock:
            if admitted:
                outcome.admitted += 1
            else:
                outcome.refused += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcome


@pytest.fixture
def sessions(container: Container) -> Iterator[sessionmaker[Session]]:
    """A session factory without a pool: every thread gets its own connection."""
    if container.db.is_sqlite:  # BEGIN IMMEDIATE for writers, as the app does
        engine = _make_engine(container.db.url, immediate=True, pool=False)
    else:
        engine = create_engine(container.db.url, poolclass=NullPool)
    yield sessionmaker(engine, expire_on_commit=False)
    engine.dispose()


def _live(container: Container, account_id: str) -> int:
    with container.db.transaction() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(ConnectionLease)
                .where(
                    ConnectionLease.account_id == account_id,
                    ConnectionLease.ended_at.is_(None),
                    ConnectionLease.expires_at > container.clock.now(),
                )
            )
            or 0
        )


def _end_all(container: Container, account_id: str) -> None:
    with container.db.transaction() as session:
        session.execute(
            update(ConnectionLease)
            .where(ConnectionLease.account_id == account_id, ConnectionLease.ended_at.is_(None))
            .values(ended_at=container.clock.now(), end_reason="released")
        )


def test_dev4_64_concurrent_connects_admit_exactly_8_every_round(
    owner: Customer, container: Container, sessions: sessionmaker[Session]
) -> None:
    devices = _make_devices(container, owner.id, CLIENTS)
    holder = service.Holder.account(owner.id)

    def attempt(index: int) -> bool:
        with sessions() as session, session.begin():
            try:
                service.connect(
                    session,
                    holder=holder,
                    device=devices[index],
                    limit=LIMIT,
                    ttl=TTL,
                    now=container.clock.now(),
                    actor=Actor("device", devices[index].id),
                )
            except Conflict as exc:
                if (
                    exc.code != "connection_limit_reached"
                    or len(cast(list[Any], exc.params["connections"])) != LIMIT
                ):
                    raise
                return False
            return True

    rounds = 5 if container.db.is_sqlite else 10
    for round_number in range(rounds):
        if round_number % 2:
            # Stale leases (lapsed, never released) must not take slots either.
            with container.db.transaction() as session:
                for device in devices[:3]:
                    session.add(
                        ConnectionLease(
                            id=new_id("con"),
                            holder_type="account",
                            holder_id=owner.id,
                            account_id=owner.id,
                            device_id=device.id,
                            is_vm=device.is_vm,
                            started_at=container.clock.now() - TTL * 2,
                            heartbeat_at=container.clock.now() - TTL * 2,
                            expires_at=container.clock.now() - TTL,
                            checked_at=container.clock.now() - TTL * 2,
                        )
                    )
        outcome = _race(CLIENTS, attempt)
        assert outcome.errors == [], outcome.errors[:3]
        assert (outcome.admitted, outcome.refused) == (LIMIT, CLIENTS - LIMIT), round_number
        assert _live(container, owner.id) == LIMIT
        _end_all(container, owner.id)


def test_dev4_concurrent_heartbeats_and_connects_never_exceed_the_limit(
    owner: Customer, container: Container, sessions: sessionmaker[Session], staff_api: Api
) -> None:
    """Eight leases lapse while 8 of them beat late and 56 newcomers connect, all at once:
    never more than 8 live leases afterwards."""
    devices = _make_devices(container, owner.id, CLIENTS)
    holder = service.Holder.account(owner.id)
    first: list[str] = []
    with container.db.transaction() as session:
        for device in devices[:LIMIT]:
            lease, _ = service.connect(
                session,
                holder=holder,
                device=device,
                limit=LIMIT,
                ttl=TTL,
                now=container.clock.now(),
                actor=Actor.system(),
            )
            first.append(lease.id)
    staff_api.post("/v1/clock/advance", {"seconds": 121})  # all eight lapsed

    def attempt(index: int) -> bool:
        with sessions() as session, session.begin():
            try:
                if index < LIMIT:
                    lease = service.device_lease(
                        session, lease_id=first[index], device_id=devices[index].id
                    )
                    service.heartbeat(
                        session, lease=lease, limit=LIMIT, ttl=TTL, now=container.clock.now()
                    )
                else:
                    service.connect(
                        session,
                        holder=holder,
                        device=devices[index],
                        limit=LIMIT,
                        ttl=TTL,
                        now=container.clock.now(),
                        actor=Actor.system(),
                    )
            except Conflict as exc:
                if exc.code not in ("connection_limit_reached", "connection_ended"):
                    raise
                return False
            return True

    outcome = _race(CLIENTS, attempt)
    assert outcome.errors == [], outcome.errors[:3]
    assert outcome.admitted == LIMIT
    assert _live(container, owner.id) == LIMIT


# ----------------------------------------------------------------------------- over HTTP


@pytest.fixture
def live_server(container: Container) -> Iterator[int]:
    """The app served by uvicorn on a free loopback port, in this process."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(container), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    yield port
    server.should_exit = True
    thread.join(timeout=20)


def _device_tokens(container: Container, account_id: str) -> list[str]:
    devices = _make_devices(container, account_id, CLIENTS)
    tokens: list[str] = []
    with container.db.transaction() as session:
        for device in devices:
            _token, secret = issue_access_token(
                session,
                kind="device",
                subject_id=device.id,
                account_id=account_id,
                now=container.clock.now(),
                ttl=None,
            )
            tokens.append(secret)
    return tokens


def _http_race(tokens: list[str], ports: list[int]) -> tuple[Outcome, list[int]]:
    """Every token connects at once, spread over the servers on ``ports``."""
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(index: int) -> bool:
        port = ports[index % len(ports)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(
                "POST", "/v1/connections", headers={"Authorization": f"Bearer {tokens[index]}"}
            )
            response = conn.getresponse()
            raw = response.read()
            body: dict[str, Any] = (
                json.loads(raw) if response.status != 500 else {"raw": raw.decode()}
            )
        finally:
            conn.close()
        with lock:
            statuses.append(response.status)
        if response.status == 409:
            assert body["error"]["code"] == "connection_limit_reached"
        return response.status == 201

    return _race(len(tokens), attempt), statuses


def test_dev4_64_concurrent_http_connects_admit_exactly_8(
    owner: Customer, container: Container, live_server: int
) -> None:
    buy(owner, "vpn-web-1m")
    tokens = _device_tokens(container, owner.id)
    outcome, statuses = _http_race(tokens, [live_server])
    assert outcome.errors == [], outcome.errors[:3]
    assert sorted(set(statuses)) == [201, 409]
    assert (outcome.admitted, outcome.refused) == (LIMIT, CLIENTS - LIMIT)
    assert _live(container, owner.id) == LIMIT


@pytest.fixture
def two_processes(database_url: str, tmp_path: Path) -> Iterator[list[int]]:
    """Two API processes (uvicorn) on the test database, on the tests' simulated clock."""
    with api_processes(database_url, tmp_path, 2) as servers:
        yield [server.port for server in servers]


def test_dev4_64_connects_through_two_server_processes_admit_exactly_8(
    owner: Customer, container: Container, two_processes: list[int]
) -> None:
    """Each process runs its waiting device requests together (SQLite: in one write
    transaction; PostgreSQL: in one transaction that skips an account locked by the other
    process and runs that request alone, waiting): across them the limit still holds."""
    buy(owner, "vpn-web-1m")
    tokens = _device_tokens(container, owner.id)
    outcome, statuses = _http_race(tokens, two_processes)
    assert outcome.errors == [], outcome.errors[:3]
    assert sorted(set(statuses)) == [201, 409]
    assert (outcome.admitted, outcome.refused) == (LIMIT, CLIENTS - LIMIT)
    assert _live(container, owner.id) == LIMIT
