"""Whole App Store life cycles, driven by signed App Store Server Notifications and the
simulated clock (APP-1, APP-4, APP-5, APP-6, APP-7, APP-9, SUB-4): the store bills, Tenure
follows — never charging, renewing or retrying a store subscription itself.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from support import Api
from support.apple import (
    MONTHLY,
    AppleStore,
    StoreCustomer,
    StorePurchase,
    apple,
    apple_pki,
    post_notification,
    settings,
    store_catalog,
    store_customer,
)
from tenure.container import Container
from tenure.kit.clock import SimulatedClock
from tenure.subscriptions.models import Subscription

__all__ = ["apple", "apple_pki", "settings", "store_catalog"]


@pytest.fixture
def buyer(staff_api: Api, store_catalog: None) -> StoreCustomer:
    return store_customer(staff_api)


@pytest.fixture
def store(apple: AppleStore, clock: SimulatedClock, buyer: StoreCustomer) -> StorePurchase:
    return StorePurchase(apple, clock, buyer.token)


def when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def the_subscription(buyer: StoreCustomer) -> dict[str, Any]:
    (sub,) = buyer.api.get("/v1/subscriptions")["data"]
    assert sub["channel"] == "app_store"
    # The store bills: nothing is ever due for Tenure's own renewal machinery (APP-1).
    assert sub["next_action"] is None and sub["next_action_at"] is None
    return dict(sub)


def store_state(container: Container, subscription_id: str) -> str | None:
    with container.db.transaction(write=False) as session:
        sub = session.get(Subscription, subscription_id)
        assert sub is not None
        return sub.store_state


def event_types(buyer: StoreCustomer, subscription_id: str) -> list[str]:
    return [e["type"] for e in buyer.api.get(f"/v1/subscriptions/{subscription_id}/events")["data"]]


def advance_to(staff_api: Api, at: datetime) -> None:
    staff_api.post("/v1/clock/advance", {"to": at.isoformat()})


# ----------------------------------------------------------------------------- APP-5


def test_app5_free_trial_then_the_store_renews(
    anon_api: Api,
    staff_api: Api,
    buyer: StoreCustomer,
    store: StorePurchase,
    clock: SimulatedClock,
    container: Container,
) -> None:
    start = clock.now()
    receipt = post_notification(anon_api, store.initial_buy(trial=True))
    assert receipt["outcome"] == "applied"

    sub = the_subscription(buyer)
    assert sub["id"] == receipt["subscription_id"]
    assert (sub["status"], sub["plan"], sub["product"]) == ("trialing", "vpn-ios", "vpn")
    assert when(sub["trial_start"]) == start
    assert when(sub["trial_end"]) == start + timedelta(days=7)
    assert sub["price"] == {"amount": 9999, "currency": "USD"}  # the renewal price, not 0
    assert store_state(container, sub["id"]) == "trial"
    entitlement = buyer.api.get("/v1/me/entitlement")
    assert entitlement["active"] is True and entitlement["connection_limit"] == 5  # APP-4

    # Trial end: Tenure takes no charge of its own; the store does and tells.
    advance_to(staff_api, start + timedelta(days=7))
    assert the_subscription(buyer)["status"] == "trialing"
    assert buyer.api.get("/v1/invoices")["data"] == []
    post_notification(anon_api, store.renew())

    renewed = the_subscription(buyer)
    assert renewed["status"] == "active"
    assert when(renewed["current_period_start"]) == start + timedelta(days=7)
    assert when(renewed["current_period_end"]) == start + timedelta(days=7) + relativedelta(
        months=12
    )
    assert when(renewed["trial_end"]) == start + timedelta(days=7)
    events = buyer.api.get(f"/v1/subscriptions/{sub['id']}/events")["data"]
    assert [e["type"] for e in events] == [
        "subscription.created",
        "subscription.trial_started",
        "subscription.activated",
    ]
    assert {e["actor"]["kind"] for e in events} == {"store"}
    assert buyer.api.get("/v1/invoices")["data"] == []


def test_app5_cancelled_24_hours_before_the_trial_ends_then_expires(
    anon_api: Api,
    staff_api: Api,
    buyer: StoreCustomer,
    store: StorePurchase,
    clock: SimulatedClock,
    container: Container,
) -> None:
    start = clock.now()
    post_notification(anon_api, store.initial_buy(trial=True))
    advance_to(staff_api, start + timedelta(days=5))  # two days before the trial ends

    post_notification(anon_api, store.set_auto_renew(False))
    sub = the_subscription(buyer)
    assert sub["status"] == "trialing" and sub["cancel_at_period_end"] is True
    assert when(sub["canceled_at"]) == clock.now()
    assert buyer.api.get("/v1/me/entitlement")["active"] is True  # usable to the end

    trial_end = start + timedelta(days=7)
    advance_to(staff_api, trial_end + timedelta(minutes=5))
    post_notification(anon_api, store.expire("VOLUNTARY", at=trial_end))

    ended = the_subscription(buyer)
    assert (ended["status"], ended["end_reason"]) == ("expired", "canceled")
    assert when(ended["ended_at"]) == trial_end
    assert store_state(container, sub["id"]) == "expired"
    assert buyer.api.get("/v1/me/entitlement")["active"] is False
    types = event_types(buyer, sub["id"])
    assert types.count("subscription.cancel_scheduled") == 1
    assert types.count("subscription.expired") == 1
    assert buyer.api.get("/v1/invoices")["data"] == []


def test_app5_turning_auto_renew_back_on_undoes_the_cancel(
    anon_api: Api, staff_api: Api, buyer: StoreCustomer, store: StorePurchase, clock: SimulatedClock
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    staff_api.post("/v1/clock/advance", {"days": 100})
    post_notification(anon_api, store.set_auto_renew(False))
    staff_api.post("/v1/clock/advance", {"days": 10})
    post_notification(anon_api, store.set_auto_renew(True))
    sub = the_subscription(buyer)
    assert sub["cancel_at_period_end"] is False and sub["canceled_at"] is None
    assert event_types(buyer, sub["id"])[-2:] == [
        "subscription.cancel_scheduled",
        "subscription.cancel_undone",
    ]
    assert store.expires_at is not None
    advance_to(staff_api, store.expires_at - timedelta(hours=1))
    post_notification(anon_api, store.renew())
    assert the_subscription(buyer)["status"] == "active"


# ----------------------------------------------------------------------------- APP-7


def test_app7_store_refund_ends_access_at_once_and_a_reversal_restores_it(
    anon_api: Api,
    staff_api: Api,
    buyer: StoreCustomer,
    store: StorePurchase,
    clock: SimulatedClock,
    container: Container,
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    bought = the_subscription(buyer)
    assert bought["status"] == "active"
    staff_api.post("/v1/clock/advance", {"days": 40})

    post_notification(anon_api, store.refund())
    refunded = the_subscription(buyer)
    assert (refunded["status"], refunded["end_reason"]) == ("expired", "refunded")
    assert when(refunded["ended_at"]) == clock.now()  # at once, not at the period end
    assert store_state(container, refunded["id"]) == "refunded"
    assert buyer.api.get("/v1/me/entitlement")["active"] is False

    staff_api.post("/v1/clock/advance", {"days": 2})
    post_notification(anon_api, store.reverse_refund())
    restored = the_subscription(buyer)
    assert restored["status"] == "active" and restored["ended_at"] is None
    assert restored["current_period_end"] == bought["current_period_end"]
    assert event_types(buyer, restored["id"])[-2:] == [
        "subscription.expired",
        "subscription.restored",
    ]


# ----------------------------------------------------------------------------- SUB-4 / APP-1


def test_app1_resubscribing_in_the_store_after_expiry_starts_now(
    anon_api: Api, staff_api: Api, buyer: StoreCustomer, store: StorePurchase, clock: SimulatedClock
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    post_notification(anon_api, store.set_auto_renew(False))
    assert store.expires_at is not None
    advance_to(staff_api, store.expires_at + timedelta(days=30))
    post_notification(anon_api, store.expire("VOLUNTARY", at=store.expires_at))
    assert the_subscription(buyer)["status"] == "expired"

    post_notification(anon_api, store.resubscribe())
    again = the_subscription(buyer)  # the same store subscription (originalTransactionId)
    assert again["status"] == "active"
    assert when(again["current_period_start"]) == clock.now()
    assert when(again["current_period_end"]) == clock.now() + relativedelta(months=12)
    assert again["cancel_at_period_end"] is False
    assert again["ended_at"] is None and again["end_reason"] is None
    assert event_types(buyer, again["id"])[-1] == "subscription.reactivated"


# ----------------------------------------------------------------------------- APP-9


def test_app9_store_grace_period_keeps_access_and_shows_payment_failed(
    anon_api: Api,
    staff_api: Api,
    buyer: StoreCustomer,
    store: StorePurchase,
    clock: SimulatedClock,
    container: Container,
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    renewal_date = store.expires_at
    assert renewal_date is not None
    advance_to(staff_api, renewal_date)

    post_notification(anon_api, store.fail_to_renew(grace_days=16))
    failing = the_subscription(buyer)
    assert failing["status"] == "past_due"
    assert when(failing["grace_ends_at"]) == renewal_date + timedelta(days=16)
    assert store_state(container, failing["id"]) == "grace"
    entitlement = buyer.api.get("/v1/me/entitlement")
    assert entitlement["active"] is True
    assert "payment_failed" in [w["code"] for w in entitlement["warnings"]]

    staff_api.post("/v1/clock/advance", {"days": 5})
    post_notification(anon_api, store.renew(subtype="BILLING_RECOVERY"))
    recovered = the_subscription(buyer)
    assert recovered["status"] == "active" and recovered["grace_ends_at"] is None
    # Paid within grace: the renewal date does not move.
    assert when(recovered["current_period_start"]) == renewal_date
    assert store_state(container, recovered["id"]) == "active"
    assert event_types(buyer, recovered["id"])[-2:] == [
        "subscription.past_due",
        "subscription.recovered",
    ]
    assert "payment_failed" not in [
        w["code"] for w in buyer.api.get("/v1/me/entitlement")["warnings"]
    ]


def test_app9_billing_retry_without_grace_ends_access_until_the_payment_recovers(
    anon_api: Api,
    staff_api: Api,
    buyer: StoreCustomer,
    store: StorePurchase,
    clock: SimulatedClock,
    container: Container,
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    renewal_date = store.expires_at
    assert renewal_date is not None
    advance_to(staff_api, renewal_date)

    post_notification(anon_api, store.fail_to_renew(grace_days=None))
    retrying = the_subscription(buyer)
    assert (retrying["status"], retrying["end_reason"]) == ("expired", "billing_retry")
    assert when(retrying["ended_at"]) == renewal_date
    assert store_state(container, retrying["id"]) == "billing_retry"
    assert buyer.api.get("/v1/me/entitlement")["active"] is False

    staff_api.post("/v1/clock/advance", {"days": 10})
    post_notification(anon_api, store.renew(subtype="BILLING_RECOVERY", starts=clock.now()))
    back = the_subscription(buyer)
    assert back["status"] == "active" and back["end_reason"] is None
    assert when(back["current_period_start"]) == clock.now()
    assert event_types(buyer, back["id"])[-1] == "subscription.recovered"
    assert buyer.api.get("/v1/me/entitlement")["active"] is True


def test_app9_grace_runs_out_then_the_store_gives_up(
    anon_api: Api,
    staff_api: Api,
    buyer: StoreCustomer,
    store: StorePurchase,
    clock: SimulatedClock,
    container: Container,
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    assert store.expires_at is not None
    grace_end = store.expires_at + timedelta(days=16)
    advance_to(staff_api, store.expires_at)
    post_notification(anon_api, store.fail_to_renew(grace_days=16))

    advance_to(staff_api, grace_end + timedelta(minutes=1))
    post_notification(anon_api, store.grace_expired(at=grace_end))
    lapsed = the_subscription(buyer)
    assert (lapsed["status"], lapsed["end_reason"]) == ("expired", "billing_retry")
    assert when(lapsed["ended_at"]) == grace_end
    assert store_state(container, lapsed["id"]) == "billing_retry"

    staff_api.post("/v1/clock/advance", {"days": 44})
    post_notification(anon_api, store.expire("BILLING_RETRY"))
    ended = the_subscription(buyer)
    assert (ended["status"], ended["end_reason"]) == ("expired", "payment_failed")
    assert when(ended["ended_at"]) == grace_end
    assert store_state(container, ended["id"]) == "expired"


# ----------------------------------------------------------------------------- APP-6


def test_app6_a_duration_change_in_the_store_starts_at_the_end_of_the_period(
    anon_api: Api, staff_api: Api, buyer: StoreCustomer, store: StorePurchase, clock: SimulatedClock
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    period_end = store.expires_at
    assert period_end is not None
    staff_api.post("/v1/clock/advance", {"days": 60})

    post_notification(anon_api, store.downgrade_at_renewal(MONTHLY))
    pending = the_subscription(buyer)
    assert pending["plan"] == "vpn-ios"
    assert pending["scheduled_change"] == {
        "plan": "vpn-ios-monthly",
        "effective_at": pending["current_period_end"],
    }

    advance_to(staff_api, period_end)
    post_notification(anon_api, store.renew())
    changed = the_subscription(buyer)
    assert (changed["plan"], changed["billing_period_months"]) == ("vpn-ios-monthly", 1)
    assert changed["scheduled_change"] is None
    assert when(changed["current_period_start"]) == period_end
    assert when(changed["current_period_end"]) == period_end + relativedelta(months=1)
    types = event_types(buyer, changed["id"])
    assert "subscription.plan_change_scheduled" in types
    assert types[-2:] == ["subscription.renewed", "subscription.plan_changed"]


def test_app1_renewal_extended_by_the_vendor_moves_the_period_end(
    anon_api: Api, buyer: StoreCustomer, store: StorePurchase
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    before = when(the_subscription(buyer)["current_period_end"])
    assert before is not None
    post_notification(anon_api, store.extend(30))
    after = the_subscription(buyer)
    assert when(after["current_period_end"]) == before + timedelta(days=30)
    assert event_types(buyer, after["id"])[-1] == "subscription.period_extended"


# ----------------------------------------------------------------------------- ordering


def test_app1_duplicate_and_out_of_order_notifications_converge(
    anon_api: Api,
    staff_api: Api,
    apple: AppleStore,
    clock: SimulatedClock,
    container: Container,
    store_catalog: None,
) -> None:
    """The same story told three times: to one customer in order as it happens; to others
    late, newest first or shuffled, with every notification delivered twice. All end in
    the same state."""
    first = store_customer(staff_api, "in-order@example.com")
    others = [store_customer(staff_api, f"late-{n}@example.com") for n in range(2)]
    a = StorePurchase(apple, clock, first.token)
    purchases = [StorePurchase(apple, clock, other.token) for other in others]
    late: list[list[str]] = [[] for _ in others]

    def everyone(step: Any) -> None:
        post_notification(anon_api, step(a))
        for purchase, delayed in zip(purchases, late, strict=True):
            delayed.append(step(purchase))

    start = clock.now()
    everyone(lambda p: p.initial_buy(trial=True))
    advance_to(staff_api, start + timedelta(days=7))
    everyone(lambda p: p.renew())
    advance_to(staff_api, start + timedelta(days=120))
    everyone(lambda p: p.set_auto_renew(False))
    advance_to(staff_api, start + timedelta(days=150))
    everyone(lambda p: p.extend(10))
    assert a.expires_at is not None
    advance_to(staff_api, a.expires_at + timedelta(hours=1))
    everyone(lambda p: p.expire("VOLUNTARY", at=p.expires_at))

    newest_first = [*reversed(late[0]), *late[0]]
    shuffled = late[1] + late[1]
    random.Random(6).shuffle(shuffled)
    for order in (newest_first, shuffled):
        outcomes = [post_notification(anon_api, payload) for payload in order]
        assert sum(o["duplicate"] for o in outcomes) == len(order) // 2
        assert {o["outcome"] for o in outcomes} <= {"applied", "stale"}

    fields = (
        "status", "plan", "start_at", "trial_start", "trial_end", "current_period_start",
        "current_period_end", "cancel_at_period_end", "grace_ends_at", "ended_at",
        "end_reason", "scheduled_change", "price",
    )  # fmt: skip
    in_order = the_subscription(first)
    assert (in_order["status"], in_order["end_reason"]) == ("expired", "canceled")
    assert in_order["trial_end"] is not None
    for other in others:
        out_of_order = the_subscription(other)
        assert {f: in_order[f] for f in fields} == {f: out_of_order[f] for f in fields}
        assert store_state(container, in_order["id"]) == store_state(container, out_of_order["id"])


def test_app1_an_older_notification_never_overwrites_newer_state(
    anon_api: Api, staff_api: Api, buyer: StoreCustomer, store: StorePurchase, clock: SimulatedClock
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    staff_api.post("/v1/clock/advance", {"days": 30})
    cancelled = store.set_auto_renew(False)
    staff_api.post("/v1/clock/advance", {"days": 1})
    refund = store.refund()
    post_notification(anon_api, refund)
    assert post_notification(anon_api, cancelled)["outcome"] == "stale"
    sub = the_subscription(buyer)
    assert (sub["status"], sub["end_reason"]) == ("expired", "refunded")


def test_app1_the_same_notification_twice_is_applied_once(
    anon_api: Api, buyer: StoreCustomer, store: StorePurchase
) -> None:
    payload = store.initial_buy(trial=True)
    first = post_notification(anon_api, payload)
    again = post_notification(anon_api, payload)
    assert (first["duplicate"], again["duplicate"]) == (False, True)
    assert again["notification_id"] == first["notification_id"]
    assert again["subscription_id"] == first["subscription_id"]
    assert len(buyer.api.get("/v1/subscriptions")["data"]) == 1
    assert event_types(buyer, first["subscription_id"]) == [
        "subscription.created",
        "subscription.trial_started",
    ]


# ----------------------------------------------------------------------------- safety net


def test_app1_a_store_subscription_the_store_goes_silent_about_lapses(
    anon_api: Api,
    staff_api: Api,
    buyer: StoreCustomer,
    store: StorePurchase,
    clock: SimulatedClock,
    container: Container,
) -> None:
    """No renewal and no failure heard 48 hours (TENURE_APPSTORE_LAPSE_MARGIN_HOURS) after
    the expiry date: the subscription ends by itself; a late renewal brings it back."""
    post_notification(anon_api, store.initial_buy(trial=False))
    expiry = store.expires_at
    assert expiry is not None
    advance_to(staff_api, expiry + timedelta(hours=47))
    assert the_subscription(buyer)["status"] == "active"
    advance_to(staff_api, expiry + timedelta(hours=49))
    lapsed = the_subscription(buyer)
    assert (lapsed["status"], lapsed["end_reason"]) == ("expired", "renewal_unconfirmed")
    assert when(lapsed["ended_at"]) == expiry
    assert store_state(container, lapsed["id"]) == "lapsed"
    (expired,) = [
        e
        for e in buyer.api.get(f"/v1/subscriptions/{lapsed['id']}/events")["data"]
        if e["type"] == "subscription.expired"
    ]
    assert expired["actor"]["kind"] == "scheduler"
    assert buyer.api.get("/v1/invoices")["data"] == []

    post_notification(anon_api, store.renew(at=expiry - timedelta(hours=2)))  # delivered late
    back = the_subscription(buyer)
    assert back["status"] == "active" and when(back["current_period_start"]) == expiry
    assert event_types(buyer, back["id"])[-1] == "subscription.recovered"


# ----------------------------------------------------------------------------- linking


def test_app1_purchase_with_an_unknown_token_changes_nothing_until_staff_link_it(
    anon_api: Api,
    staff_api: Api,
    apple: AppleStore,
    clock: SimulatedClock,
    buyer: StoreCustomer,
) -> None:
    stranger = StorePurchase(apple, clock, "6f1d2e3c-0000-4000-8000-00000000dead")
    receipt = post_notification(anon_api, stranger.initial_buy(trial=True))
    assert receipt["outcome"] == "unlinked" and receipt["subscription_id"] is None
    staff_api.post("/v1/clock/advance", {"days": 7})
    post_notification(anon_api, stranger.renew())
    assert buyer.api.get("/v1/subscriptions")["data"] == []

    unlinked = staff_api.get("/v1/channels/app_store/notifications?outcome=unlinked")["data"]
    assert [n["type"] for n in unlinked] == ["DID_RENEW", "SUBSCRIBED"]  # newest first
    assert unlinked[0]["original_transaction_id"] == stranger.original_transaction_id
    assert unlinked[0]["detail"] == "unknown appAccountToken"

    linked = staff_api.post(
        f"/v1/channels/app_store/notifications/{unlinked[0]['id']}/link",
        {"account_id": buyer.id},
    )
    assert [n["outcome"] for n in linked] == ["applied", "applied"]
    sub = the_subscription(buyer)
    assert sub["status"] == "active" and sub["trial_end"] is not None
    assert event_types(buyer, sub["id"])[0] == "subscription.created"
    # From now on the store subscription is known by its originalTransactionId.
    staff_api.post("/v1/clock/advance", {"days": 30})
    assert post_notification(anon_api, stranger.set_auto_renew(False))["outcome"] == "applied"
    assert the_subscription(buyer)["cancel_at_period_end"] is True
    again = staff_api.post(
        f"/v1/channels/app_store/notifications/{unlinked[0]['id']}/link",
        {"account_id": buyer.id},
        expect=409,
    )
    assert again["error"]["code"] == "store_notification_not_unlinked"


def test_app1_purchase_without_a_token_is_unlinked(
    anon_api: Api, apple: AppleStore, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    receipt = post_notification(anon_api, StorePurchase(apple, clock, None).initial_buy())
    assert receipt["outcome"] == "unlinked"
    assert buyer.api.get("/v1/subscriptions")["data"] == []


def test_app1_unknown_product_changes_nothing(
    anon_api: Api, staff_api: Api, apple: AppleStore, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    other = StorePurchase(apple, clock, buyer.token, product_id="com.example.vpn.lifetime")
    receipt = post_notification(anon_api, other.initial_buy())
    assert receipt["outcome"] == "unknown_product"
    assert buyer.api.get("/v1/subscriptions")["data"] == []
    (seen,) = staff_api.get("/v1/channels/app_store/notifications?outcome=unknown_product")["data"]
    assert seen["account_id"] == buyer.id and seen["product_id"] == "com.example.vpn.lifetime"


def test_app1_informational_notifications_are_recorded_and_change_nothing(
    anon_api: Api, staff_api: Api, apple: AppleStore, buyer: StoreCustomer, store: StorePurchase
) -> None:
    post_notification(anon_api, store.initial_buy(trial=False))
    before = the_subscription(buyer)
    assert post_notification(anon_api, store.notify("PRICE_INCREASE", "PENDING"))["outcome"] == (
        "recorded"
    )
    test_ping = apple.notification(
        "TEST", None, signed_at=store.clock.now(), transaction=None, renewal=None
    )
    assert post_notification(anon_api, test_ping)["outcome"] == "recorded"
    assert the_subscription(buyer) == before
    assert len(event_types(buyer, before["id"])) == 2


def test_app1_account_token_is_one_per_account(
    client: Any, staff_api: Api, anon_api: Api, buyer: StoreCustomer
) -> None:
    url = "/v1/channels/app_store/account_token"
    assert buyer.api.post(url)["app_account_token"] == buyer.token
    staff_view = staff_api.post(url, {"account_id": buyer.id})
    assert (staff_view["app_account_token"], staff_view["account_id"]) == (buyer.token, buyer.id)
    assert staff_api.post(url, {}, expect=422)["error"]["code"] == "account_id_required"
    other = store_customer(staff_api, "other@example.com")
    assert other.token != buyer.token
    assert other.api.post(url, {"account_id": buyer.id}, expect=403)["error"]["code"] == (
        "forbidden"
    )
    assert anon_api.post(url, expect=401)["error"]["code"] == "unauthenticated"
