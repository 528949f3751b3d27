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
from tenure.billing.models import Invoice, Payment
from tenure.catalog.schema import Plan
from tenure.catalog.service import LoadedCatalog, catalog_version, current_catalog, plan_of
from tenure.domain import subscription as rules
from tenure.domain.periods import months_after
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, Forbidden, InvalidInput, PaymentFailed
from tenure.kit.ids import new_id
from tenure.kit.money import Money, validate_currency
from tenure.payment_methods.models import PaymentMethod
from tenure.payment_methods.service import (
    default_payment_method,
    get_payment_method,
    list_payment_methods,
    payment_method_or_none,
)
from tenure.subscriptions import extensions, notices, repository
from tenure.subscriptions.models import Subscription
from tenure.subscriptions.repository import get_subscription

# An account may hold its subscription plus four more ordinary ones of a product (VL-2).
MAX_ORDINARY_SUBSCRIPTIONS = 5
INVOICE_TERMS_DAYS = 30


@dataclass(frozen=True, slots=True)
class Purchase:
    """What the caller asked for."""

    account_id: str
    plan_code: str
    currency: str = "USD"
    quantity: int = 1
    payment_method_id: str | None = None
    trial: bool | None = None  # None: use the plan's trial when the account may have one


# ---------------------------------------------------------------------------- helpers


def billed_quantity(plan: Plan, seats: int) -> int:
    """Per-seat plans (and volume plans, priced per license) bill every seat; flat plans one
    price up to their seat limit."""
    return seats if plan.price_per_seat or plan.kind == "volume" else 1


def _record(
    session: Session, sub: Subscription, type: str, *, at: datetime, actor: Actor, **data: object
) -> None:
    events.record(
        session,
        type=f"subscription.{type}",
        at=at,
        actor=actor,
        subject_type="subscription",
        subject_id=sub.id,
        account_id=sub.account_id,
        data={"status": sub.status, "plan": sub.plan_code, **data},
    )


def _transition(sub: Subscription, target: rules.Status) -> None:
    rules.check_transition(sub.status, target)  # type: ignore[arg-type]
    sub.status = target


def _set_period(sub: Subscription, *, offset: int) -> None:
    assert sub.anchor_at is not None
    sub.period_offset_months = offset
    sub.current_period_start = months_after(sub.anchor_at, offset)
    sub.current_period_end = months_after(sub.anchor_at, offset + sub.billing_period_months)


def _next_period_end(sub: Subscription, months: int) -> datetime:
    assert sub.anchor_at is not None
    return months_after(
        sub.anchor_at, sub.period_offset_months + sub.billing_period_months + months
    )


def reschedule(session: Session, sub: Subscription) -> None:
    """Recompute the next due action from the subscription's state (the scheduler's index)."""
    plan = plan_of(session, sub)
    upcoming = rules.next_action(
        rules.Schedule(
            status=sub.status,  # type: ignore[arg-type]
            start_at=sub.start_at,
            trial_end=sub.trial_end,
            current_period_end=sub.current_period_end,
            paid_through=sub.paid_through,
            cancel_at_period_end=sub.cancel_at_period_end,
            auto_renew=sub.auto_renew,
            fixed_term=plan.renewal == "fixed_term",
            charge_lead_days=plan.charge_lead_time_days,
            grace_ends_at=sub.grace_ends_at,
            renewal_attempted=sub.renewal_attempted_for is not None
            and sub.renewal_attempted_for
            == rules.charge_boundary(sub.status, sub.current_period_end, sub.start_at),
            next_retry_at=sub.next_retry_at,
        )
    )
    sub.next_action, sub.next_action_at = upcoming if upcoming else (None, None)


def _payment_method_for(
    session: Session, *, account_id: str, plan: Plan, payment_method_id: str | None
) -> PaymentMethod | None:
    method = (
        get_payment_method(session, account_id=account_id, payment_method_id=payment_method_id)
        if payment_method_id
        else default_payment_method(session, account_id)
    )
    if method is not None:
        _check_method_accepted(plan, method)
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


