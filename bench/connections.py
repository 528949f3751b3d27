#!/usr/bin/env python3
"""Benchmark: simultaneous-connection admission (DEV-4) against a trivial endpoint.

It starts the real server (uvicorn, one process, no scheduler) on a free port on 127.0.0.1,
on a new SQLite file — or on PostgreSQL with ``--database-url`` — prepares ``--accounts``
accounts (8) with a live subscription each and ``--clients`` linked devices (32) spread over
them, each account's limit equal to its number of devices (so every connect is admitted and
each admission takes its account's lock). ``--accounts 1`` puts all devices in one account:
the worst case, where every connect waits for the one before it. The
clients are ``--clients`` keep-alive HTTP/1.1 connections driven by ONE asyncio thread in this
process (a minimal client: prebuilt request bytes, only the status line, Content-Length and
body are parsed), so the client takes as little CPU from the server as possible. Both
endpoints are driven by the same client code; only the request script differs: a lease
script (connect → heartbeat → release, each a request) or ``GET /healthz`` (the trivial
endpoint: routing, a request context and JSON, no queries).

1. Saturation (closed loop): every client sends its next request as soon as the previous
   answer arrives: ``--cycles`` lease cycles per client, then the same number of
   ``/healthz`` requests. Throughputs and the ratio come from this phase. Latencies here are
   mostly queueing: with N requests always in flight, the mean latency is N / throughput
   (Little's law), so they are printed but are not the latency goal.
2. Latency (open loop, paced): the same clients send requests on a fixed schedule, evenly
   spaced, at a total offered load of ``--latency-load`` requests/s (default: half of the
   lower of the two throughputs just measured — the admission throughput, unless admissions
   outpace ``/healthz``: a load beyond half of what the stack's trivial endpoint sustains
   measures the HTTP stack's queueing, which ``/healthz`` shows too), for
   ``--latency-seconds``, first lease requests, then ``/healthz`` at the same load. A
   request's latency is counted from the moment it was scheduled to be sent, so a client
   that falls behind (its connection is still busy) is charged for the wait (no
   coordinated omission).

The server's CPU time per request of each saturation phase is read from /proc (load on the
machine changes throughput much more than it changes CPU per request). The last line is
``admissions_per_s=<x> trivial_per_s=<y> ratio=<x/y> p99_ms=<z>`` where x counts lease
requests per second at saturation (connect, heartbeat and release each count one), y the
same for ``/healthz``, and z is the 99th percentile latency of lease requests in the latency
phase. The server is stopped by its PID.

    .venv/bin/python bench/connections.py
    .venv/bin/python bench/connections.py --database-url postgresql://…   (tables are created
        if missing; the benchmark adds its own accounts, catalog version and devices)
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import cast

from dateutil.relativedelta import relativedelta
from sqlalchemy import create_engine

import tenure.models
from tenure.accounts.models import Account
from tenure.auth.service import issue_access_token
from tenure.catalog.service import current_catalog, load_catalog
from tenure.devices.models import Device
from tenure.kit.actor import Actor
from tenure.kit.clock import SystemClock
from tenure.kit.db import Base, Database, normalize_url
from tenure.kit.ids import new_id
from tenure.subscriptions.models import Subscription

BENCH_CATALOG = """
vendor: Connection benchmark
products:
  - code: bench-vpn
    name: Benchmark VPN
    platforms: [linux]
    plans:
      - code: bench-vpn-1m
        name: Benchmark VPN monthly
        kind: personal
        billing_period_months: 1
        prices: {USD: 1000}
        connection_limit: LIMIT
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(url: str, clients: int, accounts: int) -> list[str]:
    """Schema (if missing), a catalog, ``accounts`` accounts with a live subscription each, and
    ``clients`` devices spread over them (round robin), with their tokens. Each account's
    connection limit is its number of devices, so every connect is admitted."""
    assert tenure.models  # every table is known to Base.metadata
    engine = create_engine(normalize_url(url))
    Base.metadata.create_all(engine)
    engine.dispose()
    db = Database(url)
    now = SystemClock().now()
    tokens: list[str] = []
    try:
        with db.transaction() as session:
            source = BENCH_CATALOG.replace("LIMIT", str(-(-clients // accounts)))
            load_catalog(session, source=source, now=now, actor=Actor.system())
            version = current_catalog(session).version
            owners: list[str] = []
            for _ in range(accounts):
                account = Account(
                    id=new_id("acct"),
                    email=f"bench-{new_id('acct')[-10:]}@example.com",
                    name="Bench",
                    locale="en",
                    created_at=now,
                    updated_at=now,
                )
                session.add(account)
                session.flush()
                owners.append(account.id)
                session.add(
                    Subscription(
                        id=new_id("sub"),
                        account_id=account.id,
                        product_code="bench-vpn",
                        plan_code="bench-vpn-1m",
                        catalog_version=version,
                        channel="web",
                        status="active",
                        quantity=1,
                        currency="USD",
                        unit_amount=1000,
                        billing_period_months=1,
                        auto_renew=True,
                        start_at=now,
                        anchor_at=now,
                        period_offset_months=0,
                        current_period_start=now,
                        current_period_end=now + relativedelta(months=1),
                        cancel_at_period_end=False,
                        created_at=now,
                        updated_at=now,
                    )
                )
            for n in range(clients):
                owner = owners[n % accounts]
                device = Device(
                    id=new_id("dev"),
                    account_id=owner,
                    name=f"Bench device {n}",
                    platform="linux",
                    is_vm=n % 4 == 0,
                    linked_at=now,
                    updated_at=now,
                )
                session.add(device)
                _token, secret = issue_access_token(
                    session,
                    kind="device",
                    subject_id=device.id,
                    account_id=owner,
                    now=now,
                    ttl=timedelta(days=1),
                )
                tokens.append(secret)
    finally:
        db.dispose()
    return tokens


def start_server(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        TENURE_DATABASE_URL=url,
        TENURE_SCHEDULER_ENABLED="false",
        TENURE_EMAIL_ENABLED="false",
        TENURE_ENVIRONMENT="development",
    )
    command = [
        sys.executable, "-m", "uvicorn", "tenure.cli:asgi_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited early; see {log}:\n{log.read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            time.sleep(0.1)
    stop_server(process)
    raise SystemExit("the server did not answer /healthz within 60 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ----------------------------------------------------------------------------- the client


class HttpConnection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection, one request at a time. Parses only what it needs:
    the status line, Content-Length and the body."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0 or self.waiter is None:
            return
        head = bytes(self.buffer[:end]).lower()
        at = head.find(b"\r\ncontent-length:")
        if at < 0:
            self.waiter.set_exception(RuntimeError(f"no Content-Length in {head[:200]!r}"))
            self.waiter = None
            return
        stop = head.find(b"\r\n", at + 2)
        length = int(head[at + 17 : stop if stop >= 0 else len(head)])
        total = end + 4 + length
        if len(self.buffer) < total:
            return
        status = int(head[9:12])
        body = bytes(self.buffer[end + 4 : total])
        del self.buffer[:total]
        waiter, self.waiter = self.waiter, None
        waiter.set_result((status, body))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc or ConnectionError("the server closed the connection"))
        if not self.closed.done():
            self.closed.set_result(None)

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        assert self.transport is not None and self.waiter is None
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(raw)
        return await self.waiter


def raw_request(method: str, path: str, port: int, token: str | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if method == "POST":
        lines.append("Content-Length: 0")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


Send = Callable[[bytes], Awaitable[tuple[int, bytes]]]
Script = Callable[[int, Send, int], Awaitable[None]]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def line(self, name: str) -> str:
        n = max(self.count, 1)
        return (
            f"{name}: requests={self.count} in {self.seconds:.2f}s "
            f"({self.per_second():.1f}/s) statuses={self.statuses} "
            f"p50_ms={percentile(self.latencies, 50) * 1000:.2f} "
            f"p90_ms={percentile(self.latencies, 90) * 1000:.2f} "
            f"p99_ms={percentile(self.latencies, 99) * 1000:.2f} "
            f"server_cpu_ms_per_request={self.server_cpu / n * 1000:.3f} "
            f"client_cpu_ms_per_request={self.client_cpu / n * 1000:.3f}"
        )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


async def run_phase(
    port: int, clients: int, script: Script, budget: int, server_pid: int, rate: float | None
) -> Tally:
    """Run ``script(index, send, budget)`` on ``clients`` connections at once. ``rate`` None:
    closed loop (send at once); otherwise each request waits for its slot in an evenly spaced
    schedule of ``rate`` requests/s over all clients, and its latency counts from that slot."""
    loop = asyncio.get_running_loop()
    connections = [
        (await loop.create_connection(HttpConnection, "127.0.0.1", port))[1] for _ in range(clients)
    ]
    tally = Tally()
    start = time.perf_counter() + 0.05
    period = clients / rate if rate else 0.0

    def sender(index: int) -> Send:
        connection = connections[index]
        sent = 0

        async def send(raw: bytes) -> tuple[int, bytes]:
            nonlocal sent
            if rate:
                slot = start + (index / clients + sent) * period
                delay = slot - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                began = slot
            else:
                began = time.perf_counter()
            sent += 1
            status, body = await connection.request(raw)
            tally.latencies.append(time.perf_counter() - began)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            return status, body

        return send

    cpu_before, client_before = cpu_seconds(server_pid), time.process_time()
    began = time.perf_counter()
    await asyncio.gather(*(script(i, sender(i), budget) for i in range(clients)))
    tally.seconds = time.perf_counter() - began
    tally.server_cpu = cpu_seconds(server_pid) - cpu_before
    tally.client_cpu = time.process_time() - client_before
    for connection in connections:
        assert connection.transport is not None
        connection.transport.close()
    return tally


def lease_script(port: int, tokens: list[str]) -> Script:
    """connect → heartbeat → release, repeated until ``budget`` requests were sent."""
    connects = [raw_request("POST", "/v1/connections", port, token) for token in tokens]

    async def script(index: int, send: Send, budget: int) -> None:
        token = tokens[index]
        sent = 0
        while sent + 3 <= budget:
            status, body = await send(connects[index])
            sent += 1
            if status not in (200, 201):
                continue
            lease = json.loads(body)["id"]
            await send(raw_request("POST", f"/v1/connections/{lease}/heartbeat", port, token))
            await send(raw_request("POST", f"/v1/connections/{lease}/release", port, token))
            sent += 2

    return script


def trivial_script(port: int) -> Script:
    healthz = raw_request("GET", "/healthz", port)

    async def script(index: int, send: Send, budget: int) -> None:
        for _ in range(budget):
            await send(healthz)

    return script


async def measure(args: argparse.Namespace, port: int, tokens: list[str], pid: int) -> None:
    leases, trivial = lease_script(port, tokens), trivial_script(port)
    clients = args.clients
    # Warm up (imports, compiled statements, connection pool); not measured.
    await run_phase(port, clients, leases, 6, pid, None)
    await run_phase(port, clients, trivial, 6, pid, None)

    lease_sat = await run_phase(port, clients, leases, 3 * args.cycles, pid, None)
    trivial_sat = await run_phase(port, clients, trivial, 3 * args.cycles, pid, None)
    print(lease_sat.line("saturation lease"), flush=True)
    print(trivial_sat.line("saturation healthz"), flush=True)

    load = args.latency_load or min(lease_sat.per_second(), trivial_sat.per_second()) / 2
    budget = max(3, int(load * args.latency_seconds / clients) // 3 * 3)
    lease_lat = await run_phase(port, clients, leases, budget, pid, load)
    trivial_lat = await run_phase(port, clients, trivial, budget, pid, load)
    print(f"latency phase: offered load {load:.1f} requests/s from {clients} clients")
    print(lease_lat.line(f"latency lease @{load:.0f}/s"), flush=True)
    print(trivial_lat.line(f"latency healthz @{load:.0f}/s"), flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    admissions, baseline = lease_sat.per_second(), trivial_sat.per_second()
    print(
        f"admissions_per_s={admissions:.1f} trivial_per_s={baseline:.1f} "
        f"ratio={admissions / baseline:.3f} "
        f"p99_ms={percentile(lease_lat.latencies, 99) * 1000:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SQLite)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument(
        "--accounts",
        type=int,
        default=8,
        help="accounts the clients' devices belong to (8: four devices each; 1: all 32 "
        "devices of one account, whose connects then queue on that account's lock)",
    )
    parser.add_argument("--cycles", type=int, default=40, help="connect+heartbeat+release each")
    parser.add_argument(
        "--latency-load",
        type=float,
        default=None,
        help="offered requests/s in the latency phase "
        "(default: half the lower of the admission and /healthz rates)",
    )
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument(
        "--keep", action="store_true", help="keep the working folder (database, server log)"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tenure-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    tokens = prepare(url, args.clients, max(1, min(args.accounts, args.clients)))
    port = free_port()
    server = start_server(url, port, workdir / "server.log")
    print(
        f"server pid={server.pid} port={port} "
        f"database={'sqlite' if 'sqlite' in url else 'postgresql'} clients={args.clients} "
        f"accounts={max(1, min(args.accounts, args.clients))} "
        f"cycles={args.cycles} cpus={os.cpu_count()} "
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    try:
        try:  # the cheaper event loop when it is installed (it comes with uvicorn[standard])
            import uvloop

            uvloop.run(measure(args, port, tokens, server.pid))
        except ImportError:
            asyncio.run(measure(args, port, tokens, server.pid))
    finally:
        stop_server(server)
    if args.keep:
        print(f"kept {workdir}")
    else:  # a failed run keeps it: the server log tells what went wrong
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
