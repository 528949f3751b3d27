"""The subscription state machine (SUB-1) and the pure rules around it (SUB-2, SUB-4, SUB-6,
VL-7, VL-8, APP-6).

States: ``scheduled`` (bought, starts later: a resubscription before the old one ended, or a
web purchase while a store subscription runs), ``trialing``, ``active``, ``past_due`` (grace:
renewal failed, full access kept) and ``expired``. ``cancel_at_period_end`` and a scheduled
plan change are flags on top of a state.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Literal

from tenure.kit.money import round_half_up

Status = Literal["scheduled", "trialing", "active", "past_due", "expired"]
STATUSES: tuple[Status, ...] = ("scheduled", "trialing", "active", "past_due", "expired")
LIVE_STATUSES: tuple[Status, ...] = ("trialing", "active", "past_due")

TRANSITIONS: dict[Status, frozenset[Status]] = {
    # A purchase charged when it starts (APP-8) whose charge failed starts in grace (SUB-5).
    "scheduled": frozenset({"active", "past_due", "expired"}),
    "trialing": frozenset({"active", "past_due", "expired"}),
    "active": frozenset({"active", "past_due", "expired"}),
    "past_due": frozenset({"active", "expired"}),
    "expired": frozenset(),
}


class TransitionError(Exception):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"a subscription cannot go from {current} to {target}")
        self.current = current
        self.target = target


def check_transition(
    current: Status,
    target: Status,
    transitions: Mapping[Status, frozenset[Status]] = TRANSITIONS,
) -> None:
    """Refuse a status change the state machine does not allow. ``transitions`` is the web's
    table unless a channel with its own rules passes its table (the App Store's:
    :data:`tenure.domain.appstore.STORE_TRANSITIONS`)."""
    if target not in transitions[current]:
        raise TransitionError(current, target)


def has_access(status: Status) -> bool:
    """Trialing, active and past-due (grace) subscriptions give full access (SUB-5)."""
    return status in LIVE_STATUSES


@dataclass(frozen=True, slots=True)
class PlanTerms:
    """The parts of a plan that decide whether a change is allowed."""

    code: str
    product: str
    kind: str
    billing_period_months: int
    channels: tuple[str, ...]


def plan_change_problem(current: PlanTerms, target: PlanTerms) -> tuple[str, str] | None:
    """Why a change from ``current`` to ``target`` is refused, as ``(code, message)``, or None.

    SUB-6: a change takes effect at the end of the period. VL-7: no way out of volume
    licensing to an ordinary plan. VL-8: a volume subscription's period may lengthen, never
    shorten.
    """
    if target.code == current.code:
        return ("same_plan", "The subscription is already on this plan.")
    if target.product != current.product:
        return ("plan_not_in_product", "Choose a plan of the same product.")
    if current.kind == "volume" and target.kind != "volume":
        return (
            "volume_downgrade_not_allowed",
            "A volume licensing subscription cannot be changed to an ordinary subscription.",
        )
    if current.kind != "volume" and target.kind == "volume":
        return (
            "volume_requires_enrollment",
            "Volume licensing is bought through a volume licensing enrollment.",
        )
    if current.kind == "volume" and target.billing_period_months < current.billing_period_months:
        return (
            "billing_period_cannot_shorten",
            "The billing period of a volume licensing subscription cannot be shortened.",
        )
    if target.kind == "free":
        return ("free_plan_not_subscribable", "Free plans need no subscription.")
    return None


def resubscription_start(previous_end: datetime | None, now: datetime) -> datetime:
    """SUB-4: before the old subscription ends the new one starts at its end date; after,
    it starts at once."""
    if previous_end is not None and previous_end > now:
        return previous_end
    return now


def grace_end(due_at: datetime, grace_days: int) -> datetime:
    """SUB-5: grace begins at the renewal date and lasts ``grace_days``."""
    return due_at + timedelta(days=grace_days)


def renewal_charge_at(period_end: datetime, lead_days: int) -> datetime:
    """SUB-3: auto-renewing subscriptions are charged ``lead_days`` before the renewal date."""
    return period_end - timedelta(days=lead_days)


PayingSource = Literal["subscription", "account_default"]


def paying_method_source(
    *, own: str | None, default: str | None, accepted: Collection[str]
) -> PayingSource | None:
    """Which payment method pays a subscription's charges made without the customer at hand
    (SUB-3, SUB-5, SUB-9, VL-3): renewals, retries during grace, the first charge at the end
    of a trial and of a purchase that starts later (APP-8).

    The subscription's own method (chosen at purchase or later) while it exists and the plan
    accepts its type; when it was deleted (or the customer never chose one), the account's
    default, but only if the plan accepts it; else none, and the charge fails into grace.
    ``own`` and ``default`` are the types of those methods, None when there is none."""
    if own is not None and own in accepted:
        return "subscription"
    if default is not None and default in accepted:
        return "account_default"
    return None


Action = Literal[
    "first_charge", "start", "trial_end", "renew", "roll", "expire", "grace_end", "retry"
]


@dataclass(frozen=True, slots=True)
class Schedule:
    """What a subscription needs to know to decide its next scheduled action."""

    status: Status
    start_at: datetime | None
    trial_end: datetime | None
    current_period_end: datetime | None
    paid_through: datetime | None
    cancel_at_period_end: bool
    auto_renew: bool
    fixed_term: bool
    charge_lead_days: int
    grace_ends_at: datetime | None
    # The charge due at the next boundary (the period end; for a scheduled subscription its
    # start) already ran.
    renewal_attempted: bool = False
    next_retry_at: datetime | None = None  # dunning: the next charge retry during grace


def charge_boundary(
    status: str, current_period_end: datetime | None, start_at: datetime | None
) -> datetime | None:
    """The instant the next scheduled charge pays from: a scheduled subscription's start, else
    the end of the current period (``renewal_attempted_for`` is compared with it)."""
    return start_at if status == "scheduled" else current_period_end


def schedule_of(
    *,
    status: Status,
    start_at: datetime | None,
    trial_end: datetime | None,
    current_period_end: datetime | None,
    paid_through: datetime | None,
    cancel_at_period_end: bool,
    auto_renew: bool,
    fixed_term: bool,
    charge_lead_days: int,
    grace_ends_at: datetime | None,
    renewal_attempted_for: datetime | None,
    next_retry_at: datetime | None,
) -> Schedule:
    """The :class:`Schedule` of a subscription's stored state: the charge at the next boundary
    ran when ``renewal_attempted_for`` is that boundary. Both renewal paths (one subscription
    at a time, and the scheduler's batch) decide through it."""
    boundary = charge_boundary(status, current_period_end, start_at)
    return Schedule(
        status=status,
        start_at=start_at,
        trial_end=trial_end,
        current_period_end=current_period_end,
        paid_through=paid_through,
        cancel_at_period_end=cancel_at_period_end,
        auto_renew=auto_renew,
        fixed_term=fixed_term,
        charge_lead_days=charge_lead_days,
        grace_ends_at=grace_ends_at,
        renewal_attempted=renewal_attempted_for is not None and renewal_attempted_for == boundary,
        next_retry_at=next_retry_at,
    )


def next_action(s: Schedule) -> tuple[Action, datetime] | None:
    """The next transition due for a subscription, and when (SUB-1 … SUB-5, APP-8)."""
    if s.status == "scheduled":
        assert s.start_at is not None
        if s.paid_through is None and not s.renewal_attempted:
            # Bought to start later and not paid yet (APP-8): charged like a renewal, the
            # plan's lead time before it starts.
            return ("first_charge", renewal_charge_at(s.start_at, s.charge_lead_days))
        return ("start", s.start_at)
    if s.status == "trialing":
        assert s.trial_end is not None
        return ("trial_end", s.trial_end)
    if s.status == "past_due":
        assert s.grace_ends_at is not None
        if s.next_retry_at is not None and s.next_retry_at < s.grace_ends_at:
            return ("retry", s.next_retry_at)
        return ("grace_end", s.grace_ends_at)
    if s.status == "active":
        assert s.current_period_end is not None
        if s.cancel_at_period_end or not s.auto_renew or s.fixed_term:
            return ("expire", s.current_period_end)
        already_paid = s.paid_through is not None and s.paid_through > s.current_period_end
        if already_paid or s.renewal_attempted:
            return ("roll", s.current_period_end)
        return ("renew", renewal_charge_at(s.current_period_end, s.charge_lead_days))
    return None


def next_retry(
    due_at: datetime, schedule_days: list[int], *, after: datetime, grace_ends_at: datetime
) -> datetime | None:
    """SUB-5: the next retry of a failed charge, on the catalog's schedule counted in days from
    the renewal date, strictly after ``after`` and before grace ends."""
    for day in schedule_days:
        at = due_at + timedelta(days=day)
        if at > after and at < grace_ends_at:
            return at
    return None


def unused_value(*, paid: int, period_start: datetime, period_end: datetime, now: datetime) -> int:
    """SUB-10: the unused part of a paid period, by whole days remaining, rounded half up
    (what an early switch credits back)."""
    total_days = (period_end - period_start).days
    if total_days <= 0:
        return 0
    remaining_days = max(0, (period_end - now).days)
    return round_half_up(Fraction(paid * remaining_days, total_days))


def refund_deadline(purchased_at: datetime, window_days: int) -> datetime | None:
    """SUB-9: the end of the money-back period of a purchase; ``None``: the plan has none."""
    if window_days <= 0:
        return None
    return purchased_at + timedelta(days=window_days)
