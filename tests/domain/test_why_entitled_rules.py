"""The pure rules behind APP-12 (the next charge and the last moment to cancel, why a
subscription does not count, a second channel charging twice) and APP-11 (the storefront
decides what is offered)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tenure.domain.entitlement import SubscriptionTerms, next_charge, resolve
from tenure.domain.storefront import Country, StorePlan, choose_country, store_offers

NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)
END = NOW + timedelta(days=20)

WEB = SubscriptionTerms(
    subscription_id="sub_web",
    product="vpn",
    plan="vpn-web-1m",
    channel="web",
    status="active",
    current_period_end=END,
    charge_lead_days=2,
    paid_through=END,
    next_amount=1299,
    currency="USD",
)
STORE = replace(WEB, subscription_id="sub_store", channel="app_store", charge_lead_days=0,
                next_amount=79900, currency="DKK")  # fmt: skip


def test_app12_app5_the_store_charges_at_the_period_end_cancel_24_hours_before() -> None:
    charge = next_charge(STORE)
    assert charge is not None
    assert (charge.at, charge.cancel_by) == (END, END - timedelta(hours=24))
    assert (charge.amount, charge.currency) == (79900, "DKK")
    trial = next_charge(replace(STORE, status="trialing", trial_end=NOW + timedelta(days=7)))
    assert trial is not None and trial.cancel_by == NOW + timedelta(days=6)


def test_app12_sub3_sub4_the_web_charges_the_lead_time_before_and_cancel_stops_it() -> None:
    charge = next_charge(WEB)
    assert charge is not None and charge.at == charge.cancel_by == END - timedelta(days=2)
    # Renewal already paid: the next charge is the following period's.
    later = END + timedelta(days=31)
    ahead = next_charge(replace(WEB, paid_through=later))
    assert ahead is not None and ahead.at == later - timedelta(days=2)
    # Web trial: charged at its end (SUB-2).
    trial = next_charge(replace(WEB, status="trialing", trial_end=NOW + timedelta(days=14)))
    assert trial is not None and trial.at == NOW + timedelta(days=14)
    # Nothing to charge: cancelled, or a payment being retried.
    assert next_charge(replace(WEB, renews=False)) is None
    assert next_charge(replace(WEB, status="past_due", grace_ends_at=END)) is None


def test_app12_why_the_others_do_not_count() -> None:
    value = resolve(
        [
            WEB,
            replace(WEB, subscription_id="sub_a", status="expired", end_reason="canceled",
                    ended_at=NOW - timedelta(days=40)),
            replace(WEB, subscription_id="sub_b", status="expired", end_reason="payment_failed",
                    ended_at=NOW - timedelta(days=5)),
            replace(STORE, subscription_id="sub_c", status="expired", end_reason="revoked",
                    ended_at=NOW - timedelta(days=1)),
            replace(WEB, subscription_id="sub_d", status="scheduled", start_at=END,
                    paid_through=None),
        ],
        now=NOW,
    )  # fmt: skip
    reasons = {n.subscription_id: (n.reason, n.at) for n in value.not_counting}
    # Only the latest ended one per product and channel is listed.
    assert reasons == {
        "sub_b": ("payment_failed", NOW - timedelta(days=5)),
        "sub_c": ("refunded", NOW - timedelta(days=1)),
        "sub_d": ("not_started", END),
    }
    (scheduled,) = [n for n in value.not_counting if n.reason == "not_started"]
    assert scheduled.next_charge is not None  # not paid yet: charged before it starts
    assert scheduled.next_charge.at == END - timedelta(days=2)


def test_app12_seed001_two_renewing_channels_warn_of_a_double_charge() -> None:
    (warning,) = resolve([STORE, WEB], now=NOW).warnings
    assert (warning.code, warning.subscription_id, warning.other_subscription_id) == (
        "double_charge_risk",
        "sub_web",  # charged first: two days before the period end
        "sub_store",
    )
    assert warning.deadline == END - timedelta(days=2)
    # Two web subscriptions of one product, or an organization's plan, are no such risk.
    assert resolve([WEB, replace(WEB, subscription_id="sub_2")], now=NOW).warnings == ()
    member = replace(STORE, managed_by="organization")
    assert resolve([member, WEB], now=NOW).warnings == ()


def test_app11_the_storefront_not_the_device_region_decides() -> None:
    assert choose_country("DK", "US") == Country("DK", "storefront")
    assert choose_country(None, "us") == Country("US", "device_region")
    assert choose_country(None, None) is None
    plans = [
        StorePlan("vpn-12m", regions=("US", "DK"), trial_days=7, trial_regions=("US",)),
        StorePlan("vpn-1m", regions=("*",)),
    ]
    (dk,) = store_offers([("vpn", plans), ("av", [])], Country("DK", "storefront"))
    assert (dk.offered, dk.plans, dk.trial_offered) == (True, ("vpn-12m", "vpn-1m"), False)
    assert dk.message_keys == ("trial_not_offered",)
    (us,) = store_offers([("vpn", plans)], Country("US", "device_region"))
    assert (us.trial_offered, us.trial_days, us.message_keys) == (True, 7, ())
    (cn,) = store_offers([("vpn", plans[:1])], Country("CN", "device_region"))
    assert cn.message_keys == ("not_offered", "device_region")
