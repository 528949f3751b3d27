"""APP-1, X-7: two deliveries at the same moment — the same notification twice, or the first
two notifications of a new purchase — give one subscription and apply each notification
once, on SQLite and on PostgreSQL.

Each delivery runs in its own thread and transaction, as two API processes would; the first
holds its transaction open until the second has started and is waiting for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import func, select

from support import Api
from support.apple import (
    AppleStore,
    StoreCustomer,
    StorePurchase,
    apple,
    apple_pki,
    settings,
    store_catalog,
    store_customer,
)
from tenure.channels.appstore import service
from tenure.channels.appstore.models import AppStoreNotification
from tenure.channels.appstore.verifier import verifier_for
from tenure.container import Container
from tenure.events.models import Event
from tenure.kit.clock import SimulatedClock
from tenure.subscriptions.models import Subscription

__all__ = ["apple", "apple_pki", "settings", "store_catalog"]


def race(container: Container, first: str, second: str) -> list[service.Received]:
    """Deliver ``first``; while its transaction is still open, deliver ``second``."""
    verifier = verifier_for(container.settings)
    results: list[service.Received] = []
    started, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def deliver(payload: str, before_commit: Callable[[], None]) -> None:
        try:
            notice = verifier.verify(payload)
            with container.db.transaction() as session:
                results.append(service.receive(session, notice=notice, now=container.clock.now()))
                before_commit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def hold() -> None:
        started.set()
        release.wait(10)

    one = threading.Thread(target=deliver, args=(first, hold))
    one.start()
    assert started.wait(10)
    two = threading.Thread(target=deliver, args=(second, lambda: None))
    two.start()
    time.sleep(0.3)  # let the second delivery reach the first one's locks
    release.set()
    one.join(20)
    two.join(20)
    assert not errors, errors
    return results


def counts(container: Container, subscription_id: str) -> tuple[int, int, int]:
    with container.db.transaction(write=False) as session:
        subs = session.scalar(select(func.count()).select_from(Subscription))
        rows = session.scalar(select(func.count()).select_from(AppStoreNotification))
        events = session.scalar(
            select(func.count()).select_from(Event).where(Event.subject_id == subscription_id)
        )
    return subs or 0, rows or 0, events or 0


def test_app1_the_same_notification_delivered_twice_at_once_applies_once(
    staff_api: Api,
    container: Container,
    apple: AppleStore,
    clock: SimulatedClock,
    store_catalog: None,
) -> None:
    buyer: StoreCustomer = store_customer(staff_api)
    payload = StorePurchase(apple, clock, buyer.token).initial_buy()
    first, second = race(container, payload, payload)
    assert (first.duplicate, second.duplicate) == (False, True)
    assert first.subscription is not None
    assert counts(container, first.subscription.id) == (1, 1, 2)  # created, trial_started


def test_app1_first_two_notifications_of_a_purchase_at_once_make_one_subscription(
    staff_api: Api,
    container: Container,
    apple: AppleStore,
    clock: SimulatedClock,
    store_catalog: None,
) -> None:
    buyer: StoreCustomer = store_customer(staff_api)
    store = StorePurchase(apple, clock, buyer.token)
    bought = store.initial_buy(trial=False)
    cancelled = store.set_auto_renew(False)
    first, second = race(container, bought, cancelled)
    assert first.subscription is not None and second.subscription is not None
    assert first.subscription.id == second.subscription.id
    assert (first.notification.outcome, second.notification.outcome) == ("applied", "applied")
    assert counts(container, first.subscription.id) == (1, 2, 3)  # + cancel_scheduled
    (sub,) = buyer.api.get("/v1/subscriptions")["data"]
    assert sub["status"] == "active" and sub["cancel_at_period_end"] is True
