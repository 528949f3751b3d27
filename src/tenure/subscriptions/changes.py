"""What the owner (or staff) changes on a web subscription: cancel and resume (SUB-4),
automatic renewal (SUB-7), the paying method (SUB-9), a plan change (SUB-6), resubscribing,
refunds (SUB-11), and moving on with the unused value as credit (SUB-10).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from tenure.billing import service as billing
from tenure.catalog.schema import Plan
from tenure.catalog.service import LoadedCatalog, current_catalog, plan_of
from tenure.domain import subscription as rules
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, Forbidden, InvalidInput
from tenure.kit.money import Money
from tenure.kit.ports import PaymentGateway
from tenure.payment_methods.service import get_payment_method
from tenure.subscriptions import notices, repository
from tenure.subscriptions.charging import next_charge_plan
from tenure.subscriptions.common import billed_quantity, check_method_accepted, record, reschedule
from tenure.subscriptions.lifecycle import expire
from tenure.subscriptions.models import Subscription
from tenure.subscriptions.purchase import Purchase, create_subscription


def cancel(
    session: Session, *, sub: Subscription, now: datetime, actor: Actor, at_period_end: bool = True
) -> Subscription:
    """SUB-4: stays usable to the end of the paid period and is not renewed. Staff may end
    a subscription at once."""
    _ensure_web(sub, "cancel")
    _ensure_live(sub)
    _ensure_self_service(session, sub, actor)
    if not at_period_end:
        if actor.kind != "staff":
            raise Forbidden("staff_only", "Only staff may end a subscription at once.")
        expire(session, sub, now=now, actor=actor, reason="canceled_by_staff")
    elif sub.status == "past_due":
        # Nothing is paid beyond the renewal date: cancelling in grace ends it now.
        expire(session, sub, now=now, actor=actor, reason="canceled")
    elif sub.status == "scheduled" and sub.paid_through is None:
        # Not started and not paid yet (APP-8): nothing to refund, it simply ends.
        expire(session, sub, now=now, actor=actor, reason="canceled")
    elif sub.status == "scheduled":
        raise Conflict(
            "subscription_not_started",
            "The subscription has not started yet; ask support to refund it.",
        )
    else:
        if sub.cancel_at_period_end:
            return sub
        sub.cancel_at_period_end = True
        sub.canceled_at = now
        sub.updated_at = now
        record(session, sub, "cancel_scheduled", at=now, actor=actor)
    reschedule(session, sub)
    return sub


def set_auto_renew(
    session: Session, *, sub: Subscription, enabled: bool, now: datetime, actor: Actor
) -> Subscription:
    """SUB-7: turn automatic renewal off (or on again). Self-service for personal plans;
    business plans only by a support agent."""
    _ensure_web(sub, "change")
    _ensure_live(sub)
    _ensure_self_service(session, sub, actor)
    if sub.auto_renew == enabled:
        return sub
    sub.auto_renew = enabled
    sub.updated_at = now
    record(session, sub, "auto_renew_on" if enabled else "auto_renew_off", at=now, actor=actor)
    reschedule(session, sub)
    plan = plan_of(session, sub)
    if not enabled and plan.kind == "business" and sub.current_period_end is not None:
        notices.plan_ending(session, sub=sub, plan=plan, now=now)  # BIZ-10
    return sub


def _ensure_web(sub: Subscription, action: str) -> None:
    """APP-6: duration changes and cancellation happen only in the channel of purchase."""
    if sub.channel == "app_store":
        raise Conflict(
            "wrong_channel",
            "This subscription was bought in the App Store, so it can only be changed or "
            "cancelled there: on your iPhone or iPad, open Settings, tap your name, then "
            "Subscriptions.",
            channel=sub.channel,
            action=action,
        )
    if sub.channel != "web":
        raise Conflict(
            "wrong_channel",
            "This subscription was bought through {channel}; {action} it there.",
            channel=sub.channel,
            action=action,
        )


def _ensure_live(sub: Subscription) -> None:
    if sub.status == "expired":
        raise Conflict("subscription_expired", "The subscription has ended.")


def _ensure_self_service(session: Session, sub: Subscription, actor: Actor) -> None:
    """SUB-7: for business plans only support (staff) turns renewal off."""
    if actor.kind != "staff" and not plan_of(session, sub).self_service_auto_renew:
        raise Forbidden(
            "contact_support_to_stop_renewal",
            "To stop a business plan from renewing, contact customer support.",
        )


def set_payment_method(
    session: Session, *, sub: Subscription, payment_method_id: str, now: datetime, actor: Actor
) -> Subscription:
    """Choose the method that pays the subscription's renewals and retries (SUB-9, VL-3). It
    must be one of the account's methods that the plan accepts, and the plan it changes to at
    renewal, if one is scheduled (SUB-6). Choosing the method already chosen changes nothing."""
    _ensure_web(sub, "change")
    _ensure_live(sub)
    method = get_payment_method(
        session, account_id=sub.account_id, payment_method_id=payment_method_id
    )
    plans = [plan_of(session, sub)]
    if sub.scheduled_plan_code and sub.scheduled_catalog_version:
        plans.append(next_charge_plan(session, sub))
    for plan in plans:
        check_method_accepted(plan, method)
    if sub.payment_method_id == method.id:
        return sub
    previous = sub.payment_method_id
    sub.payment_method_id = method.id
    sub.updated_at = now
    record(
        session,
        sub,
        "payment_method_changed",
        at=now,
        actor=actor,
        payment_method_id=method.id,
        previous_payment_method_id=previous,
        method_type=method.type,
    )
    return sub


def resume(session: Session, *, sub: Subscription, now: datetime, actor: Actor) -> Subscription:
    """Undo a cancellation before the period ends (SUB-4)."""
    _ensure_web(sub, "resume")
    _ensure_live(sub)
    if not sub.cancel_at_period_end:
        return sub
    sub.cancel_at_period_end = False
    sub.canceled_at = None
    sub.updated_at = now
    record(session, sub, "cancel_undone", at=now, actor=actor)
    reschedule(session, sub)
    return sub


def change_plan(
    session: Session, *, sub: Subscription, plan_code: str, now: datetime, actor: Actor
) -> Subscription:
    """SUB-6: schedule a change of plan for the end of the current period."""
    _ensure_web(sub, "change")
    _ensure_live(sub)
    loaded, target = _allowed_target(session, sub, plan_code)
    if "web" not in target.channels:
        raise InvalidInput(
            "channel_not_available",
            "The plan {plan} is sold only through {channels}; buy it there.",
            plan=target.code,
            channels=", ".join(target.channels),
        )
    if sub.currency not in target.currencies:
        raise InvalidInput(
            "currency_not_offered",
            "The plan {plan} is not sold in {currency}.",
            plan=target.code,
            currency=sub.currency,
            offered=sorted(target.prices),
        )
    sub.scheduled_plan_code = target.code
    sub.scheduled_catalog_version = loaded.version
    sub.updated_at = now
    record(
        session,
        sub,
        "plan_change_scheduled",
        at=now,
        actor=actor,
        to_plan=target.code,
        effective_at=rfc3339(sub.current_period_end or sub.start_at),
    )
    reschedule(session, sub)
    return sub


def cancel_plan_change(
    session: Session, *, sub: Subscription, now: datetime, actor: Actor
) -> Subscription:
    _ensure_web(sub, "change")
    if sub.scheduled_plan_code is None:
        raise Conflict("no_scheduled_change", "No plan change is scheduled.")
    to_plan = sub.scheduled_plan_code
    sub.scheduled_plan_code = None
    sub.scheduled_catalog_version = None
    sub.updated_at = now
    record(session, sub, "plan_change_canceled", at=now, actor=actor, to_plan=to_plan)
    reschedule(session, sub)
    return sub


def _allowed_target(
    session: Session, sub: Subscription, plan_code: str
) -> tuple[LoadedCatalog, Plan]:
    """The current catalog and its ``plan_code`` if the subscription may move to it (SUB-6,
    VL-7, VL-8); ``Conflict`` with the rule's code otherwise."""
    loaded = current_catalog(session)
    target = loaded.plan(plan_code)
    problem = rules.plan_change_problem(
        _terms(plan_of(session, sub), product=sub.product_code, months=sub.billing_period_months),
        _terms(
            target,
            product=loaded.product_for(target.code).code,
            months=target.billing_period_months,
        ),
    )
    if problem is not None:
        code, message = problem
        raise Conflict(code, message, plan=plan_code)
    return loaded, target


