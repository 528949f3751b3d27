"""Buying a plan on the web: what may be bought, the trial decision, the new subscription and
its first charge (SUB-2, SUB-4, SUB-8, SUB-9, APP-8, VL-2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from tenure.accounts.service import get_account
from tenure.catalog.service import catalog_version, current_catalog
from tenure.domain.entitlement import APP_STORE_CANCEL_NOTICE, APP_STORE_MANAGE_URL
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, Forbidden, InvalidInput
from tenure.kit.money import validate_currency
from tenure.payment_methods.service import default_payment_method, get_payment_method
from tenure.subscriptions import repository
from tenure.subscriptions.charging import collect_now, first_invoice
from tenure.subscriptions.common import (
    check_method_accepted,
    new_subscription,
    record,
    reschedule,
)
from tenure.subscriptions.lifecycle import grant_trial, start_subscription
from tenure.subscriptions.models import Subscription

if TYPE_CHECKING:
    from tenure.billing.models import Invoice
    from tenure.catalog.schema import Plan
    from tenure.kit.actor import Actor
    from tenure.kit.ports import PaymentGateway
    from tenure.payment_methods.models import PaymentMethod

__all__ = ["Purchase", "create_subscription", "grant_trial", "new_subscription", "pay_and_start"]

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


def create_subscription(
    session: Session,
    *,
    purchase: Purchase,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
    start_at: datetime | None = None,
    previous: Subscription | None = None,
    catalog_version_of: Subscription | None = None,
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
    # A restore keeps the terms of the catalog version the old subscription was bought on.
    loaded = (
        catalog_version(session, catalog_version_of.catalog_version)
        if catalog_version_of is not None
        else current_catalog(session)
    )
    plan = loaded.plan(purchase.plan_code)
    product = loaded.product_for(plan.code)
    _check_purchasable(plan, currency=purchase.currency, quantity=purchase.quantity)
    if account.kind == "organization" and plan.kind != "business":
        raise InvalidInput(
            "organization_plan_must_be_business",
            "An organization subscribes to business plans; {plan} is a {kind} plan.",
            plan=plan.code,
            kind=plan.kind,
        )
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
            start_at=rfc3339(begins),
            charge_at=rfc3339(sub.next_action_at),
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


def _store_subscription_end(
    session: Session, *, account_id: str, product_code: str
) -> datetime | None:
    """APP-8: when the account still has a store subscription of the product, the end date a
    web purchase must start at. A store subscription that still renews must be cancelled in
    the store first, or the customer would pay twice."""
    running = repository.live_store_subscriptions(
        session, account_id=account_id, product_code=product_code
    )
    renewing = [sub for sub in running if not sub.cancel_at_period_end]
    if renewing:
        store = renewing[0]
        renews_at = store.current_period_end
        raise Conflict(
            "store_subscription_active",
            "You already subscribe to this product through the App Store, and it renews by "
            "itself, so buying it on the web too would charge you twice. Cancel it in the App "
            "Store at least 24 hours before it renews (on your iPhone or iPad: open Settings, "
            "tap your name, then Subscriptions). You keep access until it ends, and a web "
            "subscription can then start the day it ends.",
            product=product_code,
            app_store_subscription_id=store.id,
            app_store_plan=store.plan_code,
            renews_at=renews_at,
            cancel_by=renews_at - APP_STORE_CANCEL_NOTICE if renews_at is not None else None,
            manage_channel="app_store",
            manage_url=APP_STORE_MANAGE_URL,
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
