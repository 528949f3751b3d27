"""Paying for a subscription: the invoice of a period, the method that pays it (VL-3), a
charge taken now, and an overdue invoice paid later, which makes its subscription active
again (SUB-5).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tenure.billing import service as billing
from tenure.catalog.service import catalog_version, plan_of
from tenure.domain import subscription as rules
from tenure.kit.errors import Conflict, InvalidInput, PaymentFailed
from tenure.payment_methods.service import (
    default_payment_method,
    get_payment_method,
    payment_method_or_none,
)
from tenure.subscriptions import lookups, repository
from tenure.subscriptions.common import (
    billed_quantity,
    check_method_accepted,
    record,
    reschedule,
    transition,
)

if TYPE_CHECKING:
    from tenure.billing.models import Invoice, Payment
    from tenure.catalog.schema import Plan
    from tenure.domain.volume import Proration
    from tenure.kit.actor import Actor
    from tenure.kit.ports import PaymentGateway
    from tenure.payment_methods.models import PaymentMethod
    from tenure.subscriptions.models import Subscription

INVOICE_TERMS_DAYS = 30


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


def method_on_file(session: Session, sub: Subscription, plan: Plan) -> PaymentMethod | None:
    found = paying_method(session, sub, plan)
    return found[0] if found is not None else None


def next_charge_plan(session: Session, sub: Subscription) -> Plan:
    """The plan the subscription's next charge is made under: a scheduled plan change applies
    from the renewal on (SUB-6); a retry in grace charges the plan in force."""
    if sub.status != "past_due" and sub.scheduled_plan_code and sub.scheduled_catalog_version:
        return catalog_version(session, sub.scheduled_catalog_version).plan(sub.scheduled_plan_code)
    return plan_of(session, sub)


def first_invoice(
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
    return period_invoice(
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


def period_invoice(
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


def charge_now(
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
    if charge_now(session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor):
        return
    if method is None:
        raise InvalidInput("payment_method_required", "Add a payment method to buy this plan.")
    failure = billing.payments_of(session, invoice.id)
    raise PaymentFailed(
        (failure[-1].failure_code if failure else None) or "payment_failed",
        "The payment was refused: {reason}",
        reason=(failure[-1].failure_message if failure else "") or "",
    )


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
    sub = (
        lookups.get_subscription(session, invoice.subscription_id)
        if invoice.subscription_id
        else None
    )
    plan = plan_of(session, sub) if sub is not None and sub.channel == "web" else None
    method: PaymentMethod | None
    if payment_method_id:
        method = get_payment_method(
            session, account_id=invoice.account_id, payment_method_id=payment_method_id
        )
        if plan is not None:
            check_method_accepted(plan, method)  # VL-3: only what the plan accepts
    elif sub is not None and plan is not None:
        method = method_on_file(session, sub, plan)
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
        if charge_now(
            session, gateway=gateway, invoice=invoice, method=method, now=now, actor=actor
        ):
            settle_paid_invoice(session, invoice=invoice, now=now, actor=actor)


def settle_paid_invoice(session: Session, *, invoice: Invoice, now: datetime, actor: Actor) -> None:
    """An open invoice of a past-due subscription was paid: active again, anchor unchanged
    (SUB-5)."""
    if invoice.subscription_id is None:
        return
    sub = lookups.get_subscription(session, invoice.subscription_id)
    if sub.status == "scheduled" and sub.paid_through is None:
        # The first charge of a purchase that starts later (APP-8) failed and was paid since:
        # it starts active.
        sub.paid_through = invoice.period_end
        sub.updated_at = now
        record(session, sub, "first_charge_paid", at=now, actor=actor, invoice_id=invoice.id)
        reschedule(session, sub)
        return
    if sub.status != "past_due":
        return
    transition(sub, "active")
    sub.grace_ends_at = None
    sub.grace_started_at = None
    sub.next_retry_at = None
    sub.paid_through = invoice.period_end
    sub.updated_at = now
    record(session, sub, "recovered", at=now, actor=actor, invoice_id=invoice.id)
    reschedule(session, sub)


def proration_invoice(
    session: Session,
    *,
    sub: Subscription,
    plan: Plan,
    reason: str,
    count: int,
    unit_amount: int,
    charge: Proration,
    dedupe_key: str,
    now: datetime,
    actor: Actor,
) -> Invoice:
    """The invoice for ``count`` seats or licenses added to ``sub`` until its renewal date
    (VL-5, BIZ-1): one proration line; sent, not charged, for an invoice-paid plan."""
    assert sub.current_period_end is not None
    return billing.create_invoice(
        session,
        account_id=sub.account_id,
        subscription_id=sub.id,
        reason=reason,
        currency=sub.currency,
        lines=[
            billing.LineDraft(
                kind="proration",
                description=f"{count} × {plan.name}, {charge.months} months",
                quantity=count,
                unit_amount=unit_amount,
                amount=charge.amount,
                plan_code=plan.code,
                period_start=now,
                period_end=sub.current_period_end,
            )
        ],
        dedupe_key=dedupe_key,
        now=now,
        actor=actor,
        period_start=now,
        period_end=sub.current_period_end,
        collection="send_invoice" if plan.invoice_billing else "charge_automatically",
    )
