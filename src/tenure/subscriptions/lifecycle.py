"""The life cycle of a web subscription: the scheduler's due actions — a scheduled start and
its first charge (APP-8), trial end (SUB-2), renewal and roll-over (SUB-3, SUB-6), retries in
grace and the end of grace (SUB-5), expiry — and the renewal notice.

A kind of plan that adds to the life cycle (volume licensing) plugs in through
:mod:`tenure.subscriptions.extensions`; this module never imports it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tenure.billing import service as billing
from tenure.catalog.service import catalog_version, current_catalog, plan_of
from tenure.domain import subscription as rules
from tenure.domain.periods import at_offset, months_after
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.money import Money
from tenure.payment_methods.service import list_payment_methods
from tenure.subscriptions import extensions, notices, repository
from tenure.subscriptions.charging import (
    INVOICE_TERMS_DAYS,
    charge_now,
    first_invoice,
    method_on_file,
    period_invoice,
    settle_paid_invoice,
)
from tenure.subscriptions.common import (
    billed_quantity,
    new_subscription,
    record,
    reschedule,
    set_period,
    transition,
)

if TYPE_CHECKING:
    from tenure.billing.models import Invoice
    from tenure.catalog.schema import Plan
    from tenure.kit.ports import PaymentGateway
    from tenure.payment_methods.models import PaymentMethod
    from tenure.subscriptions.models import Subscription


def run_due_action(
    session: Session, *, sub: Subscription, gateway: PaymentGateway, now: datetime
) -> bool:
    """Run the subscription's next action if it is due. Idempotent: an action that already
    ran has moved ``next_action_at`` on, so running again does nothing."""
    if sub.next_action is None or sub.next_action_at is None or sub.next_action_at > now:
        return False
    actor = Actor.scheduler()
    action = sub.next_action
    at = sub.next_action_at
    if action == "first_charge":
        _first_charge(session, sub, gateway=gateway, now=at, actor=actor)
    elif action == "start":
        start_subscription(session, sub, now=at, actor=actor)
    elif action == "trial_end":
        _end_trial(session, sub, gateway=gateway, now=at, actor=actor)
    elif action == "renew":
        _renew(session, sub, gateway=gateway, now=at, actor=actor)
    elif action == "roll":
        _roll(session, sub, now=at, actor=actor)
    elif action == "expire":
        reason = "canceled" if sub.cancel_at_period_end else "not_renewed"
        expire(session, sub, now=at, actor=actor, reason=reason)
    elif action == "retry":
        _retry(session, sub, gateway=gateway, now=at, actor=actor)
    elif action == "grace_end":
        expire(session, sub, now=at, actor=actor, reason="payment_failed")
    else:  # pragma: no cover - the column only holds the actions above
        raise ValueError(f"unknown action {action}")
    reschedule(session, sub)
    return True


def start_subscription(session: Session, sub: Subscription, *, now: datetime, actor: Actor) -> None:
    """A scheduled subscription begins: its first period starts at ``start_at``. Paid, it is
    active; its first charge failed (APP-8), it begins in grace (SUB-5)."""
    sub.anchor_at = sub.start_at
    set_period(sub, offset=0)
    sub.updated_at = now
    if sub.paid_through is None:
        _enter_grace(session, sub, plan=plan_of(session, sub), due_at=sub.start_at, now=now,
                     actor=actor)  # fmt: skip
        return
    transition(sub, "active")
    record(session, sub, "activated", at=now, actor=actor)


def _first_charge(
    session: Session, sub: Subscription, *, gateway: PaymentGateway, now: datetime, actor: Actor
) -> None:
    """APP-8: a purchase that starts when the store subscription ends is charged the plan's
    lead time before it starts, like a renewal (SUB-3), with the method a renewal would use.
    A failed charge is recorded and mailed; the subscription then starts in grace."""
    plan = plan_of(session, sub)
    start = sub.start_at
    sub.renewal_attempted_for = start
    invoice = period_invoice(
        session,
        sub=sub,
        plan=plan,
        reason="subscription_create",
        unit_amount=sub.unit_amount,
        seats=sub.quantity,
        period_start=start,
        period_end=months_after(start, sub.billing_period_months),
        due_at=start + timedelta(days=INVOICE_TERMS_DAYS) if plan.invoice_billing else start,
        now=now,
        actor=actor,
    )
    _collect_period(
        session, sub, plan=plan, invoice=invoice, gateway=gateway, due_at=start, now=now,
        actor=actor, event="first_charge",
    )  # fmt: skip


def _end_trial(
    session: Session, sub: Subscription, *, gateway: PaymentGateway, now: datetime, actor: Actor
) -> None:
    """SUB-2: at trial end the first charge is taken; unpaid → grace (SUB-5)."""
    assert sub.trial_end is not None
    if sub.cancel_at_period_end:
        expire(session, sub, now=now, actor=actor, reason="canceled")
        return
    plan = plan_of(session, sub)
    sub.anchor_at = sub.trial_end
    set_period(sub, offset=0)
    assert sub.current_period_start is not None and sub.current_period_end is not None
    invoice = first_invoice(
        session,
        sub=sub,
        plan=plan,
        reason="trial_end",
        period_start=sub.current_period_start,
        period_end=sub.current_period_end,
        now=now,
        actor=actor,
    )
    method = method_on_file(session, sub, plan)
    if charge_now(session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor):
        transition(sub, "active")
        sub.paid_through = sub.current_period_end
        record(session, sub, "activated", at=now, actor=actor, invoice_id=invoice.id)
    else:
        _enter_grace(session, sub, plan=plan, due_at=sub.trial_end, now=now, actor=actor)
    sub.updated_at = now


def _renewal_terms(session: Session, sub: Subscription) -> tuple[Plan, int, int, int]:
    """The plan, unit price, period length and seats the next period is billed at: the
    scheduled plan change when there is one (SUB-6), else the subscription's own terms. A
    volume subscription renews only the licenses still set to renew, at their tier (VL-11)."""
    if sub.scheduled_plan_code and sub.scheduled_catalog_version:
        plan = catalog_version(session, sub.scheduled_catalog_version).plan(sub.scheduled_plan_code)
        unit = plan.prices.get(sub.currency, 0)
    else:
        plan, unit = plan_of(session, sub), sub.unit_amount
    seats = sub.quantity
    hooks = extensions.for_kind(plan.kind)
    if hooks is not None:
        seats, unit = hooks.renewal_terms(session, sub, plan)
    return plan, unit, plan.billing_period_months, seats


def next_charge_amount(session: Session, sub: Subscription) -> int | None:
    """APP-12: the amount of the subscription's next automatic charge, in minor units of its
    ``currency``, before any credit on the account (SUB-10): a trial's or a scheduled
    subscription's first charge at its own price, a renewal at the terms of the next period
    (a scheduled plan change, the licenses still set to renew). ``None`` when it is not
    known: a plan change to a plan with no price in the subscription's currency (a store's
    storefront currency the catalog does not list)."""
    if sub.status in ("trialing", "scheduled"):
        return sub.unit_amount * billed_quantity(plan_of(session, sub), sub.quantity)
    if sub.scheduled_plan_code and sub.scheduled_catalog_version:
        target = catalog_version(session, sub.scheduled_catalog_version).plan(
            sub.scheduled_plan_code
        )
        if target.kind != "volume" and sub.currency not in target.prices:
            return None
    plan, unit_amount, _months, seats = _renewal_terms(session, sub)
    return unit_amount * billed_quantity(plan, seats)


def _next_period_end(sub: Subscription, months: int) -> datetime:
    assert sub.anchor_at is not None
    _start, end = at_offset(
        sub.anchor_at, sub.period_offset_months + sub.billing_period_months, months
    )
    return end


def _renew(
    session: Session, sub: Subscription, *, gateway: PaymentGateway, now: datetime, actor: Actor
) -> None:
    """SUB-3: charge the next period ``charge_lead_time`` before the renewal date."""
    assert sub.current_period_end is not None
    plan, unit_amount, months, seats = _renewal_terms(session, sub)
    start = sub.current_period_end
    end = _next_period_end(sub, months)
    sub.renewal_attempted_for = start
    if seats == 0:  # every license was set not to renew (VL-11): the subscription ends
        sub.auto_renew = False
        record(session, sub, "auto_renew_off", at=now, actor=actor, reason="no_licenses_renew")
        return
    invoice = period_invoice(
        session,
        sub=sub,
        plan=plan,
        reason="subscription_cycle",
        unit_amount=unit_amount,
        seats=seats,
        period_start=start,
        period_end=end,
        due_at=start,
        now=now,
        actor=actor,
    )
    _collect_period(
        session, sub, plan=plan, invoice=invoice, gateway=gateway, due_at=start, now=now,
        actor=actor, event="renewal",
    )  # fmt: skip


def _collect_period(
    session: Session,
    sub: Subscription,
    *,
    plan: Plan,
    invoice: Invoice,
    gateway: PaymentGateway,
    due_at: datetime,
    now: datetime,
    actor: Actor,
    event: str,
) -> None:
    """Charge a period's invoice (a renewal, or a scheduled start's first charge) with the
    method the plan accepts, and record ``<event>_paid`` / ``_invoiced`` / ``_failed``."""
    method = method_on_file(session, sub, plan)
    if charge_now(session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor):
        sub.paid_through = invoice.period_end
        record(session, sub, f"{event}_paid", at=now, actor=actor, invoice_id=invoice.id)
    elif invoice.collection == "send_invoice":
        # Paid by bank transfer against the invoice (SUB-12); due at the period's start.
        record(session, sub, f"{event}_invoiced", at=now, actor=actor, invoice_id=invoice.id)
    else:
        # The current period runs to its end; grace begins at the period's start (SUB-5).
        _charge_failed(
            session, sub, plan=plan, invoice=invoice, method=method, due_at=due_at, now=now,
            actor=actor, event=f"{event}_failed",
        )  # fmt: skip
    sub.updated_at = now


def _charge_failed(
    session: Session,
    sub: Subscription,
    *,
    plan: Plan,
    invoice: Invoice,
    method: PaymentMethod | None,
    due_at: datetime,
    now: datetime,
    actor: Actor,
    event: str,
) -> None:
    """A charge made ahead of its due date failed, or found no method the plan accepts (VL-3):
    record it and tell the customer why, in their language, before grace begins at
    ``due_at`` (SUB-5)."""
    reason = _failure_reason(session, invoice) if method else _no_method_reason(session, sub)
    record(session, sub, event, at=now, actor=actor, invoice_id=invoice.id, reason=reason)
    if invoice.collection == "charge_automatically" and plan.grace_days > 0:
        notices.payment_failed(
            session,
            sub=sub,
            plan=plan,
            amount=Money(invoice.amount_due, invoice.currency),
            reason=reason,
            accepted_methods=list(plan.payment_methods)
            if reason == "payment_method_not_allowed"
            else None,
            grace_ends_at=rules.grace_end(due_at, plan.grace_days),
            now=now,
        )


def _no_method_reason(session: Session, sub: Subscription) -> str:
    """Why a charge had no method to use: none on file at all, or none the plan accepts."""
    return (
        "payment_method_not_allowed"
        if list_payment_methods(session, sub.account_id)
        else "no_payment_method"
    )


def _failure_reason(session: Session, invoice: Invoice) -> str:
    attempts = billing.payments_of(session, invoice.id)
    return (attempts[-1].failure_code if attempts else None) or "no_payment_method"


def _roll(session: Session, sub: Subscription, *, now: datetime, actor: Actor) -> None:
    """At the renewal date the next period starts (paid or in grace)."""
    assert sub.current_period_end is not None
    renewal_date = sub.current_period_end
    previous_months = sub.billing_period_months
    paid = sub.paid_through is not None and sub.paid_through > renewal_date
    hooks = extensions.for_kind(plan_of(session, sub).kind)
    if hooks is not None:
        _plan, sub.unit_amount, _months, sub.quantity = _renewal_terms(session, sub)
        hooks.on_roll(session, sub, now=now, actor=actor)
    if sub.scheduled_plan_code and sub.scheduled_catalog_version:
        plan, unit_amount, months, _seats = _renewal_terms(session, sub)
        old_plan = sub.plan_code
        sub.plan_code = plan.code
        sub.catalog_version = sub.scheduled_catalog_version
        sub.unit_amount = unit_amount
        sub.billing_period_months = months
        sub.scheduled_plan_code = None
        sub.scheduled_catalog_version = None
        record(session, sub, "plan_changed", at=now, actor=actor, from_plan=old_plan)
    set_period(sub, offset=sub.period_offset_months + previous_months)
    if paid:
        transition(sub, "active")
        record(session, sub, "renewed", at=now, actor=actor)
    else:
        _enter_grace(
            session, sub, plan=plan_of(session, sub), due_at=renewal_date, now=now, actor=actor
        )
    sub.updated_at = now


def _enter_grace(
    session: Session,
    sub: Subscription,
    *,
    plan: Plan,
    due_at: datetime,
    now: datetime,
    actor: Actor,
) -> None:
    """SUB-5: full access continues for ``grace_days`` from the renewal date."""
    if plan.grace_days <= 0:
        expire(session, sub, now=now, actor=actor, reason="payment_failed")
        return
    transition(sub, "past_due")
    sub.grace_ends_at = rules.grace_end(due_at, plan.grace_days)
    sub.grace_started_at = due_at
    # Invoice-paid plans are not dunned: staff mark their invoices paid (SUB-12).
    sub.next_retry_at = (
        None
        if plan.invoice_billing
        else rules.next_retry(
            due_at, plan.retry_schedule_days, after=now, grace_ends_at=sub.grace_ends_at
        )
    )
    record(session, sub, "past_due", at=now, actor=actor, grace_ends_at=rfc3339(sub.grace_ends_at))
    notices.grace_started(session, sub=sub, plan=plan, grace_ends_at=sub.grace_ends_at, now=now)


def expire(
    session: Session, sub: Subscription, *, now: datetime, actor: Actor, reason: str
) -> None:
    transition(sub, "expired")
    sub.ended_at = now
    sub.end_reason = reason
    sub.updated_at = now
    hooks = extensions.for_kind(plan_of(session, sub).kind)
    if hooks is not None:  # e.g. a volume plan's licenses end with it (VL-12)
        hooks.on_end(session, sub, now=now, actor=actor)
    for invoice in billing.list_invoices(
        session, account_id=sub.account_id, subscription_id=sub.id
    ):
        if invoice.status == "open":
            billing.void_invoice(session, invoice=invoice, now=now, actor=actor)
    record(session, sub, "expired", at=now, actor=actor, reason=reason)
    if reason != "switched":  # moving to another plan is not an ending for the customer
        loaded = catalog_version(session, sub.catalog_version)
        plan = loaded.plan(sub.plan_code)
        fallback = loaded.find_plan(plan.fallback_plan) if plan.fallback_plan else None
        trial = _expiry_trial(session, sub, plan, now=now, actor=actor)
        notices.expired(session, sub=sub, plan=plan, fallback=fallback, now=now, trial=trial)


# Endings that give no expiry trial: money back, support's decision, a move to volume.
NO_EXPIRY_TRIAL = frozenset({"refunded", "canceled_by_staff", "moved_to_volume"})


def _expiry_trial(
    session: Session, sub: Subscription, plan: Plan, *, now: datetime, actor: Actor
) -> Subscription | None:
    """A paid personal subscription whose plan declares an ``expiry_trial`` gives its
    account that trial when it ends (the rule BIZ-3 gives business plans' members, which
    their organization's expiry grants). Not after a refund, and never for a trial itself
    (nothing was paid), so trials do not chain."""
    if plan.expiry_trial is None or plan.kind == "business":
        return None
    if sub.end_reason in NO_EXPIRY_TRIAL or sub.paid_through is None:
        return None
    return grant_trial(
        session,
        account_id=sub.account_id,
        plan_code=plan.expiry_trial.plan,
        days=plan.expiry_trial.days,
        reason=f"expired:{sub.id}",
        now=now,
        actor=actor,
    )


def _retry(
    session: Session, sub: Subscription, *, gateway: PaymentGateway, now: datetime, actor: Actor
) -> None:
    """SUB-5: retry the failed charge on the catalog's schedule during grace."""
    plan = plan_of(session, sub)
    invoice = billing.open_invoice_of_subscription(session, sub.id)
    method = method_on_file(session, sub, plan)
    if invoice is not None and charge_now(
        session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor
    ):
        settle_paid_invoice(session, invoice=invoice, now=now, actor=actor)
        return
    assert sub.grace_started_at is not None and sub.grace_ends_at is not None
    record(session, sub, "retry_failed", at=now, actor=actor)
    notices.grace_reminder(session, sub=sub, plan=plan, grace_ends_at=sub.grace_ends_at, now=now)
    sub.next_retry_at = rules.next_retry(
        sub.grace_started_at, plan.retry_schedule_days, after=now, grace_ends_at=sub.grace_ends_at
    )
    sub.updated_at = now


def send_renewal_notice(session: Session, *, sub: Subscription, now: datetime) -> None:
    """Tell the customer what will be charged and when, before an automatic renewal."""
    assert sub.current_period_end is not None
    plan, unit_amount, _months, seats = _renewal_terms(session, sub)
    amount = Money(unit_amount * billed_quantity(plan, seats), sub.currency)
    notices.renewal_upcoming(session, sub=sub, plan=plan, amount=amount, now=now)
    sub.renewal_notice_for = sub.current_period_end


def grant_trial(
    session: Session,
    *,
    account_id: str,
    plan_code: str,
    days: int,
    reason: str,
    now: datetime,
    actor: Actor,
) -> Subscription | None:
    """A free trial of ``plan_code`` given to an account (BIZ-3: the members of an expired
    business plan get one): a real subscription, ``trialing`` for ``days``, that ends at
    the trial's end unless the person buys it (resume with a payment method; SUB-4) — then
    the plan's ``fallback_plan`` applies. ``None`` when the account already has a live
    subscription of the product (it needs no trial)."""
    loaded = current_catalog(session)
    plan = loaded.plan(plan_code)
    product = loaded.product_for(plan.code)
    if repository.count_open_of_product(
        session, account_id=account_id, product_code=product.code, excluding=None
    ):
        return None
    sub = new_subscription(
        account_id=account_id,
        product_code=product.code,
        plan=plan,
        catalog_version=loaded.version,
        currency="USD" if "USD" in plan.prices else next(iter(plan.prices), "USD"),
        quantity=1,
        unit_amount=plan.prices.get("USD", next(iter(plan.prices.values()), 0)),
        payment_method_id=None,
        start_at=now,
        previous=None,
        now=now,
    )
    sub.status = "trialing"
    sub.trial_start = now
    sub.trial_end = now + timedelta(days=days)
    sub.current_period_start = now
    sub.current_period_end = sub.trial_end
    sub.cancel_at_period_end = True  # ends with the trial unless bought
    sub.canceled_at = now
    session.add(sub)
    record(session, sub, "created", at=now, actor=actor, trial_end=rfc3339(sub.trial_end),
           granted=reason)  # fmt: skip
    record(session, sub, "trial_started", at=now, actor=actor, granted=reason)
    reschedule(session, sub)
    return sub