def _terms(plan: Plan, *, product: str, months: int) -> rules.PlanTerms:
    return rules.PlanTerms(
        code=plan.code,
        product=product,
        kind=plan.kind,
        billing_period_months=months,
        channels=tuple(plan.channels),
    )


def resubscribe(
    session: Session,
    *,
    sub: Subscription,
    gateway: PaymentGateway,
    plan_code: str | None,
    payment_method_id: str | None,
    now: datetime,
    actor: Actor,
) -> Subscription:
    """SUB-4: buy again after cancelling. Before the old subscription ends, the new one starts
    at its end date (paid now); after it ended, the new one starts at once."""
    if sub.status != "expired" and not sub.cancel_at_period_end:
        raise Conflict(
            "subscription_not_canceled",
            "The subscription is not cancelled; it renews by itself.",
        )
    successor = repository.open_successor_of(session, sub.id)
    if successor is not None:
        raise Conflict(
            "already_resubscribed",
            "A new subscription already follows this one.",
            subscription_id=successor.id,
        )
    starts = rules.resubscription_start(
        sub.current_period_end if sub.status != "expired" else None, now
    )
    return create_subscription(
        session,
        purchase=Purchase(
            account_id=sub.account_id,
            plan_code=plan_code or sub.plan_code,
            currency=sub.currency,
            quantity=sub.quantity,
            payment_method_id=payment_method_id,
            trial=False,
        ),
        gateway=gateway,
        now=now,
        actor=actor,
        start_at=starts,
        previous=sub,
    )


