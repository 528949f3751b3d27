#!/usr/bin/env python3
"""Renewal throughput: how many due subscriptions one worker renews per second.

Usage::

    .venv/bin/python bench/renewals.py --n 100000                 # a temporary SQLite file
    .venv/bin/python scripts/with_postgres.py .venv/bin/python bench/renewals.py --n 100000
    .venv/bin/python bench/renewals.py --n 20000 --database-url postgresql://…/db

The database is ``--database-url``, else ``TENURE_TEST_DATABASE_URL`` (what
``scripts/with_postgres.py`` sets), else a temporary SQLite file. On PostgreSQL everything is
made in a schema of its own that is dropped at the end, so the database's own tables are
never touched.

1. Seeding (not measured): one catalog version, then N accounts, each with a default card
   and one monthly subscription whose period ends (and whose renewal is due) now, with what
   its purchase left behind (invoice, line, payment, events, sent receipt); written with
   bulk inserts, then ``ANALYZE`` on PostgreSQL.
2. The measured part: the real scheduler sweep (``tenure.scheduler.runner.sweep``) with the
   sandbox gateway. Each subscription is charged for its next period (invoice, line, payment,
   receipt email, events) and rolls over into it.
3. The baseline: the same number of rows (N) inserted with plain SQL (``executemany``, in
   batches of 1,000 per transaction) into a scratch table shaped like ``invoices``, in the
   same database. It shows what the database and driver alone do on this machine, so runs on
   different machines can be compared by the ratio.

The last line printed is ``renewals_per_s=<x> baseline_rows_per_s=<y> ratio=<x/y>``.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import multiprocessing
import os
import pstats
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import structlog
from dateutil.relativedelta import relativedelta
from sqlalchemy import Column, MetaData, Table, create_engine, func, insert, select, text
from sqlalchemy.engine import Engine, make_url

import tenure.models
from tenure.accounts.models import Account
from tenure.app import build_container
from tenure.billing.models import Invoice, InvoiceLine, Payment
from tenure.catalog.service import load_catalog
from tenure.container import Container
from tenure.events.models import Event
from tenure.kit.actor import Actor
from tenure.kit.clock import SimulatedClock
from tenure.kit.db import Base, Database, normalize_url
from tenure.kit.ids import new_id
from tenure.kit.settings import Settings
from tenure.notifications.models import Email
from tenure.payment_methods.models import PaymentMethod
from tenure.scheduler.registry import jobs
from tenure.scheduler.runner import sweep
from tenure.subscriptions.models import Subscription

assert tenure.models  # every model is registered on Base.metadata

NOW = datetime(2026, 2, 5, 12, 0, tzinfo=UTC)
PERIOD_START = NOW - relativedelta(months=1)
CHUNK = 1000

CATALOG = """
vendor: Bench Vendor
products:
  - code: vpn
    name: Bench VPN
    plans:
      - code: vpn-monthly
        name: VPN Monthly
        kind: personal
        billing_period_months: 1
        prices: {USD: 1299}
"""


def chunks(rows: list[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@contextmanager
def bench_database(url: str | None) -> Iterator[str]:
    """A database URL to run in: a temporary SQLite file, or a PostgreSQL schema of our own
    (created here and dropped afterwards)."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="tenure-bench-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    url = normalize_url(url)
    if not url.startswith("postgresql"):
        yield url
        return
    schema = f"tenure_bench_{secrets.token_hex(4)}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    parsed = make_url(url)
    scoped = parsed.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def seed(container: Container, engine: Engine, n: int) -> None:
    """N accounts with a default card and one subscription each, all due for renewal now."""
    with container.db.transaction() as session:
        load_catalog(session, source=CATALOG, now=PERIOD_START, actor=Actor.system())
        version = session.scalar(text("SELECT max(version) FROM catalog_versions"))
    accounts: list[dict[str, Any]] = []
    methods: list[dict[str, Any]] = []
    subs: list[dict[str, Any]] = []
    invoices: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    emails: list[dict[str, Any]] = []
    for i in range(n):
        account_id = new_id("acct")
        method_id = new_id("pm")
        accounts.append(
            {
                "id": account_id,
                "email": f"bench{i}@example.com",
                "name": f"Bench {i}",
                "country": "DK",
                "locale": "en",
                "password_hash": None,
                "credit_balance": 0,
                "credit_currency": "USD",
                "created_at": PERIOD_START,
                "updated_at": PERIOD_START,
            }
        )
        methods.append(
            {
                "id": method_id,
                "account_id": account_id,
                "type": "card",
                "gateway": "sandbox",
                "token": f"sbx_card_ok_209912_{secrets.token_hex(8)}",
                "brand": "visa",
                "last4": "4242",
                "exp_month": 12,
                "exp_year": 2099,
                "label": None,
                "is_default": True,
                "created_at": PERIOD_START,
                "removed_at": None,
            }
        )
        subs.append(
            {
                "id": new_id("sub"),
                "account_id": account_id,
                "product_code": "vpn",
                "plan_code": "vpn-monthly",
                "catalog_version": version,
                "channel": "web",
                "status": "active",
                "quantity": 1,
                "currency": "USD",
                "unit_amount": 1299,
                "billing_period_months": 1,
                "auto_renew": True,
                "payment_method_id": None,
                "start_at": PERIOD_START,
                "trial_start": None,
                "trial_end": None,
                "anchor_at": PERIOD_START,
                "period_offset_months": 0,
                "current_period_start": PERIOD_START,
                "current_period_end": NOW,
                "paid_through": NOW,
                "grace_ends_at": None,
                "renewal_attempted_for": None,
                "grace_started_at": None,
                "renewal_notice_for": NOW,  # announced a week ago
                "next_retry_at": None,
                "cancel_at_period_end": False,
                "canceled_at": None,
                "ended_at": None,
                "end_reason": None,
                "scheduled_plan_code": None,
                "scheduled_catalog_version": None,
                "previous_subscription_id": None,
                "next_action": "renew",
                "next_action_at": NOW,
                "created_at": PERIOD_START,
                "updated_at": PERIOD_START,
            }
        )
        history(subs[-1], method_id, invoices, lines, payments, events, emails)
    with engine.begin() as conn:
        for model, rows in (
            (Account, accounts),
            (PaymentMethod, methods),
            (Subscription, subs),
            (Invoice, invoices),
            (InvoiceLine, lines),
            (Payment, payments),
            (Event, events),
            (Email, emails),
        ):
            for part in chunks(rows):
                conn.execute(insert(model.__table__), part)  # type: ignore[arg-type]
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