def _charge_now(
    session: Session,
    *,
    gateway: PaymentGateway,
    invoice: Invoice,
    method: PaymentMethod | None,
    now: datetime,
    actor: Actor,
) -> bool:
    """Collect an open invoice. True when it is paid (also when nothing was due)."""
    if invoice.status == "paid":
        return True
    if invoice.status != "open" or method is None or invoice.collection != "charge_automatically":
        return False
    payment = billing.attempt_payment(
        session, gateway=gateway, invoice=invoice, payment_method=method, now=now, actor=actor
    )
    return payment.status == "succeeded"


def _first_invoice(
    session: Session,
    *,
    sub: Subscription,
    plan: Plan,
    reason: str,
    period_start: datetime,
    period_end: datetime,
    now: datetime,
    actor: Actor,
) -> Invoice:
    return _period_invoice(
        session,
        sub=sub,
        plan=plan,
        reason=reason,
        unit_amount=sub.unit_amount,
        seats=sub.quantity,
        period_start=period_start,
        period_end=period_end,
        due_at=now + timedelta(days=INVOICE_TERMS_DAYS) if plan.invoice_billing else now,
        now=now,
        actor=actor,
    )


def _period_invoice(
    session: Session,
    *,
    sub: Subscription,
    plan: Plan,
    reason: str,
    unit_amount: int,
    seats: int,
    period_start: datetime,
    period_end: datetime,
    due_at: datetime,
    now: datetime,
    actor: Actor,
) -> Invoice:
    """The invoice for one period of a subscription, keyed by subscription + reason + period
    start so that creating it again (a retry, a second worker) finds the same invoice."""
    return billing.create_invoice(
        session,
        account_id=sub.account_id,
        subscription_id=sub.id,
        reason=reason,
        currency=sub.currency,
        lines=[
            billing.plan_line(
                description=plan.name,
                plan_code=plan.code,
                quantity=billed_quantity(plan, seats),
                unit_amount=unit_amount,
                period_start=period_start,
                period_end=period_end,
            )
        ],
        dedupe_key=f"{sub.id}:{reason}:{period_start.isoformat()}",
        now=now,
        actor=actor,
        period_start=period_start,
        period_end=period_end,
        due_at=due_at,
        collection="send_invoice" if plan.invoice_billing else "charge_automatically",
    )


