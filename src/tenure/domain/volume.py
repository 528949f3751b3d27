"""Volume licensing rules (seed 000): tier prices (CAT-3) and the charge for licenses added
before the renewal date (VL-5). Pure functions; ``now`` is passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from tenure.kit.money import round_half_up

MINIMUM_LICENSES = 5  # VL-2
MAX_ADDITIONAL_ORDINARY = 4  # VL-2: four or fewer extra subscriptions need no volume licensing


@dataclass(frozen=True, slots=True)
class Tier:
    min_quantity: int
    monthly_unit_price: int


def tier_for(tiers: list[Tier], quantity: int) -> Tier:
    """CAT-3: the tier is set by the total licence count on the subscription."""
    eligible = [t for t in tiers if t.min_quantity <= quantity]
    if not eligible:
        raise ValueError(f"no tier for {quantity} licenses")
    return max(eligible, key=lambda t: t.min_quantity)


@dataclass(frozen=True, slots=True)
class Proration:
    whole_months: int
    partial: Fraction  # the fraction of one monthly period that remains, by days
    amount: int  # minor units, rounded once, half up
    partial_days: int = 0  # the days of the partial monthly period that remain …
    partial_period_days: int = 0  # … out of that period's days

    @property
    def months(self) -> Fraction:
        return self.whole_months + self.partial


def remaining_months(renewal: datetime, now: datetime) -> tuple[int, Fraction]:
    """Whole monthly periods, counted back from the renewal date, that lie entirely after
    ``now``, and the fraction (by days) of the monthly period that contains ``now``."""
    whole, days_left, days_in_period = remaining_period(renewal, now)
    return whole, Fraction(days_left, days_in_period) if days_in_period else Fraction(0)


def remaining_period(renewal: datetime, now: datetime) -> tuple[int, int, int]:
    """Whole monthly periods, counted back from the renewal date, that lie entirely after
    ``now``; then the days left of the monthly period that contains ``now`` and that period's
    length in days."""
    if now >= renewal:
        return 0, 0, 0
    whole = 0
    while renewal - relativedelta(months=whole + 1) >= now:
        whole += 1
    upper = renewal - relativedelta(months=whole)
    lower = renewal - relativedelta(months=whole + 1)
    return whole, (upper - now).days, (upper - lower).days


def added_licenses_charge(
    *, monthly_unit_price: int, added: int, renewal: datetime, now: datetime
) -> Proration:
    """VL-5: monthly price per license × licenses added × months remaining to the renewal
    date, a partial month charged by days. Seed: renewal 25 June 2021, five added on
    25 August 2020 → 5 × monthly × 10."""
    if added < 1:
        raise ValueError("add at least one license")
    return added_seats_charge(
        period_unit_amount=monthly_unit_price, period_months=1, added=added,
        renewal=renewal, now=now,
    )  # fmt: skip


def added_seats_charge(
    *, period_unit_amount: int, period_months: int, added: int, renewal: datetime, now: datetime
) -> Proration:
    """Seats added to a per-seat plan mid-period (BIZ-1, like VL-5): the price of a seat for
    the period ÷ its months × seats added × months remaining to the renewal date, a partial
    month by days; rounded once, half up."""
    if added < 1:
        raise ValueError("add at least one seat")
    if period_months < 1:
        raise ValueError("a billing period has at least one month")
    whole, days_left, days_in_period = remaining_period(renewal, now)
    partial = Fraction(days_left, days_in_period) if days_in_period else Fraction(0)
    amount = round_half_up(Fraction(period_unit_amount * added, period_months) * (whole + partial))
    return Proration(
        whole_months=whole,
        partial=partial,
        amount=amount,
        partial_days=days_left,
        partial_period_days=days_in_period,
    )
