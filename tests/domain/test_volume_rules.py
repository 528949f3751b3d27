"""VL-5 and CAT-3 as pure rules, property-tested."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from tenure.domain.volume import Tier, added_licenses_charge, remaining_months, tier_for

TIERS = [Tier(5, 1000), Tier(10, 900), Tier(25, 800), Tier(50, 700)]


@pytest.mark.parametrize(
    ("quantity", "price"),
    [(5, 1000), (9, 1000), (10, 900), (24, 900), (25, 800), (50, 700), (500, 700)],
)
def test_cat3_tier_by_total_count(quantity: int, price: int) -> None:
    assert tier_for(TIERS, quantity).monthly_unit_price == price


def test_vl5_seed_example_five_licenses_ten_months() -> None:
    charge = added_licenses_charge(
        monthly_unit_price=1000,
        added=5,
        renewal=datetime(2021, 6, 25, tzinfo=UTC),
        now=datetime(2020, 8, 25, tzinfo=UTC),
    )
    assert (charge.whole_months, charge.partial) == (10, Fraction(0))
    assert charge.amount == 5 * 1000 * 10


def test_vl5_partial_month_is_charged_by_days() -> None:
    # 10 full months back to 25 Aug, then 10 of the 31 days of 25 Jul – 25 Aug remain.
    charge = added_licenses_charge(
        monthly_unit_price=999,
        added=3,
        renewal=datetime(2021, 6, 25, tzinfo=UTC),
        now=datetime(2020, 8, 15, tzinfo=UTC),
    )
    assert charge.whole_months == 10
    assert charge.partial == Fraction(10, 31)
    assert charge.amount == round(Fraction(999 * 3) * (10 + Fraction(10, 31)))  # 30937


renewals = st.datetimes(
    min_value=datetime(2021, 1, 1),  # noqa: DTZ001 - hypothesis attaches the timezone
    max_value=datetime(2040, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(renewal=renewals, back=st.integers(min_value=0, max_value=24 * 31))
def test_vl5_remaining_months_bounds(renewal: datetime, back: int) -> None:
    now = renewal - timedelta(days=back)
    whole, partial = remaining_months(renewal, now)
    assert 0 <= partial < 1
    assert renewal - relativedelta(months=whole) >= now
    assert renewal - relativedelta(months=whole + 1) < now or back == 0


@given(renewal=renewals, months=st.integers(min_value=1, max_value=24))
def test_vl5_whole_months_exactly(renewal: datetime, months: int) -> None:
    charge = added_licenses_charge(
        monthly_unit_price=833, added=7, renewal=renewal, now=renewal - relativedelta(months=months)
    )
    assert (charge.whole_months, charge.partial) == (months, Fraction(0))
    assert charge.amount == 833 * 7 * months