# ---------------------------------------------------------------------------- purchase


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
        _record(session, sub, "created", at=now, actor=actor, trial_end=rfc3339(sub.trial_end))
        _record(session, sub, "trial_started", at=now, actor=actor)
    elif charge_at_start:
        reschedule(session, sub)
        assert sub.next_action_at is not None
        _record(
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
        invoice = _first_invoice(
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
    _record(session, sub, "created", at=now, actor=actor, invoice_id=invoice.id)
    if sub.start_at <= now:
        _start(session, sub, now=now, actor=actor)
    reschedule(session, sub)


def collect_now(
    session: Session,
    *,
    invoice: Invoice,
    method: PaymentMethod | None,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
) -> None:
    """Charge an invoice now, or refuse the whole request with the gateway's reason."""
    if _charge_now(session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor):
        return
    if method is None:
        raise InvalidInput("payment_method_required", "Add a payment method to buy this plan.")
    failure = billing.payments_of(session, invoice.id)
    raise PaymentFailed(
        (failure[-1].failure_code if failure else None) or "payment_failed",
        "The payment was refused: {reason}",
        reason=(failure[-1].failure_message if failure else "") or "",
    )


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


def _start(session: Session, sub: Subscription, *, now: datetime, actor: Actor) -> None:
    """A scheduled subscription begins: its first period starts at ``start_at``. Paid, it is
    active; its first charge failed (APP-8), it begins in grace (SUB-5)."""
    sub.anchor_at = sub.start_at
    _set_period(sub, offset=0)
    sub.updated_at = now
    if sub.paid_through is None:
        _enter_grace(session, sub, plan=plan_of(session, sub), due_at=sub.start_at, now=now,
                     actor=actor)  # fmt: skip
        return
    _transition(sub, "active")
    _record(session, sub, "activated", at=now, actor=actor)


def _first_charge(
    session: Session, sub: Subscription, *, gateway: PaymentGateway, now: datetime, actor: Actor
) -> None:
    """APP-8: a purchase that starts when the store subscription ends is charged the plan's
    lead time before it starts, like a renewal (SUB-3), with the method a renewal would use.
    A failed charge is recorded and mailed; the subscription then starts in grace."""
    plan = plan_of(session, sub)
    start = sub.start_at
    sub.renewal_attempted_for = start
    invoice = _period_invoice(
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


# ---------------------------------------------------------------------------- life cycle


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
        _start(session, sub, now=at, actor=actor)
    elif action == "trial_end":
        _end_trial(session, sub, gateway=gateway, now=at, actor=actor)
    elif action == "renew":
        _renew(session, sub, gateway=gateway, now=at, actor=actor)
    elif action == "roll":
        _roll(session, sub, now=at, actor=actor)
    elif action == "expire":
        reason = "canceled" if sub.cancel_at_period_end else "not_renewed"
        _expire(session, sub, now=at, actor=actor, reason=reason)
    elif action == "retry":
        _retry(session, sub, gateway=gateway, now=at, actor=actor)
    elif action == "grace_end":
        _expire(session, sub, now=at, actor=actor, reason="payment_failed")
    else:  # pragma: no cover - the column only holds the actions above
        raise ValueError(f"unknown action {action}")
    reschedule(session, sub)
    return True


def _end_trial(
    session: Session, sub: Subscription, *, gateway: PaymentGateway, now: datetime, actor: Actor
) -> None:
    """SUB-2: at trial end the first charge is taken; unpaid → grace (SUB-5)."""
    assert sub.trial_end is not None
    if sub.cancel_at_period_end:
        _expire(session, sub, now=now, actor=actor, reason="canceled")
        return
    plan = plan_of(session, sub)
    sub.anchor_at = sub.trial_end
    _set_period(sub, offset=0)
    assert sub.current_period_start is not None and sub.current_period_end is not None
    invoice = _first_invoice(
        session,
        sub=sub,
        plan=plan,
        reason="trial_end",
        period_start=sub.current_period_start,
        period_end=sub.current_period_end,
        now=now,
        actor=actor,
    )
    method = _method_on_file(session, sub, plan)
    if _charge_now(session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor):
        _transition(sub, "active")
        sub.paid_through = sub.current_period_end
        _record(session, sub, "activated", at=now, actor=actor, invoice_id=invoice.id)
    else:
        _enter_grace(session, sub, plan=plan, due_at=sub.trial_end, now=now, actor=actor)
    sub.updated_at = now


def paying_method(
    session: Session, sub: Subscription, plan: Plan
) -> tuple[PaymentMethod, rules.PayingSource] | None:
    """The method that pays the subscription's next charge under ``plan`` and where it comes
    from (``rules.paying_method_source``): its own method while it exists and the plan accepts
    it, else the account's default if the plan accepts that, else none."""
    own = payment_method_or_none(session, sub.payment_method_id) if sub.payment_method_id else None
    if own is not None and (own.removed_at is not None or own.account_id != sub.account_id):
        own = None
    default = default_payment_method(session, sub.account_id)
    source = rules.paying_method_source(
        own=own.type if own is not None else None,
        default=default.type if default is not None else None,
        accepted=plan.payment_methods,
    )
    if source == "subscription":
        assert own is not None
        return own, source
    if source == "account_default":
        assert default is not None
        return default, source
    return None


def next_paying_method(
    session: Session, sub: Subscription
) -> tuple[PaymentMethod, rules.PayingSource] | None:
    """What the customer sees as the method paying the next charge: none for a store or an
    ended subscription, nor for an invoice-paid plan (paid by transfer, SUB-12)."""
    if sub.channel != "web" or sub.status == "expired":
        return None
    plan = next_charge_plan(session, sub)
    if plan.invoice_billing:
        return None
    return paying_method(session, sub, plan)


def _method_on_file(session: Session, sub: Subscription, plan: Plan) -> PaymentMethod | None:
    found = paying_method(session, sub, plan)
    return found[0] if found is not None else None


def next_charge_plan(session: Session, sub: Subscription) -> Plan:
    """The plan the subscription's next charge is made under: a scheduled plan change applies
    from the renewal on (SUB-6); a retry in grace charges the plan in force."""
    if sub.status != "past_due" and sub.scheduled_plan_code and sub.scheduled_catalog_version:
        return catalog_version(session, sub.scheduled_catalog_version).plan(sub.scheduled_plan_code)
    return plan_of(session, sub)


def _no_method_reason(session: Session, sub: Subscription) -> str:
    """Why a charge had no method to use: none on file at all, or none the plan accepts."""
    return (
        "payment_method_not_allowed"
        if list_payment_methods(session, sub.account_id)
        else "no_payment_method"
    )


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
        _record(session, sub, "auto_renew_off", at=now, actor=actor, reason="no_licenses_renew")
        return
    invoice = _period_invoice(
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
    method = _method_on_file(session, sub, plan)
    if _charge_now(session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor):
        sub.paid_through = invoice.period_end
        _record(session, sub, f"{event}_paid", at=now, actor=actor, invoice_id=invoice.id)
    elif invoice.collection == "send_invoice":
        # Paid by bank transfer against the invoice (SUB-12); due at the period's start.
        _record(session, sub, f"{event}_invoiced", at=now, actor=actor, invoice_id=invoice.id)
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
    _record(session, sub, event, at=now, actor=actor, invoice_id=invoice.id, reason=reason)
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
        _record(session, sub, "plan_changed", at=now, actor=actor, from_plan=old_plan)
    _set_period(sub, offset=sub.period_offset_months + previous_months)
    if paid:
        _transition(sub, "active")
        _record(session, sub, "renewed", at=now, actor=actor)
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
        _expire(session, sub, now=now, actor=actor, reason="payment_failed")
        return
    _transition(sub, "past_due")
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
    _record(session, sub, "past_due", at=now, actor=actor, grace_ends_at=rfc3339(sub.grace_ends_at))
    notices.grace_started(session, sub=sub, plan=plan, grace_ends_at=sub.grace_ends_at, now=now)


def _expire(
    session: Session, sub: Subscription, *, now: datetime, actor: Actor, reason: str
) -> None:
    _transition(sub, "expired")
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
    _record(session, sub, "expired", at=now, actor=actor, reason=reason)
    if reason != "switched":  # moving to another plan is not an ending for the customer
        loaded = catalog_version(session, sub.catalog_version)
        plan = loaded.plan(sub.plan_code)
        fallback = loaded.find_plan(plan.fallback_plan) if plan.fallback_plan else None
        notices.expired(session, sub=sub, plan=plan, fallback=fallback, now=now)


def _failure_reason(session: Session, invoice: Invoice) -> str:
    attempts = billing.payments_of(session, invoice.id)
    return (attempts[-1].failure_code if attempts else None) or "no_payment_method"


def _retry(
    session: Session, sub: Subscription, *, gateway: PaymentGateway, now: datetime, actor: Actor
) -> None:
    """SUB-5: retry the failed charge on the catalog's schedule during grace."""
    plan = plan_of(session, sub)
    invoice = billing.open_invoice_of_subscription(session, sub.id)
    method = _method_on_file(session, sub, plan)
    if invoice is not None and _charge_now(
        session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor
    ):
        settle_paid_invoice(session, invoice=invoice, now=now, actor=actor)
        return
    assert sub.grace_started_at is not None and sub.grace_ends_at is not None
    _record(session, sub, "retry_failed", at=now, actor=actor)
    notices.grace_reminder(session, sub=sub, plan=plan, grace_ends_at=sub.grace_ends_at, now=now)
    sub.next_retry_at = rules.next_retry(
        sub.grace_started_at, plan.retry_schedule_days, after=now, grace_ends_at=sub.grace_ends_at
    )
    sub.updated_at = now


def charge_past_due_with_new_method(
    session: Session, method: PaymentMethod, gateway: PaymentGateway, now: datetime, actor: Actor
) -> None:
    """SUB-5: a payment method added during grace is charged at once for what is overdue (also
    the failed first charge of a purchase that has not started yet, APP-8)."""
    for sub in repository.overdue_of_account(session, method.account_id):
        invoice = billing.open_invoice_of_subscription(session, sub.id)
        if invoice is None or invoice.collection != "charge_automatically":
            continue
        if method.type not in plan_of(session, sub).payment_methods:
            continue
        if _charge_now(
            session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor
        ):
            settle_paid_invoice(session, invoice=invoice, now=now, actor=actor)


def pay_invoice_now(
    session: Session,
    *,
    invoice: Invoice,
    payment_method_id: str | None,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
) -> Payment:
    """The owner pays an open invoice now, with a chosen method or the default, e.g. during
    grace (SUB-5). A paid invoice makes its past-due subscription active again."""
    if invoice.status != "open":
        raise Conflict("invoice_not_open", "The invoice is {status}.", status=invoice.status)
    if invoice.collection != "charge_automatically":
        raise Conflict(
            "invoice_paid_by_transfer", "This invoice is paid by bank transfer, not by card."
        )
    sub = get_subscription(session, invoice.subscription_id) if invoice.subscription_id else None
    plan = plan_of(session, sub) if sub is not None and sub.channel == "web" else None
    method: PaymentMethod | None
    if payment_method_id:
        method = get_payment_method(
            session, account_id=invoice.account_id, payment_method_id=payment_method_id
        )
        if plan is not None:
            _check_method_accepted(plan, method)  # VL-3: only what the plan accepts
    elif sub is not None and plan is not None:
        method = _method_on_file(session, sub, plan)
    else:
        method = default_payment_method(session, invoice.account_id)
    if method is None:
        raise InvalidInput("payment_method_required", "Add a payment method to pay.")
    payment = billing.attempt_payment(
        session, gateway=gateway, invoice=invoice, payment_method=method, now=now, actor=actor
    )
    if payment.status == "succeeded":
        settle_paid_invoice(session, invoice=invoice, now=now, actor=actor)
    return payment


def settle_paid_invoice(session: Session, *, invoice: Invoice, now: datetime, actor: Actor) -> None:
    """An open invoice of a past-due subscription was paid: active again, anchor unchanged
    (SUB-5)."""
    if invoice.subscription_id is None:
        return
    sub = get_subscription(session, invoice.subscription_id)
    if sub.status == "scheduled" and sub.paid_through is None:
        # The first charge of a purchase that starts later (APP-8) failed and was paid since:
        # it starts active.
        sub.paid_through = invoice.period_end
        sub.updated_at = now
        _record(session, sub, "first_charge_paid", at=now, actor=actor, invoice_id=invoice.id)
        reschedule(session, sub)
        return
    if sub.status != "past_due":
        return
    _transition(sub, "active")
    sub.grace_ends_at = None
    sub.grace_started_at = None
    sub.next_retry_at = None
    sub.paid_through = invoice.period_end
    sub.updated_at = now
    _record(session, sub, "recovered", at=now, actor=actor, invoice_id=invoice.id)
    reschedule(session, sub)


# ---------------------------------------------------------------------------- owner actions


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
        _expire(session, sub, now=now, actor=actor, reason="canceled_by_staff")
    elif sub.status == "past_due":
        # Nothing is paid beyond the renewal date: cancelling in grace ends it now.
        _expire(session, sub, now=now, actor=actor, reason="canceled")
    elif sub.status == "scheduled" and sub.paid_through is None:
        # Not started and not paid yet (APP-8): nothing to refund, it simply ends.
        _expire(session, sub, now=now, actor=actor, reason="canceled")
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
        _record(session, sub, "cancel_scheduled", at=now, actor=actor)
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
    _record(session, sub, "auto_renew_on" if enabled else "auto_renew_off", at=now, actor=actor)
    reschedule(session, sub)
    return sub


def _check_method_accepted(plan: Plan, method: PaymentMethod) -> None:
    if method.type not in plan.payment_methods:
        raise InvalidInput(
            "payment_method_not_allowed",
            "The plan {plan} cannot be paid with {method}.",
            plan=plan.code,
            method=method.type,
            allowed=list(plan.payment_methods),
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
        _check_method_accepted(plan, method)
    if sub.payment_method_id == method.id:
        return sub
    previous = sub.payment_method_id
    sub.payment_method_id = method.id
    sub.updated_at = now
    _record(
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
    _record(session, sub, "cancel_undone", at=now, actor=actor)
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
    _record(
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
    _record(session, sub, "plan_change_canceled", at=now, actor=actor, to_plan=to_plan)
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
        _expire(session, sub, now=now, actor=actor, reason="refunded")
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
    _expire(session, sub, now=now, actor=actor, reason=reason)
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


def send_renewal_notice(session: Session, *, sub: Subscription, now: datetime) -> None:
    """Tell the customer what will be charged and when, before an automatic renewal."""
    assert sub.current_period_end is not None
    plan, unit_amount, _months, seats = _renewal_terms(session, sub)
    amount = Money(unit_amount * billed_quantity(plan, seats), sub.currency)
    notices.renewal_upcoming(session, sub=sub, plan=plan, amount=amount, now=now)
    sub.renewal_notice_for = sub.current_period_end