# Endings a personal subscription can be restored from within its plan's restore window.
RESTORABLE_ENDINGS = frozenset({"payment_failed", "canceled", "not_renewed"})


def restore(
    session: Session,
    *,
    sub: Subscription,
    gateway: PaymentGateway,
    payment_method_id: str | None,
    now: datetime,
    actor: Actor,
) -> Subscription:
    """Within its plan's ``restore_window_days`` after it ended, a personal subscription is
    restored: the same plan, at the price and terms of the catalog version it was bought on,
    starting now and paid now, following the old one. (An organization's business plan is
    restored through the organization, BIZ-8.)"""
    plan = plan_of(session, sub)
    if sub.status != "expired" or sub.ended_at is None:
        raise Conflict(
            "subscription_not_expired", "Only a subscription that has ended can be restored."
        )
    if plan.kind == "business":
        raise Conflict(
            "restore_through_organization",
            "A business plan is restored through its organization: an admin asks support.",
        )
    if plan.restore_window_days <= 0:
        raise Conflict(
            "restore_not_offered",
            "The plan {plan} cannot be restored; subscribe again.",
            plan=plan.code,
        )
    if sub.end_reason not in RESTORABLE_ENDINGS:
        raise Conflict(
            "restore_not_possible",
            "A subscription that ended this way cannot be restored; subscribe again.",
            end_reason=sub.end_reason,
        )
    until = sub.ended_at + timedelta(days=plan.restore_window_days)
    if now >= until:
        raise Conflict(
            "restore_window_over",
            "The subscription could be restored until {restore_until}; subscribe again.",
            restore_until=rfc3339(until),
        )
    successor = repository.open_successor_of(session, sub.id)
    if successor is not None:
        raise Conflict(
            "already_resubscribed",
            "A new subscription already follows this one.",
            subscription_id=successor.id,
        )
    return create_subscription(
        session,
        purchase=Purchase(
            account_id=sub.account_id,
            plan_code=sub.plan_code,
            currency=sub.currency,
            quantity=sub.quantity,
            payment_method_id=payment_method_id,
            trial=False,
        ),
        gateway=gateway,
        now=now,
        actor=actor,
        previous=sub,
        catalog_version_of=sub,
    )


