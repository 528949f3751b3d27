"""Pure App Store status rules (tenure.domain.appstore): the store's transitions through the
state machine's check (APP-1) and which ``subscription.*`` event a change of status records
(APP-1, APP-5, APP-7, APP-9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tenure.domain import appstore as rules
from tenure.domain import subscription
from tenure.domain.subscription import STATUSES, Status

T0 = datetime(2026, 1, 5, 12, tzinfo=UTC)
YEAR = timedelta(days=365)

ACTIVE = rules.Standing(
    status="active",
    end_reason=None,
    store_state="active",
    period_start=T0,
    period_end=T0 + YEAR,
    grace_ends_at=None,
)
TRIAL = replace(ACTIVE, status="trialing", store_state="trial", period_end=T0 + timedelta(days=7))
GRACE = replace(ACTIVE, status="past_due", store_state="grace", grace_ends_at=T0 + YEAR)


def ended(reason: str, state: str = "expired") -> rules.Standing:
    return replace(ACTIVE, status="expired", end_reason=reason, store_state=state)


# ----------------------------------------------------------------------------- transitions


@pytest.mark.parametrize("current", rules.STORE_STATUSES)
@pytest.mark.parametrize("target", rules.STORE_STATUSES)
def test_app1_the_store_moves_a_subscription_between_any_of_its_states(
    current: Status, target: Status
) -> None:
    """APP-1: the newest signed snapshot wins, whatever came before it."""
    rules.check_transition(current, target)


def test_app1_an_expired_store_subscription_comes_back_unlike_a_web_one() -> None:
    """APP-1: a recovered payment, a reversed refund or a resubscription revives the same
    subscription; on the web ``expired`` stays final (SUB-1)."""
    rules.check_transition("expired", "active")
    with pytest.raises(subscription.TransitionError):
        subscription.check_transition("expired", "active")


@pytest.mark.parametrize("status", rules.STORE_STATUSES)
def test_app1_the_first_snapshot_creates_the_subscription_in_its_state(status: Status) -> None:
    """APP-1: even an ``EXPIRED`` may be the first notification of a purchase."""
    rules.check_transition(None, status)


@pytest.mark.parametrize("current", [None, *STATUSES])
def test_app1_the_store_never_makes_a_subscription_scheduled(current: Status | None) -> None:
    with pytest.raises(subscription.TransitionError):
        rules.check_transition(current, "scheduled")


@pytest.mark.parametrize("target", STATUSES)
def test_app1_the_store_never_moves_a_scheduled_subscription(target: Status) -> None:
    with pytest.raises(subscription.TransitionError):
        rules.check_transition("scheduled", target)


# ----------------------------------------------------------------------------- events


@pytest.mark.parametrize(
    ("created", "event"),
    [
        (TRIAL, "trial_started"),
        (ACTIVE, "activated"),
        (GRACE, "past_due"),
        (ended("billing_retry", "billing_retry"), "expired"),
    ],
)
def test_app1_a_created_subscription_records_its_first_status(
    created: rules.Standing, event: str
) -> None:
    """APP-1, APP-5: ``created`` is followed by the event of the state the store showed."""
    assert rules.status_event(None, created) == event


def test_app1_a_new_period_is_a_renewal_a_longer_one_an_extension() -> None:
    later = T0 + YEAR
    renewed = replace(ACTIVE, period_start=later, period_end=later + YEAR)
    assert rules.status_event(ACTIVE, renewed) == "renewed"
    extended = replace(ACTIVE, period_end=T0 + YEAR + timedelta(days=30))
    assert rules.status_event(ACTIVE, extended) == "period_extended"
    assert rules.status_event(TRIAL, replace(TRIAL, period_end=T0 + YEAR)) == "period_extended"


def test_app1_nothing_moved_records_no_status_event() -> None:
    for standing in (TRIAL, ACTIVE, GRACE, ended("canceled")):
        assert rules.status_event(standing, standing) is None
    # A cancellation or a renewal preference is not a change of status.
    assert rules.status_event(ACTIVE, replace(ACTIVE, store_state="active")) is None


def test_app9_a_new_grace_end_is_recorded_again() -> None:
    later = replace(GRACE, grace_ends_at=T0 + YEAR + timedelta(days=16))
    assert rules.status_event(GRACE, later) == "past_due"


def test_app7_a_new_reason_to_be_ended_is_recorded_again() -> None:
    assert rules.status_event(ended("canceled"), ended("refunded", "refunded")) == "expired"
    lapsed = ended("renewal_unconfirmed", "lapsed")
    assert rules.status_event(lapsed, ended("payment_failed")) == "expired"
    assert rules.status_event(ended("canceled"), ended("canceled", "lapsed")) == "expired"


@pytest.mark.parametrize("before", [TRIAL, ACTIVE, GRACE])
def test_app7_app9_an_ending_or_a_failed_payment_is_named_by_the_new_status(
    before: rules.Standing,
) -> None:
    assert rules.status_event(before, ended("refunded", "refunded")) == "expired"
    if before is not GRACE:
        assert rules.status_event(before, GRACE) == "past_due"


def test_app9_a_payment_recovered_in_grace() -> None:
    assert rules.status_event(GRACE, ACTIVE) == "recovered"


@pytest.mark.parametrize(
    ("reason", "event"),
    [
        ("billing_retry", "recovered"),
        ("renewal_unconfirmed", "recovered"),  # the safety net lapsed it, a late renewal
        ("refunded", "restored"),
        ("revoked", "restored"),
        ("canceled", "reactivated"),
        ("payment_failed", "reactivated"),
    ],
)
def test_app1_app7_coming_back_from_expired_says_why(reason: str, event: str) -> None:
    assert rules.status_event(ended(reason), ACTIVE) == event
    assert rules.status_event(ended(reason), TRIAL) == event


def test_app5_a_trial_converted_is_an_activation_a_free_offer_a_trial() -> None:
    assert rules.status_event(TRIAL, ACTIVE) == "activated"
    assert rules.status_event(ACTIVE, TRIAL) == "trial_started"
