#!/usr/bin/env python3
"""Benchmark: simultaneous-connection admission (DEV-4) against a trivial endpoint.

It starts the real server (uvicorn, one process, no scheduler) on a free port on 127.0.0.1,
on a new SQLite file — or on PostgreSQL with ``--database-url`` — prepares one account with a
subscription whose limit equals the number of clients, and that many linked devices, then:

1. drives connect → heartbeat → release cycles from ``--clients`` concurrent clients (one
   keep-alive HTTP connection each), ``--cycles`` cycles per client, bounded by
   ``--max-seconds``;
2. sends the same number of requests to ``GET /healthz`` of the same server from the same
   number of clients (the baseline: routing, JSON and a database session, no queries).

The last line is ``admissions_per_s=<x> trivial_per_s=<y> ratio=<x/y> p99_ms=<z>`` where x
counts lease requests (connect, heartbeat and release each count one) per second and p99 is
the 99th percentile latency of those requests. The server is stopped by its PID.

    .venv/bin/python bench/connections.py
    .venv/bin/python bench/connections.py --database-url postgresql://…   (tables are created
        if missing; the benchmark adds its own account, catalog version and devices)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

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


def prepare(url: str, clients: int) -> list[str]:
    """Schema (if missing), a catalog, one account with a live subscription, and ``clients``
    devices with their tokens."""
    assert tenure.models  # every table is known to Base.metadata
    engine = create_engine(normalize_url(url))
    Base.metadata.create_all(engine)
    engine.dispose()
    db = Database(url)
    now = SystemClock().now()
    tokens: list[str] = []
    try:
        with db.transaction() as session:
            source = BENCH_CATALOG.replace("LIMIT", str(clients))
            load_catalog(session, source=source, now=now, actor=Actor.system())
            version = current_catalog(session).version
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
                device = Device(
                    id=new_id("dev"),
                    account_id=account.id,
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
                    account_id=account.id,
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


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latencies: list[float], statuses: dict[int, int]) -> None:
        with self.lock:
            self.latencies.extend(latencies)
            for status, count in statuses.items():
                self.statuses[status] = self.statuses.get(status, 0) + count


def run_clients(
    clients: int, work: Callable[[int, Tally, float], None], deadline_s: float
) -> tuple[Tally, float]:
    """Start ``clients`` threads running ``work(index, tally, stop_at)`` together."""
    tally = Tally()
    barrier = threading.Barrier(clients + 1)

    def go(index: int) -> None:
        barrier.wait()
        work(index, tally, time.monotonic() + deadline_s)

    threads = [threading.Thread(target=go, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=deadline_s + 60)
    return tally, time.perf_counter() - started


def request(
    conn: http.client.HTTPConnection, method: str, path: str, token: str | None = None
) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "POST":
        headers["Content-Length"] = "0"
    conn.request(method, path, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SQLite)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--cycles", type=int, default=40, help="connect+heartbeat+release each")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="bound per phase")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tenure-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    tokens = prepare(url, args.clients)
    port = free_port()
    server = start_server(url, port, workdir / "server.log")
    print(
        f"server pid={server.pid} port={port} "
        f"database={'sqlite' if 'sqlite' in url else 'postgresql'}"
    )
    try:

        def leases(index: int, tally: Tally, stop_at: float) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            token = tokens[index]
            times: list[float] = []
            statuses: dict[int, int] = {}

            def timed(method: str, path: str) -> tuple[int, bytes]:
                began = time.perf_counter()
                status, body = request(conn, method, path, token)
                times.append(time.perf_counter() - began)
                statuses[status] = statuses.get(status, 0) + 1
                return status, body

            for _ in range(args.cycles):
                if time.monotonic() > stop_at:
                    break
                status, body = timed("POST", "/v1/connections")
                if status not in (200, 201):
                    continue
                lease = json.loads(body)["id"]
                timed("POST", f"/v1/connections/{lease}/heartbeat")
                timed("POST", f"/v1/connections/{lease}/release")
            conn.close()
            tally.add(times, statuses)

        # Warm up (imports, caches, connection pool), then measure.
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(20):
            request(warm, "GET", "/healthz")
        warm.close()
        lease_tally, lease_seconds = run_clients(args.clients, leases, args.max_seconds)
        total = len(lease_tally.latencies)
        per_client = -(-total // args.clients)

        def trivial(index: int, tally: Tally, stop_at: float) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            times: list[float] = []
            statuses: dict[int, int] = {}
            for _ in range(per_client):
                if time.monotonic() > stop_at:
                    break
                began = time.perf_counter()
                status, _body = request(conn, "GET", "/healthz")
                times.append(time.perf_counter() - began)
                statuses[status] = statuses.get(status, 0) + 1
            conn.close()
            tally.add(times, statuses)

        trivial_tally, trivial_seconds = run_clients(args.clients, trivial, args.max_seconds)
    finally:
        stop_server(server)

    admissions = total / lease_seconds
    baseline = len(trivial_tally.latencies) / trivial_seconds
    p99 = percentile(lease_tally.latencies, 99) * 1000
    print(
        f"lease requests={total} in {lease_seconds:.2f}s statuses={lease_tally.statuses} "
        f"p50_ms={percentile(lease_tally.latencies, 50) * 1000:.2f} p99_ms={p99:.2f}"
    )
    print(
        f"healthz requests={len(trivial_tally.latencies)} in {trivial_seconds:.2f}s "
        f"statuses={trivial_tally.statuses} "
        f"p50_ms={percentile(trivial_tally.latencies, 50) * 1000:.2f} "
        f"p99_ms={percentile(trivial_tally.latencies, 99) * 1000:.2f}"
    )
    print(
        f"admissions_per_s={admissions:.1f} trivial_per_s={baseline:.1f} "
        f"ratio={admissions / baseline:.3f} p99_ms={p99:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
