"""The small shared core of the subscription use cases.

The use cases are split by what they are for: :mod:`.purchase` (buying a plan),
:mod:`.lifecycle` (the scheduler's due actions: trial end, renewal, roll-over, grace, expiry),
:mod:`.charging` (a subscription's invoices, the method that pays them, an overdue invoice
paid), :mod:`.changes` (what an owner or staff changes: cancel, resume, plan change, refund,
credit) and :mod:`.repository` (every query). What more than one of them needs — recording a
subscription event, a checked status transition, the period arithmetic, the payment-method
check and the scheduler's next action — lives here, so that the modules import each other in
one direction only: common ← charging ← lifecycle ← purchase ← changes.

Services never commit. Every transition records an event in the same transaction (SUB-1).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tenure.catalog.service import plan_of
from tenure.domain import subscription as rules
from tenure.domain.periods import at_offset
from tenure.events import service as events
from tenure.kit.errors import InvalidInput
from tenure.kit.ids import new_id
from tenure.subscriptions.models import Subscription

if TYPE_CHECKING:
    from tenure.catalog.schema import Plan
    from tenure.kit.actor import Actor
    from tenure.payment_methods.models import PaymentMethod


def billed_quantity(plan: Plan, seats: int) -> int:
    """Per-seat plans (and volume plans, priced per license) bill every seat; flat plans one
    price up to their seat limit."""
    return seats if plan.price_per_seat or plan.kind == "volume" else 1


def record(
    session: Session, sub: Subscription, type: str, *, at: datetime, actor: Actor, **data: object
) -> None:
    events.record_about(
        session,
        "subscription",
        sub,
        type,
        at=at,
        actor=actor,
        data={"status": sub.status, "plan": sub.plan_code, **data},
    )


def transition(sub: Subscription, target: rules.Status) -> None:
    rules.check_transition(sub.status, target)
    sub.status = target


def set_period(sub: Subscription, *, offset: int) -> None:
    assert sub.anchor_at is not None
    sub.period_offset_months = offset
    sub.current_period_start, sub.current_period_end = at_offset(
        sub.anchor_at, offset, sub.billing_period_months
    )


def check_method_accepted(plan: Plan, method: PaymentMethod) -> None:
    if method.type not in plan.payment_methods:
        raise InvalidInput(
            "payment_method_not_allowed",
            "The plan {plan} cannot be paid with {method}.",
            plan=plan.code,
            method=method.type,
            allowed=list(plan.payment_methods),
        )


def reschedule(session: Session, sub: Subscription) -> None:
    """Recompute the next due action from the subscription's state (the scheduler's index)."""
    plan = plan_of(session, sub)
    upcoming = rules.next_action(
        rules.schedule_of(
            status=sub.status,
            start_at=sub.start_at,
            trial_end=sub.trial_end,
            current_period_end=sub.current_period_end,
            paid_through=sub.paid_through,
            cancel_at_period_end=sub.cancel_at_period_end,
            auto_renew=sub.auto_renew,
            fixed_term=plan.renewal == "fixed_term",
            charge_lead_days=plan.charge_lead_time_days,
            grace_ends_at=sub.grace_ends_at,
            renewal_attempted_for=sub.renewal_attempted_for,
            next_retry_at=sub.next_retry_at,
        )
    )
    sub.next_action, sub.next_action_at = upcoming if upcoming else (None, None)


def new_subscription(
    *,
    account_id: str,
    product_code: str,
    plan: Plan,
    catalog_version: int,
    currency: str,
    quantity: int,
    unit_amount: int,
    payment_method_id: str | None,
    start_at: datetime,
    previous: Subscription | None,
    now: datetime,
) -> Subscription:
    """A new web subscription row, not yet started (the caller adds and starts it)."""
    return Subscription(
        id=new_id("sub"),
        account_id=account_id,
        product_code=product_code,
        plan_code=plan.code,
        catalog_version=catalog_version,
        channel="web",
        status="scheduled",
        quantity=quantity,
        currency=currency,
        unit_amount=unit_amount,
        billing_period_months=plan.billing_period_months,
        auto_renew=True,
        payment_method_id=payment_method_id,
        start_at=start_at,
        trial_start=None,
        trial_end=None,
        anchor_at=None,
        period_offset_months=0,
        current_period_start=None,
        current_period_end=None,
        paid_through=None,
        grace_ends_at=None,
        renewal_attempted_for=None,
        grace_started_at=None,
        renewal_notice_for=None,
        next_retry_at=None,
        cancel_at_period_end=False,
        canceled_at=None,
        ended_at=None,
        end_reason=None,
        scheduled_plan_code=None,
        scheduled_catalog_version=None,
        previous_subscription_id=previous.id if previous else None,
        store_original_transaction_id=None,
        store_environment=None,
        store_product_id=None,
        store_signed_at=None,
        store_state=None,
        created_at=now,
        updated_at=now,
    )