def history(
    sub: dict[str, Any],
    method_id: str,
    invoices: list[dict[str, Any]],
    lines: list[dict[str, Any]],
    payments: list[dict[str, Any]],
    events: list[dict[str, Any]],
    emails: list[dict[str, Any]],
) -> None:
    """What the purchase of the first period left behind (its invoice, line, payment,
    events and sent receipt), so that tables, indexes and planner statistics look like a
    running system's, not an empty one's."""
    invoice_id, account_id = new_id("inv"), sub["account_id"]
    invoices.append(
        {
            "id": invoice_id, "account_id": account_id, "subscription_id": sub["id"],
            "dedupe_key": f"{sub['id']}:subscription_create:{PERIOD_START.isoformat()}",
            "billing_reason": "subscription_create", "collection": "charge_automatically",
            "status": "paid", "currency": "USD", "subtotal": 1299, "discount": 0,
            "credit_applied": 0, "tax": 0, "total": 1299, "amount_paid": 1299,
            "amount_refunded": 0, "period_start": PERIOD_START, "period_end": NOW,
            "attempt_count": 1, "created_at": PERIOD_START, "due_at": PERIOD_START,
            "paid_at": PERIOD_START, "voided_at": None,
        }
    )  # fmt: skip
    lines.append(
        {
            "invoice_id": invoice_id, "position": 0, "kind": "plan", "description": "VPN Monthly",
            "plan_code": "vpn-monthly", "quantity": 1, "unit_amount": 1299, "amount": 1299,
            "period_start": PERIOD_START, "period_end": NOW,
        }
    )  # fmt: skip
    payments.append(
        {
            "id": new_id("pay"), "invoice_id": invoice_id, "account_id": account_id,
            "payment_method_id": method_id, "amount": 1299, "currency": "USD",
            "status": "succeeded", "gateway": "sandbox", "gateway_charge_id": "ch_sbx_seed",
            "failure_code": None, "failure_message": None, "created_at": PERIOD_START,
        }
    )  # fmt: skip
    for type, subject_type, subject_id in (
        ("invoice.created", "invoice", invoice_id),
        ("invoice.paid", "invoice", invoice_id),
        ("subscription.created", "subscription", sub["id"]),
    ):
        events.append(
            {
                "id": new_id("evt"), "type": type, "occurred_at": PERIOD_START,
                "actor_kind": "account", "actor_id": account_id, "account_id": account_id,
                "subject_type": subject_type, "subject_id": subject_id, "data": {},
            }
        )  # fmt: skip
    emails.append(
        {
            "id": new_id("eml"), "account_id": account_id,
            "to_address": f"{account_id}@example.com", "template": "receipt", "locale": "en",
            "context": {}, "subject": "Receipt", "text_body": "…", "html_body": "…",
            "status": "sent", "attempts": 1, "next_attempt_at": None, "last_error": None,
            "sent_at": PERIOD_START, "created_at": PERIOD_START,
            "dedupe_key": f"receipt:{invoice_id}",
        }
    )  # fmt: skip