def refund(
    session: Session,
    *,
    sub: Subscription,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
    override_window: bool = False,
) -> Subscription:
    """SUB-11: within the plan's money-back window, counted from the purchase (the first
    payment), everything paid for the subscription is refunded in full and access ends at
    once. App Store purchases are refunded only by the store (APP-7)."""
    if sub.channel != "web":
        raise Conflict(
            "refund_via_store",
            "Purchases made through {channel} are refunded only by the store.",
            channel=sub.channel,
        )
    if override_window and actor.kind != "staff":
        raise Forbidden("staff_only", "Only staff may do this.")
    plan = plan_of(session, sub)
    paid = [
        i
        for i in billing.list_invoices(session, account_id=sub.account_id, subscription_id=sub.id)
        if i.status == "paid" and i.paid_at is not None
    ]
    if not paid:
        raise Conflict("nothing_to_refund", "Nothing was paid for this subscription.")
    purchased_at = paid[0].paid_at
    assert purchased_at is not None
    if not override_window:
        deadline = rules.refund_deadline(purchased_at, plan.refund_window_days)
        if deadline is None:
            raise Conflict("no_money_back", "This plan has no money-back guarantee.")
        if now > deadline:
            raise Conflict(
                "refund_window_closed",
                "The {days}-day money-back period ended on {deadline}.",
                days=plan.refund_window_days,
                deadline=deadline.date().isoformat(),
            )
    for invoice in paid:
        billing.refund_invoice(
            session, gateway=gateway, invoice=invoice, reason="money_back", now=now, actor=actor
        )
    if sub.status != "expired":
        expire(session, sub, now=now, actor=actor, reason="refunded")
        reschedule(session, sub)
    return sub


def unused_value(session: Session, sub: Subscription, now: datetime) -> int:
    """SUB-10: the unused part of the current paid period, by whole days remaining."""
    if sub.status != "active" or sub.current_period_start is None:
        return 0
    assert sub.current_period_end is not None
    return rules.unused_value(
        paid=sub.unit_amount * billed_quantity(plan_of(session, sub), sub.quantity),
        period_start=sub.current_period_start,
        period_end=sub.current_period_end,
        now=now,
    )


def end_with_credit(
    session: Session, *, sub: Subscription, now: datetime, actor: Actor, reason: str
) -> int:
    """End a paid subscription early to move to another: its unused value becomes account
    credit used first on the next invoices (SUB-10, VL-4). Returns the credit granted."""
    _ensure_web(sub, "change")
    _ensure_live(sub)
    if sub.status not in ("active",):
        raise Conflict(
            "subscription_not_active",
            "Only an active, paid subscription can be moved to another plan now.",
        )
    credit = unused_value(session, sub, now)
    billing.grant_credit(
        session,
        account_id=sub.account_id,
        amount=Money(credit, sub.currency),
        reason="unused_period",
        now=now,
        actor=actor,
        subscription_id=sub.id,
    )
    expire(session, sub, now=now, actor=actor, reason=reason)
    reschedule(session, sub)
    return credit


def switch_now(
    session: Session,
    *,
    sub: Subscription,
    plan_code: str,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
) -> Subscription:
    """Move to another plan of the product at once: the old subscription ends, its unused
    value becomes credit, and the new one is paid with that credit first (SUB-10)."""
    _ensure_self_service(session, sub, actor)
    _loaded, target = _allowed_target(session, sub, plan_code)
    end_with_credit(session, sub=sub, now=now, actor=actor, reason="switched")
    return create_subscription(
        session,
        purchase=Purchase(
            account_id=sub.account_id,
            plan_code=target.code,
            currency=sub.currency,
            quantity=sub.quantity,
            payment_method_id=sub.payment_method_id,
            trial=False,
        ),
        gateway=gateway,
        now=now,
        actor=actor,
        previous=sub,
    )
