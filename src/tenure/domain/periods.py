"""Calendar billing periods (SUB-3).

Period *k* of a subscription anchored at instant *A* with a period of *m* months starts at
``A + k·m months``. Each boundary is computed from the anchor, never from the previous
boundary, so dates never drift: anchored on 31 January, monthly periods end on 28/29 February,
31 March, 30 April, 31 May … Month ends are clamped as ``dateutil.relativedelta`` does.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import datetime


def months_after(instant: datetime, count: int) -> datetime:
    """``instant`` plus ``count`` calendar months, the day clamped to the month's end: what
    ``instant + relativedelta(months=count)`` gives (a property test checks it), in a
    fraction of the time, since renewals compute a few of these each."""
    index = instant.month - 1 + count
    year, month = instant.year + index // 12, index % 12 + 1
    day = instant.day
    if day > 28:
        day = min(day, monthrange(year, month)[1])
    return instant.replace(year=year, month=month, day=day)


def at_offset(anchor: datetime, offset: int, months: int) -> tuple[datetime, datetime]:
    """``(start, end)`` of the ``months``-long period that starts ``offset`` months after the
    anchor: a subscription's period (its length can change with a plan change, so periods
    are counted in months from the anchor, not by index)."""
    return months_after(anchor, offset), months_after(anchor, offset + months)


def boundary(anchor: datetime, months: int, index: int) -> datetime:
    """The start of period ``index`` (0 = the anchor itself)."""
    if months < 1:
        raise ValueError("a billing period is at least one month")
    if index < 0:
        raise ValueError("period index must be non-negative")
    return months_after(anchor, months * index)


def period(anchor: datetime, months: int, index: int) -> tuple[datetime, datetime]:
    """``(start, end)`` of period ``index``."""
    return boundary(anchor, months, index), boundary(anchor, months, index + 1)


def index_at(anchor: datetime, months: int, instant: datetime) -> int:
    """The index of the period that contains ``instant`` (``instant >= anchor``)."""
    if instant < anchor:
        raise ValueError("instant precedes the anchor")
    # Start from an estimate and correct it; month lengths vary.
    estimate = max(0, ((instant.year - anchor.year) * 12 + instant.month - anchor.month) // months)
    while estimate > 0 and boundary(anchor, months, estimate) > instant:
        estimate -= 1
    while boundary(anchor, months, estimate + 1) <= instant:
        estimate += 1
    return estimate
