"""The pure entitlement rule (APP-3, APP-4, APP-9, SUB-5): which subscriptions count, the
union of features, the highest connection limit, the access end and the warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tenure.domain.entitlement import SubscriptionTerms, resolve

NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)

WEB = SubscriptionTerms(
    subscription_id="sub_web",
    product="vpn",
    plan="vpn-web-1m",
    channel="web",
    status="active",
    current_period_end=NOW + timedelta(days=20),
    features=("vpn", "split_tunneling"),
    connection_limit=8,
)
STORE = replace(
    WEB,
    subscription_id="sub_store",
    plan="vpn-app-12m",
    channel="app_store",
    current_period_end=NOW + timedelta(days=300),
    features=("vpn",),
    connection_limit=5,
)


def test_app3_nothing_means_no_subscription() -> None:
    value = resolve([], now=NOW)
    assert (value.active, value.reason, value.features) == (False, "no_subscription", ())
    assert value.connection_limit is None and value.expires_at is None


def test_app4_highest_limit_union_of_features_latest_end() -> None:
    value = resolve([STORE, WEB], now=NOW)
    assert value.active and value.reason == "subscription_active"
    assert value.features == ("split_tunneling", "vpn")
    assert value.connection_limit == 8
    assert value.expires_at == NOW + timedelta(days=300)
    assert value.subscription_ids == ("sub_store", "sub_web")
    assert resolve([STORE], now=NOW).connection_limit == 5


def test_sub1_scheduled_and_expired_do_not_count() -> None:
    value = resolve([replace(WEB, status="expired"), replace(STORE, status="scheduled")], now=NOW)
    assert not value.active and value.reason == "expired"
    assert resolve([replace(STORE, status="scheduled")], now=NOW).reason == "no_subscription"


def test_app9_sub5_grace_keeps_access_with_a_payment_failed_warning() -> None:
    deadline = NOW + timedelta(days=10)
    value = resolve([replace(WEB, status="past_due", grace_ends_at=deadline)], now=NOW)
    assert value.active and value.reason == "grace"
    assert value.expires_at == deadline
    (warning,) = value.warnings
    assert (warning.code, warning.subscription_id, warning.deadline) == (
        "payment_failed",
        "sub_web",
        deadline,
    )
    # Grace that has run out counts no more, even before the scheduler marks it expired.
    assert not resolve([replace(WEB, status="past_due", grace_ends_at=NOW)], now=NOW).active


def test_sub2_trialing_counts() -> None:
    value = resolve([replace(WEB, status="trialing")], now=NOW)
    assert value.active and value.reason == "trialing"


def test_no_limit_when_no_plan_sets_one() -> None:
    antivirus = replace(WEB, product="av", features=("antivirus",), connection_limit=None)
    assert resolve([antivirus], now=NOW).connection_limit is None
    assert resolve([antivirus, STORE], now=NOW).connection_limit == 5
    assert resolve([replace(antivirus, current_period_end=None)], now=NOW).expires_at is None
