"""Pure subscription rules: the state machine (SUB-1), next actions, plan changes (SUB-6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tenure.domain import subscription as rules

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def schedule(**overrides: object) -> rules.Schedule:
    base: dict[str, object] = {
        "status": "active",
        "start_at": T0,
        "trial_end": None,
        "current_period_end": T0 + timedelta(days=31),
        "paid_through": T0 + timedelta(days=31),
        "cancel_at_period_end": False,
        "auto_renew": True,
        "fixed_term": False,
        "charge_lead_days": 0,
        "grace_ends_at": None,
    }
    base.update(overrides)
    return rules.Schedule(**base)  # type: ignore[arg-type]


def test_sub1_expired_is_final() -> None:
    for target in rules.STATUSES:
        with pytest.raises(rules.TransitionError):
            rules.check_transition("expired", target)


def test_sub1_past_due_recovers_or_expires_only() -> None:
    rules.check_transition("past_due", "active")
    rules.check_transition("past_due", "expired")
    with pytest.raises(rules.TransitionError):
        rules.check_transition("past_due", "trialing")


def test_sub5_grace_keeps_access() -> None:
    assert rules.has_access("past_due")
    assert not rules.has_access("expired")
    assert not rules.has_access("scheduled")


def test_sub3_renewal_charged_lead_days_before() -> None:
    end = T0 + timedelta(days=31)
    assert rules.next_action(schedule(charge_lead_days=2)) == ("renew", end - timedelta(days=2))


def test_sub3_paid_renewal_rolls_at_period_end() -> None:
    end = T0 + timedelta(days=31)
    assert rules.next_action(schedule(paid_through=end + timedelta(days=30))) == ("roll", end)


def test_sub4_cancelled_expires_at_period_end() -> None:
    end = T0 + timedelta(days=31)
    assert rules.next_action(schedule(cancel_at_period_end=True)) == ("expire", end)
    assert rules.next_action(schedule(fixed_term=True)) == ("expire", end)


def test_sub2_trial_ends_then_grace_ends() -> None:
    trial_end = T0 + timedelta(days=14)
    assert rules.next_action(schedule(status="trialing", trial_end=trial_end)) == (
        "trial_end",
        trial_end,
    )
    grace = T0 + timedelta(days=30)
    assert rules.next_action(schedule(status="past_due", grace_ends_at=grace)) == (
        "grace_end",
        grace,
    )
    assert rules.next_action(schedule(status="expired")) is None


def test_sub4_resubscription_start() -> None:
    later = T0 + timedelta(days=10)
    assert rules.resubscription_start(later, T0) == later
    assert rules.resubscription_start(T0 - timedelta(days=1), T0) == T0
    assert rules.resubscription_start(None, T0) == T0


def terms(
    code: str, kind: str = "personal", months: int = 12, product: str = "vpn"
) -> rules.PlanTerms:
    return rules.PlanTerms(code, product, kind, months, ("web",))


@pytest.mark.parametrize(
    ("current", "target", "code"),
    [
        (terms("a"), terms("a"), "same_plan"),
        (terms("a"), terms("b", product="av"), "plan_not_in_product"),
        (terms("v", "volume"), terms("p"), "volume_downgrade_not_allowed"),
        (terms("p"), terms("v", "volume"), "volume_requires_enrollment"),
        (terms("v12", "volume", 12), terms("v6", "volume", 6), "billing_period_cannot_shorten"),
        (terms("p"), terms("f", "free"), "free_plan_not_subscribable"),
        (terms("v6", "volume", 6), terms("v12", "volume", 12), None),
        (terms("m", months=1), terms("y", months=12), None),
        (terms("y", months=12), terms("m", months=1), None),
    ],
)
def test_sub6_vl7_vl8_plan_change_rules(
    current: rules.PlanTerms, target: rules.PlanTerms, code: str | None
) -> None:
    problem = rules.plan_change_problem(current, target)
    assert (problem[0] if problem else None) == code


def test_sub5_failed_renewal_charge_is_not_repeated_before_the_renewal_date() -> None:
    end = T0 + timedelta(days=31)
    assert rules.next_action(schedule(charge_lead_days=2, renewal_attempted=True)) == (
        "roll",
        end,
    )


def test_sub10_unused_value_counts_whole_days_left_rounded_half_up() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    end = datetime(2026, 1, 31, tzinfo=UTC)  # 30 days
    # 10 of 30 days left of 999: 333; 15.5 days left counts 15 whole days: 499.5 -> 500.
    assert (
        rules.unused_value(
            paid=999, period_start=start, period_end=end, now=end - timedelta(days=10)
        )
        == 333
    )
    assert (
        rules.unused_value(
            paid=999, period_start=start, period_end=end, now=end - timedelta(days=15, hours=12)
        )
        == 500
    )
    assert (
        rules.unused_value(
            paid=999, period_start=start, period_end=end, now=end + timedelta(days=1)
        )
        == 0
    )
    assert rules.unused_value(paid=999, period_start=start, period_end=start, now=start) == 0


def test_sub9_refund_deadline_is_the_window_after_purchase_or_none() -> None:
    bought = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
    assert rules.refund_deadline(bought, 30) == datetime(2026, 1, 31, 9, 30, tzinfo=UTC)
    assert rules.refund_deadline(bought, 0) is None


def test_x11_app8_unpaid_scheduled_purchase_is_charged_at_the_lead_time() -> None:
    start = T0 + timedelta(days=100)
    unpaid = schedule(status="scheduled", start_at=start, paid_through=None, charge_lead_days=3)
    assert rules.next_action(unpaid) == ("first_charge", start - timedelta(days=3))
    attempted = schedule(
        status="scheduled", start_at=start, paid_through=None, renewal_attempted=True
    )
    assert rules.next_action(attempted) == ("start", start)  # failed: starts in grace
    paid = schedule(status="scheduled", start_at=start, paid_through=start + timedelta(days=30))
    assert rules.next_action(paid) == ("start", start)  # a resubscription, paid at purchase
    rules.check_transition("scheduled", "past_due")


@pytest.mark.parametrize(
    ("own", "default", "source"),
    [
        ("card", "bitcoin", "subscription"),  # the own method while it exists
        (None, "card", "account_default"),  # deleted: the default, if the plan accepts it
        (None, "bitcoin", None),  # VL-3: never a method the plan does not accept
        ("paypal", "card", "account_default"),  # own not accepted (after a plan change)
        (None, None, None),
    ],
)
def test_x11_vl3_paying_method_source(
    own: str | None, default: str | None, source: str | None
) -> None:
    assert rules.paying_method_source(own=own, default=default, accepted=["card"]) == source
