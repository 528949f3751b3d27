"""Issue 3 acceptance: several workers over the same due set renew every subscription
exactly once, and a worker that dies in the middle of a sweep charges nobody twice when it is
restarted (X-7, SUB-3). Runs on SQLite and on PostgreSQL.

The life-cycle job claims due subscriptions in batches, one transaction per batch; these
tests use batches of 5 so that a sweep of a few dozen subscriptions takes several batches,
two workers share them, and a crash loses a batch in the middle of the sweep."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from support.commerce import GOOD_CARD, TEST_CATALOG
from tenure.accounts.service import create_account
from tenure.billing.models import Invoice, Payment
from tenure.billing.sandbox import SandboxGateway
from tenure.catalog.service import load_catalog
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.clock import SimulatedClock
from tenure.kit.db import Database
from tenure.kit.money import Money
from tenure.kit.ports import ChargeResult, RefundResult, TokenizedMethod
from tenure.payment_methods.service import CardDetails, add_payment_method
from tenure.scheduler.runner import sweep
from tenure.subscriptions.jobs import SubscriptionLifecycleJob
from tenure.subscriptions.models import Subscription
from tenure.subscriptions.purchase import Purchase, create_subscription

STAFF = Actor("staff", "key_tests")
BATCH = 5


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SubscriptionLifecycleJob, "batch_size", BATCH)


class Network(SandboxGateway):
    """The sandbox gateway plus a ledger of what reached the 'card network': like a real
    processor, a charge repeated with the same idempotency key is not charged again."""

    def __init__(self, *, crash_after: int | None = None) -> None:
        super().__init__()
        self.ledger: dict[str, ChargeResult] = {}
        self.calls = 0
        self.crash_after = crash_after
        self._lock = threading.Lock()

    def charge(
        self, *, token: str, amount: Money, idempotency_key: str, description: str, now: datetime
    ) -> ChargeResult:
        with self._lock:
            self.calls += 1
            if idempotency_key not in self.ledger:
                self.ledger[idempotency_key] = super().charge(
                    token=token,
                    amount=amount,
                    idempotency_key=idempotency_key,
                    description=description,
                    now=now,
                )
            result = self.ledger[idempotency_key]
            if self.crash_after is not None and len(self.ledger) == self.crash_after:
                self.crash_after = None
                # The network charged; the worker dies before its transaction commits.
                raise SystemExit("worker killed after the charge, before the commit")
            return result

    def tokenize_card(
        self, *, number: str, exp_month: int, exp_year: int, cvc: str, now: datetime
    ) -> TokenizedMethod:
        return super().tokenize_card(
            number=number, exp_month=exp_month, exp_year=exp_year, cvc=cvc, now=now
        )

    def refund(self, *, charge_id: str, amount: Money, idempotency_key: str) -> RefundResult:
        return super().refund(charge_id=charge_id, amount=amount, idempotency_key=idempotency_key)


def seed(container: Container, count: int) -> list[str]:
    """``count`` monthly subscriptions over a few accounts, all renewing at the same time."""
    now = container.clock.now()
    ids: list[str] = []
    with container.db.transaction() as session:
        load_catalog(session, source=TEST_CATALOG, now=now, actor=STAFF)
        for n in range(count):
            if n % 5 == 0:
                account = create_account(session, email=f"w{n}@example.com", now=now, actor=STAFF)
                add_payment_method(
                    session,
                    gateway=container.gateway,
                    account_id=account.id,
                    type="card",
                    card=CardDetails(**GOOD_CARD),
                    make_default=True,
                    now=now,
                    actor=STAFF,
                )
            sub = create_subscription(
                session,
                purchase=Purchase(account_id=account.id, plan_code="vpn-monthly"),
                gateway=container.gateway,
                now=now,
                actor=STAFF,
            )
            ids.append(sub.id)
    return ids


def renewals(container: Container) -> tuple[dict[str, int], int]:
    """Renewal invoices per subscription, and succeeded renewal payments in all."""
    with container.db.transaction(write=False) as session:
        per_sub = dict(
            session.execute(
                select(Invoice.subscription_id, func.count())
                .where(Invoice.billing_reason == "subscription_cycle", Invoice.status == "paid")
                .group_by(Invoice.subscription_id)
            ).all()
        )
        paid = session.scalar(
            select(func.count())
            .select_from(Payment)
            .join(Invoice, Invoice.id == Payment.invoice_id)
            .where(Invoice.billing_reason == "subscription_cycle", Payment.status == "succeeded")
        )
    return {str(k): int(v) for k, v in per_sub.items()}, int(paid or 0)


def test_x7_two_workers_renew_every_subscription_exactly_once(container: Container) -> None:
    network = Network()
    container.gateway = network
    ids = seed(container, 40)
    network.ledger.clear()
    network.calls = 0
    assert isinstance(container.clock, SimulatedClock)
    container.clock.advance(timedelta(days=31))  # every subscription is due for renewal

    second = Container(
        settings=container.settings,
        db=Database(container.settings.database_url),
        clock=container.clock,
        gateway=network,
        mailer=None,
    )
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(worker: Container) -> None:
        try:
            start.wait()
            sweep(worker)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c,)) for c in (container, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    second.db.dispose()
    assert not errors

    per_sub, paid = renewals(container)
    assert per_sub == dict.fromkeys(ids, 1)
    assert paid == len(ids)
    assert network.calls == len(ids)  # no charge was even attempted twice
    with container.db.transaction(write=False) as session:
        ends = set(session.scalars(select(Subscription.current_period_end)).all())
    (end,) = ends
    assert end is not None and end.isoformat().startswith("2026-03-05")


def test_x7_worker_killed_mid_sweep_charges_nobody_twice_after_restart(
    container: Container,
) -> None:
    ids = seed(container, 20)
    network = Network(crash_after=len(ids) + 7)  # 20 purchases, then 7 renewals, then death
    container.gateway = network
    assert isinstance(container.clock, SimulatedClock)
    container.clock.advance(timedelta(days=31))
    network.ledger.clear()
    network.crash_after = 7

    try:
        sweep(container)
    except SystemExit:
        pass
    else:  # pragma: no cover
        raise AssertionError("the worker should have died")
    per_sub, _ = renewals(container)
    # The first batch committed; the 6th and 7th renewals (second batch) were charged on the
    # network, then died with their batch's transaction.
    assert sum(per_sub.values()) == BATCH

    sweep(container)  # the restarted worker
    per_sub, paid = renewals(container)
    assert per_sub == dict.fromkeys(ids, 1)
    assert paid == len(ids)
    # The two renewals whose transaction died were retried with the same idempotency keys,
    # so the network charged each once: one network charge per subscription.
    assert len(network.ledger) == len(ids)
    assert network.calls == len(ids) + 2
