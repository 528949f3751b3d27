"""Customer emails about a subscription, queued in the same transaction as the transition that
causes them (X-5, BIZ-2). Each has a dedupe key, so a retried transition never mails twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from tenure.catalog.schema import Plan
from tenure.catalog.service import plan_of
from tenure.kit.money import Money
from tenure.notifications.service import enqueue_for_account
from tenure.subscriptions.models import Subscription


def payment_failed(
    session: Session,
    *,
    sub: Subscription,
    plan: Plan,
    amount: Money,
    reason: str,
    grace_ends_at: datetime,
    now: datetime,
    accepted_methods: list[str] | None = None,
) -> None:
    """``reason``: a gateway failure code, ``no_payment_method``, or
    ``payment_method_not_allowed`` with the plan's ``accepted_methods`` (VL-3)."""
    context: dict[str, object] = {
        "plan_name": plan.name,
        "amount": amount,
        "reason": reason,
        "grace_ends_at": grace_ends_at,
    }
    if accepted_methods:
        context["accepted_methods"] = accepted_methods
    enqueue_for_account(
        session,
        account_id=sub.account_id,
        template="payment_failed",
        context=context,
        now=now,
        dedupe_key=f"payment_failed:{sub.id}:{grace_ends_at.isoformat()}",
    )


def grace_started(
    session: Session, *, sub: Subscription, plan: Plan, grace_ends_at: datetime, now: datetime
) -> None:
    enqueue_for_account(
        session,
        account_id=sub.account_id,
        template="grace_started",
        context={"plan_name": plan.name, "grace_ends_at": grace_ends_at},
        now=now,
        dedupe_key=f"grace_started:{sub.id}:{grace_ends_at.isoformat()}",
    )


def grace_reminder(
    session: Session, *, sub: Subscription, plan: Plan, grace_ends_at: datetime, now: datetime
) -> None:
    days_left = max(0, (grace_ends_at - now).days)
    enqueue_for_account(
        session,
        account_id=sub.account_id,
        template="grace_reminder",
        context={"plan_name": plan.name, "grace_ends_at": grace_ends_at, "days_left": days_left},
        now=now,
        dedupe_key=f"grace_reminder:{sub.id}:{grace_ends_at.isoformat()}:{now.isoformat()}",
    )


def expired(
    session: Session,
    *,
    sub: Subscription,
    plan: Plan,
    fallback: Plan | None,
    now: datetime,
    trial: Subscription | None = None,
) -> None:
    """``trial``: the plan's expiry trial the account got (then the fallback comes after)."""
    context: dict[str, object] = {"plan_name": plan.name}
    if fallback is not None:
        context["fallback_plan_name"] = fallback.name
    if trial is not None and trial.trial_end is not None:
        trial_plan = plan_of(session, trial)
        context["trial_plan_name"] = trial_plan.name
        context["trial_ends_at"] = trial.trial_end
    enqueue_for_account(
        session,
        account_id=sub.account_id,
        template="subscription_expired",
        context=context,
        now=now,
        dedupe_key=f"expired:{sub.id}",
    )


def renewal_upcoming(
    session: Session, *, sub: Subscription, plan: Plan, amount: Money, now: datetime
) -> None:
    assert sub.current_period_end is not None
    enqueue_for_account(
        session,
        account_id=sub.account_id,
        template="renewal_upcoming",
        context={"plan_name": plan.name, "amount": amount, "renewal_date": sub.current_period_end},
        now=now,
        dedupe_key=f"renewal_upcoming:{sub.id}:{sub.current_period_end.isoformat()}",
    )


def plan_ending(session: Session, *, sub: Subscription, plan: Plan, now: datetime) -> None:
    """BIZ-10: a business plan will not renew (support turned auto-renew off); its people
    are told when it ends, so they can prepare (an organization's admins and members)."""
    assert sub.current_period_end is not None
    enqueue_for_account(
        session,
        account_id=sub.account_id,
        template="plan_ending",
        context={"plan_name": plan.name, "ends_at": sub.current_period_end},
        now=now,
        dedupe_key=f"plan_ending:{sub.id}:{sub.current_period_end.isoformat()}",
    )
