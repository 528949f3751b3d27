"""The pure App Store mapping (tenure.domain.appstore): each notification type to Tenure's
state (APP-1, APP-5, APP-7, APP-9), ordering by signing date, and the safety net."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tenure.domain.appstore import (
    Known,
    Lapse,
    StoreNotice,
    StoreRenewal,
    StoreTransaction,
    history_of,
    is_stale,
    lapse,
    lapse_at,
    target,
)

T0 = datetime(2026, 1, 5, 12, tzinfo=UTC)
YEAR_END = datetime(2027, 1, 5, 12, tzinfo=UTC)
DAY = timedelta(days=1)

PAID = StoreTransaction(
    original_transaction_id="2000000000000001",
    transaction_id="2000000000000002",
    product_id="com.example.vpn.yearly",
    purchased_at=T0,
    original_purchased_at=T0,
    expires_at=YEAR_END,
    price_milli=99_990,
    currency="USD",
)
TRIAL = replace(
    PAID, expires_at=T0 + 7 * DAY, offer_type=1, offer_discount_type="FREE_TRIAL", price_milli=0
)
RENEWING = StoreRenewal(
    original_transaction_id="2000000000000001",
    auto_renew=True,
    auto_renew_product_id="com.example.vpn.yearly",
)
ACTIVE = Known(
    status="active",
    period_start=T0,
    period_end=YEAR_END,
    trial_start=None,
    trial_end=None,
    cancel_at_period_end=False,
    canceled_at=None,
)


def notice(
    kind: str,
    subtype: str | None = None,
    *,
    at: datetime = T0,
    txn: StoreTransaction = PAID,
    renewal: StoreRenewal | None = RENEWING,
) -> StoreNotice:
    return StoreNotice(
        uuid=f"{kind}-{subtype}-{at.isoformat()}",
        type=kind,
        subtype=subtype,
        signed_at=at,
        environment="Production",
        transaction=txn,
        renewal=renewal,
    )


def test_app5_initial_buy_with_a_free_trial_is_trialing() -> None:
    result = target(notice("SUBSCRIBED", "INITIAL_BUY", txn=TRIAL), None)
    assert result is not None
    assert (result.status, result.store_state) == ("trialing", "trial")
    assert (result.trial_start, result.trial_end) == (T0, T0 + 7 * DAY)


@pytest.mark.parametrize(
    "txn",
    [
        replace(TRIAL, offer_discount_type=None),  # older payloads: an offer at price 0
        replace(TRIAL, offer_type=3),  # an offer code for a free period
    ],
)
def test_app5_free_offer_periods_count_as_trials(txn: StoreTransaction) -> None:
    assert txn.free_trial
    result = target(notice("SUBSCRIBED", "INITIAL_BUY", txn=txn), None)
    assert result is not None and result.status == "trialing"


def test_app5_paid_introductory_offer_is_not_a_trial() -> None:
    paid_intro = replace(PAID, offer_type=1, offer_discount_type="PAY_UP_FRONT")
    assert not paid_intro.free_trial
    result = target(notice("SUBSCRIBED", "INITIAL_BUY", txn=paid_intro), None)
    assert result is not None and result.status == "active"


@pytest.mark.parametrize(
    ("kind", "subtype", "txn", "renewal", "expected"),
    [
        ("SUBSCRIBED", "INITIAL_BUY", PAID, RENEWING, ("active", "active", None)),
        ("SUBSCRIBED", "RESUBSCRIBE", PAID, RENEWING, ("active", "active", None)),
        ("DID_RENEW", None, PAID, RENEWING, ("active", "active", None)),
        ("DID_RENEW", "BILLING_RECOVERY", PAID, RENEWING, ("active", "active", None)),
        (
            "DID_FAIL_TO_RENEW",
            "GRACE_PERIOD",
            PAID,
            replace(RENEWING, in_billing_retry=True, grace_expires_at=YEAR_END + 16 * DAY),
            ("past_due", "grace", None),
        ),
        (
            "DID_FAIL_TO_RENEW",
            None,
            PAID,
            replace(RENEWING, in_billing_retry=True),
            ("expired", "billing_retry", "billing_retry"),
        ),
        (
            "GRACE_PERIOD_EXPIRED",
            None,
            PAID,
            replace(RENEWING, in_billing_retry=True),
            ("expired", "billing_retry", "billing_retry"),
        ),
        ("EXPIRED", "VOLUNTARY", PAID, RENEWING, ("expired", "expired", "canceled")),
        ("EXPIRED", "BILLING_RETRY", PAID, RENEWING, ("expired", "expired", "payment_failed")),
        (
            "EXPIRED",
            "PRICE_INCREASE",
            PAID,
            RENEWING,
            ("expired", "expired", "price_increase_declined"),
        ),
        (
            "EXPIRED",
            "PRODUCT_NOT_FOR_SALE",
            PAID,
            RENEWING,
            ("expired", "expired", "product_not_for_sale"),
        ),
        (
            "REFUND",
            None,
            replace(PAID, revoked_at=T0 + DAY),
            RENEWING,
            ("expired", "refunded", "refunded"),
        ),
        (
            "REVOKE",
            None,
            replace(PAID, revoked_at=T0 + DAY),
            RENEWING,
            ("expired", "revoked", "revoked"),
        ),
        ("REFUND_REVERSED", None, PAID, RENEWING, ("active", "active", None)),
        ("RENEWAL_EXTENDED", None, PAID, RENEWING, ("active", "active", None)),
        (
            "DID_CHANGE_RENEWAL_STATUS",
            "AUTO_RENEW_DISABLED",
            PAID,
            RENEWING,
            ("active", "active", None),
        ),
        ("DID_CHANGE_RENEWAL_PREF", "DOWNGRADE", PAID, RENEWING, ("active", "active", None)),
    ],
)
def test_app1_mapping_of_each_notification_type(
    kind: str,
    subtype: str | None,
    txn: StoreTransaction,
    renewal: StoreRenewal,
    expected: tuple[str, str, str | None],
) -> None:
    signed = T0 + 2 * DAY if kind in ("REFUND", "REVOKE", "REFUND_REVERSED") else T0
    if kind in ("EXPIRED", "GRACE_PERIOD_EXPIRED", "DID_FAIL_TO_RENEW"):
        signed = YEAR_END
    result = target(notice(kind, subtype, at=signed, txn=txn, renewal=renewal), ACTIVE)
    assert result is not None
    assert (result.status, result.store_state, result.end_reason) == expected


def test_app7_refund_ends_access_at_the_revocation_date() -> None:
    refunded = replace(PAID, revoked_at=T0 + 40 * DAY)
    result = target(notice("REFUND", at=T0 + 40 * DAY, txn=refunded), ACTIVE)
    assert result is not None and result.ended_at == T0 + 40 * DAY


def test_app9_grace_keeps_the_period_and_sets_its_end() -> None:
    grace = replace(RENEWING, in_billing_retry=True, grace_expires_at=YEAR_END + 16 * DAY)
    result = target(notice("DID_FAIL_TO_RENEW", "GRACE_PERIOD", at=YEAR_END, renewal=grace), ACTIVE)
    assert result is not None
    assert result.grace_ends_at == YEAR_END + 16 * DAY
    assert (result.period_start, result.period_end) == (T0, YEAR_END)


def test_app9_expiry_after_grace_ended_counts_access_to_the_grace_end() -> None:
    grace_end = YEAR_END + 16 * DAY
    renewal = replace(RENEWING, grace_expires_at=grace_end, expiration_intent=2)
    result = target(
        notice("EXPIRED", "BILLING_RETRY", at=YEAR_END + 60 * DAY, renewal=renewal), ACTIVE
    )
    assert result is not None and result.ended_at == grace_end


@pytest.mark.parametrize(
    ("subtype", "cancel"), [("AUTO_RENEW_DISABLED", True), ("AUTO_RENEW_ENABLED", False)]
)
def test_app5_auto_renew_off_is_a_cancel_at_period_end(subtype: str, cancel: bool) -> None:
    renewal = replace(RENEWING, auto_renew=not cancel)
    was = replace(ACTIVE, cancel_at_period_end=not cancel, canceled_at=None if cancel else T0)
    result = target(notice("DID_CHANGE_RENEWAL_STATUS", subtype, at=T0 + DAY, renewal=renewal), was)
    assert result is not None
    assert result.cancel_at_period_end is cancel
    assert result.canceled_at == (T0 + DAY if cancel else None)


def test_app6_downgrade_waits_for_the_renewal() -> None:
    renewal = replace(RENEWING, auto_renew_product_id="com.example.vpn.monthly")
    result = target(notice("DID_CHANGE_RENEWAL_PREF", "DOWNGRADE", renewal=renewal), ACTIVE)
    assert result is not None
    assert result.product_id == "com.example.vpn.yearly"
    assert result.renewal_product_id == "com.example.vpn.monthly"


def test_app1_snapshot_of_an_older_transaction_never_moves_the_period_back() -> None:
    """A refund of last year's purchase arrives while this year's period is known."""
    this_year = replace(ACTIVE, period_start=YEAR_END, period_end=YEAR_END + 365 * DAY)
    old = replace(PAID, revoked_at=YEAR_END + 30 * DAY)
    result = target(notice("REFUND", at=YEAR_END + 30 * DAY, txn=old), this_year)
    assert result is not None
    assert (result.period_start, result.period_end) == (YEAR_END, YEAR_END + 365 * DAY)


def test_app1_renewals_keep_the_latest_expiry() -> None:
    extended = replace(ACTIVE, period_end=YEAR_END + 30 * DAY)
    result = target(notice("DID_CHANGE_RENEWAL_STATUS", "AUTO_RENEW_ENABLED"), extended)
    assert result is not None and result.period_end == YEAR_END + 30 * DAY


def test_app1_informational_types_change_nothing() -> None:
    for kind in ("PRICE_INCREASE", "REFUND_DECLINED", "CONSUMPTION_REQUEST", "TEST"):
        assert target(notice(kind), ACTIVE) is None
    assert target(replace(notice("DID_RENEW"), transaction=None), ACTIVE) is None


def test_app1_older_signatures_are_stale() -> None:
    assert is_stale(notice("DID_RENEW", at=T0), T0 + DAY)
    assert not is_stale(notice("DID_RENEW", at=T0 + DAY), T0 + DAY)
    assert not is_stale(notice("DID_RENEW", at=T0), None)


def test_app5_a_late_initial_buy_still_records_the_trial() -> None:
    late = notice("SUBSCRIBED", "INITIAL_BUY", txn=TRIAL)
    assert history_of(late, ACTIVE) == (T0, T0 + 7 * DAY)
    assert history_of(late, replace(ACTIVE, trial_start=T0, trial_end=T0 + 7 * DAY)) is None
    assert history_of(notice("DID_RENEW"), ACTIVE) is None


# --- the safety net ----------------------------------------------------------------------

MARGIN = timedelta(hours=48)


def lapse_of(**values: Any) -> Lapse | None:
    args: dict[str, Any] = {
        "status": "active",
        "store_state": "active",
        "cancel_at_period_end": False,
        "period_end": YEAR_END,
        "grace_ends_at": None,
        "ended_at": None,
        "margin": MARGIN,
    }
    args.update(values)
    return lapse(**args)


def test_app1_safety_net_waits_for_the_store() -> None:
    assert lapse_of(now=YEAR_END + MARGIN - timedelta(seconds=1)) is None
    ended = lapse_of(now=YEAR_END + MARGIN)
    assert ended is not None
    assert (ended.end_reason, ended.store_state, ended.ended_at) == (
        "renewal_unconfirmed",
        "lapsed",
        YEAR_END,
    )


def test_app5_safety_net_ends_a_cancelled_subscription_at_its_period_end() -> None:
    ended = lapse_of(cancel_at_period_end=True, now=YEAR_END)
    assert ended is not None
    assert (ended.end_reason, ended.store_state) == ("canceled", "expired")


def test_app9_safety_net_ends_grace_and_long_billing_retries() -> None:
    grace_end = YEAR_END + 16 * DAY
    ended = lapse_of(status="past_due", store_state="grace", grace_ends_at=grace_end, now=grace_end)
    assert ended is not None
    assert (ended.end_reason, ended.store_state) == ("billing_retry", "billing_retry")
    retry: dict[str, Any] = {
        "status": "expired",
        "store_state": "billing_retry",
        "ended_at": YEAR_END,
    }
    due = lapse_at(
        cancel_at_period_end=False, period_end=None, grace_ends_at=None, margin=MARGIN, **retry
    )
    assert due == YEAR_END + 60 * DAY + MARGIN
    gave_up = lapse_of(now=YEAR_END + 61 * DAY + MARGIN, **retry)
    assert gave_up is not None
    assert (gave_up.end_reason, gave_up.store_state) == ("payment_failed", "expired")
    assert (
        lapse_of(
            status="expired", store_state="expired", ended_at=YEAR_END, now=YEAR_END + 999 * DAY
        )
        is None
    )


def test_app6_an_upgrade_is_immediate_in_the_store() -> None:
    switched = T0 + 30 * DAY
    upgraded = replace(
        PAID,
        transaction_id="2000000000000003",
        product_id="com.example.vpn.premium",
        purchased_at=switched,
        expires_at=switched + 365 * DAY,
    )
    renewal = replace(RENEWING, auto_renew_product_id="com.example.vpn.premium")
    result = target(
        notice("DID_CHANGE_RENEWAL_PREF", "UPGRADE", at=switched, txn=upgraded, renewal=renewal),
        ACTIVE,
    )
    assert result is not None
    assert (result.product_id, result.renewal_product_id) == ("com.example.vpn.premium", None)
    assert (result.period_start, result.period_end) == (switched, switched + 365 * DAY)
