"""Web-channel subscriptions: purchase, trial, renewal, cancel, resubscribe, plan change.

Services never commit. Every transition records an event in the same transaction (SUB-1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from tenure.accounts.service import get_account
from tenure.billing import service as billing
from tenure.billing.gateway import PaymentGateway
from tenure.billing.models import Invoice
from tenure.catalog.schema import Plan
from tenure.catalog.service import LoadedCatalog, current_catalog, plan_of
from tenure.domain import subscription as rules
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, Forbidden, InvalidInput
from tenure.kit.ids import new_id
from tenure.kit.money import Money, validate_currency
from tenure.payment_methods.models import PaymentMethod
from tenure.payment_methods.service import default_payment_method, get_payment_method
from tenure.subscriptions import repository
from tenure.subscriptions.charging import collect_now, first_invoice, next_charge_plan
from tenure.subscriptions.common import billed_quantity, check_method_accepted, record, reschedule
from tenure.subscriptions.lifecycle import expire, start_subscription
from tenure.subscriptions.models import Subscription

# An account may hold its subscription plus four more ordinary ones of a product (VL-2).
MAX_ORDINARY_SUBSCRIPTIONS = 5


@dataclass(frozen=True, slots=True)
class Purchase:
    """What the caller asked for."""

    account_id: str
    plan_code: str
    currency: str = "USD"
    quantity: int = 1
    payment_method_id: str | None = None
    trial: bool | None = None  # None: use the plan's trial when the account may have one


def _payment_method_for(
    session: Session, *, account_id: str, plan: Plan, payment_method_id: str | None
) -> PaymentMethod | None:
    method = (
        get_payment_method(session, account_id=account_id, payment_method_id=payment_method_id)
        if payment_method_id
        else default_payment_method(session, account_id)
    )
    if method is not None:
        check_method_accepted(plan, method)
    return method


def _check_purchasable(plan: Plan, *, currency: str, quantity: int) -> None:
    validate_currency(currency)
    if "web" not in plan.channels:
        raise InvalidInput(
            "channel_not_available",
            "The plan {plan} is sold only through {channels}; buy it there.",
            plan=plan.code,
            channels=", ".join(plan.channels),
        )
    if plan.kind == "free":
        raise InvalidInput("free_plan_not_subscribable", "Free plans need no subscription.")
    if plan.kind == "volume":
        raise InvalidInput(
            "volume_requires_enrollment",
            "Volume licensing is bought through a volume licensing enrollment.",
        )
    if currency not in plan.prices:
        raise InvalidInput(
            "currency_not_offered",
            "The plan {plan} is not sold in {currency}.",
            plan=plan.code,
            currency=currency,
            offered=sorted(plan.prices),
        )
    if quantity < plan.seats.min or (plan.seats.max is not None and quantity > plan.seats.max):
        raise InvalidInput(
            "invalid_quantity",
            "The plan {plan} allows {min} to {max} seats.",
            plan=plan.code,
            min=plan.seats.min,
            max=plan.seats.max if plan.seats.max is not None else "any number of",
        )


def create_subscription(
    session: Session,
    *,
    purchase: Purchase,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
    start_at: datetime | None = None,
    previous: Subscription | None = None,
) -> Subscription:
    """Buy a plan on the web (SUB-2, SUB-8, SUB-9).

    With a trial the subscription starts ``trialing`` and the first charge is taken at trial
    end. Without one the first period is charged at once; a refused charge refuses the
    purchase and nothing is created. ``start_at`` in the future makes a ``scheduled``
    subscription that is paid now and begins then (SUB-4). A purchase that waits for the
    account's App Store subscription to end (APP-8) is ``scheduled`` too, but charged only when
    it starts, the plan's lead time before (like a renewal); now its payment method is only
    checked, and a failed charge then leads into grace (SUB-5).
    """
    account = get_account(session, purchase.account_id)
    loaded = current_catalog(session)
    plan = loaded.plan(purchase.plan_code)
    product = loaded.product_for(plan.code)
    _check_purchasable(plan, currency=purchase.currency, quantity=purchase.quantity)
    if plan.invoice_billing and actor.kind != "staff":
        raise Forbidden(
            "invoice_billing_staff_only",
            "Plans paid by invoice are set up by the vendor's staff.",
        )
    open_count = repository.count_open_of_product(
        session,
        account_id=account.id,
        product_code=product.code,
        excluding=previous.id if previous else None,
    )
    if open_count >= MAX_ORDINARY_SUBSCRIPTIONS:
        raise Conflict(
            "too_many_subscriptions",
            "An account can hold at most {max} subscriptions of a product; "
            "for more, buy volume licensing.",
            max=MAX_ORDINARY_SUBSCRIPTIONS,
        )
    method = (
        None
        if plan.invoice_billing
        else _payment_method_for(
            session, account_id=account.id, plan=plan, payment_method_id=purchase.payment_method_id
        )
    )

    begins = start_at if start_at is not None and start_at > now else now
    store_end = _store_subscription_end(session, account_id=account.id, product_code=product.code)
    charge_at_start = False
    if store_end is not None and store_end > begins:
        begins = store_end  # APP-8: the web subscription starts when the store one ends …
        charge_at_start = True  # … and is charged then, not months before
    if charge_at_start and method is None and not plan.invoice_billing:
        raise InvalidInput("payment_method_required", "Add a payment method to buy this plan.")
    use_trial = _trial_decision(session, plan=plan, purchase=purchase, product_code=product.code)
    if use_trial and begins > now:
        use_trial = False
    if use_trial and plan.trial is not None and plan.trial.requires_payment_method and not method:
        raise InvalidInput(
            "payment_method_required",
            "This trial needs a payment method; add one first.",
        )

    sub = new_subscription(
        account_id=account.id,
        product_code=product.code,
        plan=plan,
        catalog_version=loaded.version,
        currency=purchase.currency,
        quantity=purchase.quantity,
        unit_amount=plan.prices[purchase.currency],
        payment_method_id=purchase.payment_method_id,
        start_at=begins,
        previous=previous,
        now=now,
    )
    session.add(sub)

    if use_trial:
        assert plan.trial is not None
        sub.status = "trialing"
        sub.trial_start = now
        sub.trial_end = now + timedelta(days=plan.trial.days)
        sub.current_period_start = now
        sub.current_period_end = sub.trial_end
        record(session, sub, "created", at=now, actor=actor, trial_end=rfc3339(sub.trial_end))
        record(session, sub, "trial_started", at=now, actor=actor)
    elif charge_at_start:
        reschedule(session, sub)
        assert sub.next_action_at is not None
        record(
            session,
            sub,
            "created",
            at=now,
            actor=actor,
            start_at=begins.isoformat(),
            charge_at=sub.next_action_at.isoformat(),
        )
    else:
        period_end = begins + relativedelta(months=plan.billing_period_months)
        invoice = first_invoice(
            session,
            sub=sub,
            plan=plan,
            reason="subscription_create",
            period_start=begins,
            period_end=period_end,
            now=now,
            actor=actor,
        )
        pay_and_start(
            session,
            sub=sub,
            invoice=invoice,
            method=method,
            gateway=gateway,
            now=now,
            actor=actor,
            charge_by_card=not plan.invoice_billing,
        )
    reschedule(session, sub)
    return sub


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


def pay_and_start(
    session: Session,
    *,
    sub: Subscription,
    invoice: Invoice,
    method: PaymentMethod | None,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
    charge_by_card: bool = True,
) -> None:
    """Collect the first invoice of a new subscription, then start it (now, or at its
    ``start_at``). A refused charge refuses the purchase: the caller's transaction rolls
    back and nothing is created."""
    if charge_by_card:
        collect_now(session, invoice=invoice, method=method, gateway=gateway, now=now, actor=actor)
    sub.paid_through = invoice.period_end
    record(session, sub, "created", at=now, actor=actor, invoice_id=invoice.id)
    if sub.start_at <= now:
        start_subscription(session, sub, now=now, actor=actor)
    reschedule(session, sub)


def _store_subscription_end(
    session: Session, *, account_id: str, product_code: str
) -> datetime | None:
    """APP-8: when the account still has a store subscription of the product, the end date a
    web purchase must start at. A store subscription that still renews must be cancelled in
    the store first, or the customer would pay twice."""
    running = repository.live_store_subscriptions(
        session, account_id=account_id, product_code=product_code
    )
    if any(not sub.cancel_at_period_end for sub in running):
        raise Conflict(
            "store_subscription_active",
            "You already subscribe through the App Store. Cancel it there first; a web "
            "subscription can then start the day it ends.",
        )
    ends = [sub.current_period_end for sub in running if sub.current_period_end is not None]
    return max(ends) if ends else None


def _trial_decision(session: Session, *, plan: Plan, purchase: Purchase, product_code: str) -> bool:
    if purchase.trial is False:
        return False
    if plan.trial is None:
        if purchase.trial:
            raise InvalidInput(
                "trial_not_available", "The plan {plan} has no free trial.", plan=plan.code
            )
        return False
    if repository.ever_subscribed(
        session, account_id=purchase.account_id, product_code=product_code
    ):
        if purchase.trial:
            raise Conflict(
                "trial_already_used",
                "A free trial is offered once per account and product.",
            )
        return False
    return True


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


def _ensure_self_service(session: Session, sub: Subscription, actor: Actor) -> None:
    """SUB-7: for business plans only support (staff) turns renewal off."""
    if actor.kind != "staff" and not plan_of(session, sub).self_service_auto_renew:
        raise Forbidden(
            "contact_support_to_stop_renewal",
            "To stop a business plan from renewing, contact customer support.",
        )


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
    return sub


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
