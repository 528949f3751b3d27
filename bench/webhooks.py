#!/usr/bin/env python3
"""Benchmark: webhook deliveries per second (X-4) against a plain HTTP POST loop.

A receiver runs in a process of its own on 127.0.0.1: a minimal asyncio HTTP/1.1 server that
reads each request and answers ``204`` (it verifies nothing, so that it is not what is
measured). The database is a temporary SQLite file, or a PostgreSQL schema of its own with
``--database-url``.

1. Seed: ``--endpoints`` endpoints (4) on the receiver taking ``--event-types``, then
   ``--events`` events (2,000) recorded the way every change records them, so
   ``events × endpoints`` deliveries are due (with ``--event-types '*'`` also an
   ``entitlement.updated`` per event's account, which the fan-out computes and records
   first).
2. Measure: this process is one ``tenure worker``: it runs the fan-out and delivery jobs until
   nothing is due: events become deliveries, deliveries are claimed in batches under a
   lease, signed (Standard Webhooks), POSTed and recorded with their attempt log. The
   deliveries per second count from the first fan-out to the last recorded outcome.
3. Baseline, in the same run: the same bodies POSTed to the same receiver with the same HTTP
   client and the same concurrency (one thread per endpoint, each sending its endpoint's
   bodies one after the other, as the worker does), with no database, no signature and no
   log.

The last line is ``deliveries_per_s=<x> plain_posts_per_s=<y> ratio=<x/y>``.

    .venv/bin/python bench/webhooks.py
    .venv/bin/python bench/webhooks.py --database-url postgresql://…
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor

import httpx2
import structlog
from sqlalchemy import create_engine, func, select

from renewals import bench_database
from tenure.app import build_container
from tenure.container import Container
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.clock import SystemClock
from tenure.kit.db import Base, Database
from tenure.kit.settings import Settings
from tenure.webhooks import service as webhooks
from tenure.webhooks.delivery import payload
from tenure.webhooks.jobs import DELIVER, FAN_OUT
from tenure.webhooks.models import WebhookDelivery

RECEIVER = textwrap.dedent(
    """
    import asyncio, sys

    async def handle(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\\r\\n\\r\\n")
                length = 0
                for line in head.split(b"\\r\\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                await reader.readexactly(length)
                writer.write(b"HTTP/1.1 204 No Content\\r\\n\\r\\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        print(server.sockets[0].getsockname()[1], flush=True)
        await server.serve_forever()

    asyncio.run(main())
    """
)


def start_receiver() -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen([sys.executable, "-c", RECEIVER], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def make_container(url: str) -> Container:
    settings = Settings(
        environment="test",
        database_url=url,
        email_enabled=False,
        webhook_allow_http=True,
        webhook_allow_private_addresses=True,
    )
    return build_container(settings, clock=SystemClock(), db=Database(url))


def seed(
    container: Container, port: int, endpoints: int, n: int, event_types: list[str] | None
) -> list[str]:
    now = container.clock.now()
    policy = webhooks.Policy(allow_http=True, allow_private=True)
    urls = [f"http://127.0.0.1:{port}/hooks/{e}" for e in range(endpoints)]
    with container.db.transaction() as session:
        for url in urls:
            webhooks.create(session, url=url, description="bench", event_types=event_types,
                            enabled=True, policy=policy, secret_key=container.settings.secret_key,
                            now=now, actor=Actor.system())  # fmt: skip
    for start in range(0, n, 500):
        with container.db.transaction() as session:
            for i in range(start, min(n, start + 500)):
                events.record(
                    session, type="subscription.renewed", at=now, actor=Actor.scheduler(),
                    subject_type="subscription", subject_id=f"sub_{i:026d}",
                    account_id=f"acct_{i:026d}",
                    data={"plan": "vpn-monthly", "period_end": now.isoformat(), "n": i},
                )  # fmt: skip
    return urls


def deliver_all(container: Container) -> tuple[float, float]:
    """Seconds for the fan-out alone, and from the start to the last recorded outcome."""
    started = time.perf_counter()
    while FAN_OUT.run_due(container, now=container.clock.now()):
        pass
    fanned = time.perf_counter() - started
    while DELIVER.run_due(container, now=container.clock.now(), limit=10_000):
        pass
    return fanned, time.perf_counter() - started


def plain_posts(urls: list[str], bodies: list[bytes]) -> float:
    """Seconds to POST every body to every URL, one thread per URL."""
    client = httpx2.Client(timeout=10, trust_env=False)

    def loop(url: str) -> None:
        for body in bodies:
            answer = client.post(url, content=body, headers={"content-type": "application/json"})
            if answer.status_code != 204:
                raise SystemExit(f"receiver answered {answer.status_code}")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        list(pool.map(loop, urls))
    elapsed = time.perf_counter() - started
    client.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=2_000, help="events recorded (2,000)")
    parser.add_argument("--endpoints", type=int, default=4, help="endpoints (4)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TENURE_TEST_DATABASE_URL"),
        help="default: TENURE_TEST_DATABASE_URL, else a temporary SQLite file",
    )
    parser.add_argument(
        "--event-types",
        default="subscription.*",
        help="the endpoints' filter, comma-separated (subscription.*); '*' also sends "
        "entitlement.updated for every renewal's account, which the fan-out computes",
    )
    args = parser.parse_args(argv)
    event_types = [t for t in args.event_types.split(",") if t]
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    receiver, port = start_receiver()
    try:
        with bench_database(args.database_url) as url:
            engine = create_engine(url)
            Base.metadata.create_all(engine)
            container = make_container(url)
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"database: {engine.dialect.name}; {args.events} events × "
                  f"{args.endpoints} endpoints; load average {load}", flush=True)  # fmt: skip
            urls = seed(container, port, args.endpoints, args.events, event_types)
            fanned, elapsed = deliver_all(container)
            with container.db.transaction(write=False) as session:
                delivered = (
                    session.scalar(
                        select(func.count()).where(WebhookDelivery.status == "delivered")
                    )
                    or 0
                )
                sample = events.events_after(session, after=0, gaps=[], limit=args.events)
            total = args.events * args.endpoints  # at least
            if delivered < total:
                raise SystemExit(f"wrong result: {delivered} of {total} delivered")
            per_s = delivered / elapsed
            print(f"worker: {delivered} deliveries in {elapsed:.2f} s (fan-out {fanned:.2f} s) "
                  f"= {per_s:,.0f}/s", flush=True)  # fmt: skip
            bodies = [payload(event) for event in sample]
            plain = plain_posts(urls, bodies)
            plain_per_s = len(bodies) * len(urls) / plain
            print(f"baseline: {len(bodies) * len(urls)} plain POSTs in {plain:.2f} s "
                  f"= {plain_per_s:,.0f}/s", flush=True)  # fmt: skip
            container.db.dispose()
            engine.dispose()
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)
    print(f"deliveries_per_s={per_s:.1f} plain_posts_per_s={plain_per_s:.1f} "
          f"ratio={per_s / plain_per_s:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
