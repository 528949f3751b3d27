"""SUB-3: calendar periods anchored on a day, clamped at month end, never drifting."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from tenure.domain.periods import boundary, index_at, months_after, period

# hypothesis takes naive bounds and attaches the timezone itself.
anchors = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001
    max_value=datetime(2090, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
months = st.sampled_from([1, 3, 6, 12, 24])
indices = st.integers(min_value=0, max_value=240)


def test_sub3_anchor_jan31_clamps_and_returns() -> None:
    anchor = datetime(2027, 1, 31, 9, 30, tzinfo=UTC)
    ends = [boundary(anchor, 1, k).date().isoformat() for k in range(1, 6)]
    assert ends == ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30"]
    leap = datetime(2028, 1, 31, tzinfo=UTC)
    assert boundary(leap, 1, 1).date().isoformat() == "2028-02-29"


def test_sub3_feb29_yearly_anchor() -> None:
    anchor = datetime(2028, 2, 29, tzinfo=UTC)
    assert [boundary(anchor, 12, k).date().isoformat() for k in range(1, 5)] == [
        "2029-02-28",
        "2030-02-28",
        "2031-02-28",
        "2032-02-29",
    ]


@given(anchor=anchors, m=months, k=indices)
def test_sub3_boundaries_keep_anchor_day_clamped(anchor: datetime, m: int, k: int) -> None:
    start = boundary(anchor, m, k)
    last_day = calendar.monthrange(start.year, start.month)[1]
    assert start.day == min(anchor.day, last_day)
    assert start.time() == anchor.time()
    # The month is exactly k·m months after the anchor's month.
    assert (start.year - anchor.year) * 12 + start.month - anchor.month == k * m


@given(anchor=anchors, m=months, k=indices)
def test_sub3_periods_are_contiguous_and_positive(anchor: datetime, m: int, k: int) -> None:
    start, end = period(anchor, m, k)
    next_start, _ = period(anchor, m, k + 1)
    assert end == next_start
    assert timedelta(days=28 * m) <= end - start <= timedelta(days=31 * m)


@given(anchor=anchors, m=months, k=indices, offset=st.floats(min_value=0, max_value=0.999))
def test_sub3_index_at_finds_the_containing_period(
    anchor: datetime, m: int, k: int, offset: float
) -> None:
    start, end = period(anchor, m, k)
    instant = start + (end - start) * offset
    assert index_at(anchor, m, instant) == k


@given(anchors, st.integers(min_value=0, max_value=1200))
def test_sub3_months_after_is_what_relativedelta_gives(anchor: datetime, count: int) -> None:
    assert months_after(anchor, count) == anchor + relativedelta(months=count)