def baseline(engine: Engine, n: int) -> float:
    """Rows per second for N plain ``executemany`` inserts into a table shaped like
    ``invoices``."""
    metadata = MetaData()
    columns = [
        Column(c.name, c.type, primary_key=c.primary_key, unique=c.unique)
        for c in Invoice.__table__.columns
    ]
    scratch = Table("bench_scratch_invoices", metadata, *columns)
    metadata.create_all(engine)
    rows = [
        {
            "id": new_id("inv"),
            "account_id": new_id("acct"),
            "subscription_id": new_id("sub"),
            "dedupe_key": f"bench:{i}:{NOW.isoformat()}",
            "billing_reason": "subscription_cycle",
            "collection": "charge_automatically",
            "status": "paid",
            "currency": "USD",
            "subtotal": 1299,
            "discount": 0,
            "credit_applied": 0,
            "tax": 0,
            "total": 1299,
            "amount_paid": 1299,
            "amount_refunded": 0,
            "period_start": NOW,
            "period_end": NOW + relativedelta(months=1),
            "attempt_count": 1,
            "created_at": NOW,
            "due_at": NOW,
            "paid_at": NOW,
            "voided_at": None,
        }
        for i in range(n)
    ]
    names = [c.name for c in scratch.columns]
    marker = "%s" if engine.dialect.name == "postgresql" else "?"
    sql = (
        f"INSERT INTO bench_scratch_invoices ({', '.join(names)}) "
        f"VALUES ({', '.join([marker] * len(names))})"
    )
    # Plain DBAPI parameters, the way the driver gets them from the ORM (UTC, naive on SQLite).
    sqlite = engine.dialect.name == "sqlite"
    tuples = [
        tuple(
            value.replace(tzinfo=None) if sqlite and isinstance(value, datetime) else value
            for value in (row[name] for name in names)
        )
        for row in rows
    ]
    started = time.perf_counter()
    for start in range(0, n, CHUNK):
        with engine.begin() as conn:
            conn.exec_driver_sql(sql, tuples[start : start + CHUNK])
    elapsed = time.perf_counter() - started
    metadata.drop_all(engine)
    return n / elapsed


def check(container: Container, n: int) -> None:
    """Every subscription was charged exactly once and is in its next period."""
    with container.db.transaction(write=False) as session:
        invoices = session.scalar(
            select(func.count())
            .select_from(Invoice)
            .where(Invoice.billing_reason == "subscription_cycle", Invoice.status == "paid")
        )
        rolled = session.scalar(
            select(func.count())
            .select_from(Subscription)
            .where(
                Subscription.status == "active",
                Subscription.current_period_end == NOW + relativedelta(months=1),
                Subscription.next_action == "renew",
            )
        )
    if invoices != n or rolled != n:
        raise SystemExit(f"wrong result: {invoices} paid renewal invoices, {rolled} renewed of {n}")


def make_container(url: str) -> Container:
    settings = Settings(
        environment="test",
        database_url=url,
        simulated_clock=True,
        email_enabled=False,  # receipts stay in the outbox; no SMTP in the measurement
    )
    return build_container(settings, clock=SimulatedClock(NOW), db=Database(url))


def _worker(url: str, start: Barrier, done: Queue[int]) -> None:
    """One more ``tenure worker`` process sweeping the same database."""
    container = make_container(url)
    jobs()  # import every job module before the clock starts
    start.wait()
    done.put(sweep(container, now=NOW))
    container.db.dispose()


def timed_sweep(container: Container, url: str, *, workers: int, profile: str | None) -> float:
    """Wall seconds for ``workers`` concurrent sweeps (this process is one of them)."""
    jobs()
    context = multiprocessing.get_context("fork")
    start = context.Barrier(workers)
    done: Queue[int] = context.Queue()
    others = [context.Process(target=_worker, args=(url, start, done)) for _ in range(workers - 1)]
    container.db.dispose()  # no pooled connection crosses the fork
    for process in others:
        process.start()
    profiler = cProfile.Profile() if profile else None
    start.wait()
    started, cpu = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    sweep(container, now=NOW)
    if profiler is not None:
        profiler.disable()
    for process in others:
        process.join()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if any(process.exitcode for process in others):
        raise SystemExit("a worker process failed")
    if profiler is not None and profile is not None:
        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    print(f"sweep: CPU time of this process {cpu:.2f} s", flush=True)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=10_000, help="subscriptions due (10,000)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TENURE_TEST_DATABASE_URL"),
        help="default: TENURE_TEST_DATABASE_URL, else a temporary SQLite file",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes sweeping at once (1)"
    )
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the sweep here")
    args = parser.parse_args(argv)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    with bench_database(args.database_url) as url:
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        container = make_container(url)
        print(f"database: {engine.dialect.name}; seeding {args.n} due subscriptions …", flush=True)
        seed(container, engine, args.n)

        elapsed = timed_sweep(container, url, workers=args.workers, profile=args.profile)
        check(container, args.n)
        renewals_per_s = args.n / elapsed
        print(
            f"sweep: {args.n} renewals by {args.workers} worker(s) in {elapsed:.2f} s "
            f"= {renewals_per_s:,.0f} renewals/s",
            flush=True,
        )

        rows_per_s = baseline(engine, args.n)
        print(f"baseline: {args.n} plain inserts at {rows_per_s:,.0f} rows/s")
        container.db.dispose()
        engine.dispose()
    print(
        f"renewals_per_s={renewals_per_s:.1f} baseline_rows_per_s={rows_per_s:.1f} "
        f"ratio={renewals_per_s / rows_per_s:.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
