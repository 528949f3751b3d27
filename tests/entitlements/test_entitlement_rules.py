"""The pure entitlement rule (APP-2, APP-3, APP-4, APP-9, SUB-4, SUB-5): which subscriptions
count, the union of features, the highest connection limit, the access end, the warnings,
and which app versions may use a plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenure.catalog.schema import Plan
from tenure.domain.entitlement import (
    Client,
    SubscriptionTerms,
    client_version_problem,
    resolve,
    valid_client_version,
)

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
    platforms=("windows", "macos", "ios"),
)
STORE = replace(
    WEB,
    subscription_id="sub_store",
    plan="vpn-app-12m",
    channel="app_store",
    current_period_end=NOW + timedelta(days=300),
    features=("vpn",),
    connection_limit=5,
    min_app_versions={"ios": "7.3.7"},
    min_os_versions={"ios": "12"},
)


def codes(value: object) -> list[tuple[str, str]]:
    return [(w.code, w.subscription_id) for w in value.warnings]  # type: ignore[attr-defined]


def test_app3_nothing_means_no_subscription() -> None:
    value = resolve([], now=NOW)
    assert (value.active, value.reason, value.features) == (False, "no_subscription", ())
    assert value.connection_limit is None and value.expires_at is None


def test_app3_app4_one_answer_over_both_channels() -> None:
    value = resolve([STORE, WEB], now=NOW)
    assert value.active and value.reason == "subscription_active"
    assert value.reasons == ("subscription_active",)
    assert value.features == ("split_tunneling", "vpn")
    assert value.connection_limit == 8  # the highest: web 8, App Store 5
    assert value.expires_at == NOW + timedelta(days=300)  # the latest end
    assert value.subscription_ids == ("sub_store", "sub_web")
    assert value.channels == ("app_store", "web") and value.products == ("vpn",)
    assert value.platforms == ("ios", "macos", "windows")  # every app of the product
    assert [(s.subscription_id, s.channel) for s in value.sources] == [
        ("sub_store", "app_store"),
        ("sub_web", "web"),
    ]
    assert resolve([STORE], now=NOW).connection_limit == 5
    # Both renew by themselves on two channels: a double charge ahead (seed 001, APP-12).
    assert codes(value) == [("double_charge_risk", "sub_web")]
    assert resolve([STORE, replace(WEB, renews=False)], now=NOW).warnings == ()


def test_sub1_scheduled_and_expired_do_not_count() -> None:
    value = resolve([replace(WEB, status="expired"), replace(STORE, status="scheduled")], now=NOW)
    assert not value.active and value.reason == "expired"
    assert resolve([replace(STORE, status="scheduled")], now=NOW).reason == "no_subscription"


def test_app9_sub5_web_grace_keeps_access_and_warns_with_the_deadline() -> None:
    deadline = NOW + timedelta(days=10)
    value = resolve([replace(WEB, status="past_due", grace_ends_at=deadline)], now=NOW)
    assert value.active and value.reason == "grace"
    assert value.expires_at == deadline
    assert [(w.code, w.subscription_id, w.deadline) for w in value.warnings] == [
        ("payment_failed", "sub_web", deadline),
        ("grace_deadline", "sub_web", deadline),
    ]
    assert value.warnings[0].message.startswith("Payment failed. Update your payment method")
    # Grace that has run out counts no more, even before the scheduler marks it expired.
    assert not resolve([replace(WEB, status="past_due", grace_ends_at=NOW)], now=NOW).active


def test_app9_the_stores_grace_shows_payment_failed_while_access_lasts() -> None:
    deadline = NOW + timedelta(days=16)
    sub = replace(STORE, status="past_due", store_state="grace", grace_ends_at=deadline)
    value = resolve([sub], now=NOW)
    assert value.active and value.reason == "grace"
    (failed, grace) = value.warnings
    assert (failed.code, failed.channel, failed.deadline) == (
        "payment_failed",
        "app_store",
        deadline,
    )
    assert "in the App Store to keep access" in failed.message  # fix it there, not here
    assert (grace.code, grace.deadline) == ("grace_deadline", deadline)
    assert value.expires_at == deadline
    # A billing problem the store reports on a subscription still marked active counts too;
    # with no deadline known, payment_failed comes alone.
    retrying = replace(STORE, store_state="billing_retry")
    assert codes(resolve([retrying], now=NOW)) == [("payment_failed", "sub_store")]
    # The store's grace has run out: no access.
    gone = resolve([replace(sub, grace_ends_at=NOW - timedelta(seconds=1))], now=NOW)
    assert not gone.active and gone.warnings == ()


def test_app9_access_ended_while_the_store_retries_still_says_payment_failed() -> None:
    retrying = replace(STORE, status="expired", store_state="billing_retry")
    value = resolve([retrying], now=NOW)
    assert not value.active and value.reason == "expired"
    ((failed),) = value.warnings
    assert (failed.code, failed.subscription_id, failed.deadline) == (
        "payment_failed",
        "sub_store",
        None,
    )
    assert "access has stopped" in failed.message and "App Store" in failed.message
    # An ordinary expiry, or access through another subscription: no such warning.
    assert resolve([replace(retrying, store_state="expired")], now=NOW).warnings == ()
    assert codes(resolve([retrying, WEB], now=NOW)) == []


def test_app9_grace_with_another_subscription_still_running() -> None:
    web_grace = replace(WEB, status="past_due", grace_ends_at=NOW + timedelta(days=3))
    value = resolve([web_grace, STORE], now=NOW)
    assert value.reason == "subscription_active"
    assert value.reasons == ("subscription_active", "grace")
    assert codes(value) == [("payment_failed", "sub_web"), ("grace_deadline", "sub_web")]


def test_sub2_trialing_counts_with_a_trial_warning() -> None:
    trial_end = NOW + timedelta(days=7)
    value = resolve([replace(STORE, status="trialing", trial_end=trial_end)], now=NOW)
    assert value.active and value.reason == "trialing"
    ((code, sub_id),) = codes(value)
    assert (code, sub_id, value.warnings[0].deadline) == ("trial", "sub_store", trial_end)


def test_sub4_expiring_soon_when_cancelled_and_ending_within_the_window() -> None:
    ending = replace(WEB, renews=False, current_period_end=NOW + timedelta(days=5))
    value = resolve([ending], now=NOW)
    assert codes(value) == [("expiring_soon", "sub_web")]
    assert value.warnings[0].deadline == NOW + timedelta(days=5)
    # Not yet within the window (7 days by default; the caller may choose).
    far = replace(ending, current_period_end=NOW + timedelta(days=8))
    assert codes(resolve([far], now=NOW)) == []
    assert codes(resolve([far], now=NOW, expiring_within=timedelta(days=10))) != []
    # Still renewing: nothing ends.
    assert codes(resolve([replace(ending, renews=True)], now=NOW)) == []
    # Another subscription carries access on: access does not end soon.
    assert codes(resolve([ending, STORE], now=NOW)) == []


def test_app8_no_expiring_soon_when_a_scheduled_subscription_follows() -> None:
    ending = replace(STORE, renews=False, current_period_end=NOW + timedelta(days=2))
    follows = replace(WEB, status="scheduled", start_at=NOW + timedelta(days=2))
    assert codes(resolve([ending], now=NOW)) == [("expiring_soon", "sub_store")]
    assert codes(resolve([ending, follows], now=NOW)) == []


# --------------------------------------------------------------------------- APP-2


def test_app2_versions_compare_as_numbers() -> None:
    plan = STORE
    assert client_version_problem(plan, "ios", "7.3.7", "12") is None
    assert client_version_problem(plan, "ios", "7.3.10", "12.0.1") is None  # 7.3.10 > 7.3.7
    assert client_version_problem(plan, "ios", "7.10", "17.4") is None
    too_old = client_version_problem(plan, "ios", "7.3.6", "11.4")
    assert too_old is not None
    assert too_old.too_old == ("app", "os")
    assert (too_old.min_app_version, too_old.min_os_version) == ("7.3.7", "12")
    assert too_old.plan == "vpn-app-12m"
    only_os = client_version_problem(plan, "ios", "8.0", "11.99")
    assert only_os is not None and only_os.too_old == ("os",)
    # Other platforms have no minimum for this plan; an unknown platform is not gated.
    assert client_version_problem(plan, "android", "1.0", "4") is None
    assert client_version_problem(plan, None, None, None) is None
    # A version not given cannot be shown to meet a minimum.
    missing = client_version_problem(plan, "ios", "7.3.7", None)
    assert missing is not None and missing.too_old == ("os",)


def test_app2_the_catalog_plan_is_accepted_as_is() -> None:
    plan = Plan.model_validate(
        {
            "code": "vpn-app",
            "name": "VPN (App Store)",
            "kind": "personal",
            "billing_period_months": 12,
            "prices": {"USD": 9999},
            "channels": ["app_store"],
            "payment_methods": [],
            "min_os_versions": {"ios": "12"},
            "min_app_versions": {"ios": "7.3.7"},
        }
    )
    problem = client_version_problem(plan, "ios", "7.3.6", "12")
    assert problem is not None and problem.plan == "vpn-app" and problem.too_old == ("app",)
    assert client_version_problem(plan, "ios", "7.3.10", "12") is None


@pytest.mark.parametrize(
    ("text", "ok"),
    [("7.3.10", True), ("12", True), ("v7.3", True), ("21.3.1-beta", True), ("abc", False),
     ("1..2", False), ("", False), ("7.3.7 ", False)],
)  # fmt: skip
def test_app2_client_versions_must_look_like_versions(text: str, ok: bool) -> None:
    assert valid_client_version(text) is ok


def test_app2_a_too_old_client_uses_only_what_it_may() -> None:
    old_ios = Client("ios", app_version="7.3.6", os_version="15")
    both = resolve([STORE, WEB], now=NOW, client=old_ios)
    assert both.active and both.subscription_ids == ("sub_web",)
    assert both.connection_limit == 8
    assert codes(both) == [("client_version_too_old", "sub_store")]
    only_store = resolve([STORE], now=NOW, client=old_ios)
    assert not only_store.active and only_store.reason == "client_version_too_old"
    (problem,) = only_store.client_problems
    assert problem.too_old == ("app",) and problem.min_app_version == "7.3.7"
    assert resolve([STORE], now=NOW, client=Client("ios", "7.3.10", "12")).active
    assert resolve([STORE], now=NOW, client=Client("windows", "1.0", "10")).active  # APP-3


# --------------------------------------------------------------------------- properties

subscriptions = st.lists(
    st.builds(
        SubscriptionTerms,
        subscription_id=st.sampled_from(["sub_a", "sub_b", "sub_c", "sub_d"]),
        product=st.sampled_from(["vpn", "av"]),
        plan=st.just("p"),
        channel=st.sampled_from(["web", "app_store"]),
        status=st.sampled_from(["trialing", "active", "past_due", "expired", "scheduled"]),
        current_period_end=st.one_of(
            st.none(), st.integers(-30, 400).map(lambda d: NOW + timedelta(days=d))
        ),
        grace_ends_at=st.one_of(
            st.none(), st.integers(-5, 30).map(lambda d: NOW + timedelta(days=d))
        ),
        features=st.lists(st.sampled_from(["vpn", "av", "fw"]), max_size=3).map(tuple),
        connection_limit=st.one_of(st.none(), st.integers(1, 10)),
        renews=st.booleans(),
        store_state=st.sampled_from([None, "grace", "billing_retry", "active"]),
    ),
    max_size=5,
    unique_by=lambda s: s.subscription_id,
)


@given(subscriptions)
def test_app3_app4_properties(subs: list[SubscriptionTerms]) -> None:
    value = resolve(subs, now=NOW)
    live = [s for s in subs if s.subscription_id in value.subscription_ids]
    assert value.active == bool(live)
    assert value.features == tuple(sorted({f for s in live for f in s.features}))
    limits = [s.connection_limit for s in live if s.connection_limit is not None]
    assert value.connection_limit == (max(limits) if limits else None)
    # The order the subscriptions come in never changes the answer.
    again = resolve(list(reversed(subs)), now=NOW)
    assert (again.active, again.features, again.connection_limit, again.expires_at) == (
        value.active,
        value.features,
        value.connection_limit,
        value.expires_at,
    )
    assert {w.code for w in again.warnings} == {w.code for w in value.warnings}
    # A billing problem of a live subscription always shows payment_failed (APP-9).
    for sub in live:
        if sub.status == "past_due" or sub.store_state in ("grace", "billing_retry"):
            assert ("payment_failed", sub.subscription_id) in codes(value)
    # Nothing that has ended, or not begun, gives access.
    assert all(s.status in ("trialing", "active", "past_due") for s in live)


def test_no_limit_when_no_plan_sets_one() -> None:
    antivirus = replace(WEB, product="av", features=("antivirus",), connection_limit=None)
    assert resolve([antivirus], now=NOW).connection_limit is None
    assert resolve([antivirus, STORE], now=NOW).connection_limit == 5
    assert resolve([replace(antivirus, current_period_end=None)], now=NOW).expires_at is None
