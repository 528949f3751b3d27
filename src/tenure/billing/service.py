"""Invoices and payments. Services never commit; the entrypoint owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenure.billing.gateway import PaymentGateway
from tenure.billing.models import Invoice, InvoiceLine, Payment
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.errors import Conflict, NotFound
from tenure.kit.ids import new_id
from tenure.kit.money import Money
from tenure.payment_methods.models import PaymentMethod


@dataclass(frozen=True, slots=True)
class LineDraft:
    kind: str
    description: str
    quantity: int
    unit_amount: int
    amount: int
    plan_code: str | None = None
    period_start: datetime | None = None
    period_end: datetime | None = None


def plan_line(
    *,
    description: str,
    plan_code: str,
    quantity: int,
    unit_amount: int,
    period_start: datetime | None,
    period_end: datetime | None,
) -> LineDraft:
    return LineDraft(
        kind="plan",
        description=description,
        quantity=quantity,
        unit_amount=unit_amount,
        amount=quantity * unit_amount,
        plan_code=plan_code,
        period_start=period_start,
        period_end=period_end,
    )


def find_invoice_by_key(session: Session, dedupe_key: str) -> Invoice | None:
    return session.scalar(select(Invoice).where(Invoice.dedupe_key == dedupe_key))


def create_invoice(
    session: Session,
    *,
    account_id: str,
    subscription_id: str | None,
    reason: str,
    currency: str,
    lines: Sequence[LineDraft],
    dedupe_key: str,
    now: datetime,
    actor: Actor,
    period_start: datetime | None = None,
    period_end: datetime | None = None,
    due_at: datetime | None = None,
    collection: str = "charge_automatically",
) -> Invoice:
    """Create an open invoice, or return the one that already exists under ``dedupe_key``."""
    existing = find_invoice_by_key(session, dedupe_key)
    if existing is not None:
        return existing
    subtotal = sum(line.amount for line in lines if line.kind in ("plan", "proration"))
    discount = -sum(line.amount for line in lines if line.kind == "discount")
    total = subtotal - discount
    Money(total, currency)  # validates the currency and the integer amount
    invoice = Invoice(
        id=new_id("inv"),
        account_id=account_id,
        subscription_id=subscription_id,
        dedupe_key=dedupe_key,
        billing_reason=reason,
        collection=collection,
        status="open" if total > 0 else "paid",
        currency=currency,
        subtotal=subtotal,
        discount=discount,
        credit_applied=0,
        tax=0,
        total=total,
        amount_paid=0,
        amount_refunded=0,
        period_start=period_start,
        period_end=period_end,
        attempt_count=0,
        created_at=now,
        due_at=due_at or now,
        paid_at=now if total <= 0 else None,
        voided_at=None,
    )
    invoice.lines = [
        InvoiceLine(
            position=position,
            kind=line.kind,
            description=line.description,
            plan_code=line.plan_code,
            quantity=line.quantity,
            unit_amount=line.unit_amount,
            amount=line.amount,
            period_start=line.period_start,
            period_end=line.period_end,
        )
        for position, line in enumerate(lines)
    ]
    session.add(invoice)
    events.record(
        session,
        type="invoice.created",
        at=now,
        actor=actor,
        subject_type="invoice",
        subject_id=invoice.id,
        account_id=account_id,
        data={"total": total, "currency": currency, "reason": reason},
    )
    return invoice


def attempt_payment(
    session: Session,
    *,
    gateway: PaymentGateway,
    invoice: Invoice,
    payment_method: PaymentMethod,
    now: datetime,
    actor: Actor,
) -> Payment:
    """Try to collect an open invoice with a payment method. Records the attempt either way.

    The gateway's idempotency key is the invoice and its attempt number, so a crash and
    retry of the same attempt is never charged twice by the gateway.
    """
    if invoice.status != "open":
        raise ValueError(f"invoice {invoice.id} is {invoice.status}, not open")
    invoice.attempt_count += 1
    amount = Money(invoice.amount_due, invoice.currency)
    result = gateway.charge(
        token=payment_method.token,
        amount=amount,
        idempotency_key=f"{invoice.id}:attempt:{invoice.attempt_count}",
        description=f"Invoice {invoice.id}",
        now=now,
    )
    payment = Payment(
        id=new_id("pay"),
        invoice_id=invoice.id,
        account_id=invoice.account_id,
        payment_method_id=payment_method.id,
        amount=amount.amount,
        currency=amount.currency,
        status="succeeded" if result.succeeded else "failed",
        gateway=gateway.name,
        gateway_charge_id=result.charge_id,
        failure_code=result.failure_code,
        failure_message=result.failure_message,
        created_at=now,
    )
    session.add(payment)
    if result.succeeded:
        invoice.amount_paid += amount.amount
        invoice.status = "paid"
        invoice.paid_at = now
    events.record(
        session,
        type="invoice.paid" if result.succeeded else "invoice.payment_failed",
        at=now,
        actor=actor,
        subject_type="invoice",
        subject_id=invoice.id,
        account_id=invoice.account_id,
        data={
            "payment_id": payment.id,
            "amount": amount.amount,
            "currency": amount.currency,
            "failure_code": result.failure_code,
        },
    )
    return payment


def void_invoice(session: Session, *, invoice: Invoice, now: datetime, actor: Actor) -> None:
    if invoice.status != "open":
        return
    invoice.status = "void"
    invoice.voided_at = now
    events.record(
        session,
        type="invoice.voided",
        at=now,
        actor=actor,
        subject_type="invoice",
        subject_id=invoice.id,
        account_id=invoice.account_id,
        data={},
    )


def get_invoice(session: Session, invoice_id: str) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound("invoice_not_found", "No invoice with this id exists.")
    return invoice


def list_invoices(
    session: Session, *, account_id: str, subscription_id: str | None = None
) -> Sequence[Invoice]:
    query = select(Invoice).where(Invoice.account_id == account_id)
    if subscription_id is not None:
        query = query.where(Invoice.subscription_id == subscription_id)
    return session.scalars(query.order_by(Invoice.created_at, Invoice.id)).all()


def payments_of(session: Session, invoice_id: str) -> Sequence[Payment]:
    return session.scalars(
        select(Payment).where(Payment.invoice_id == invoice_id).order_by(Payment.created_at)
    ).all()


def mark_paid(session: Session, *, invoice: Invoice, now: datetime, actor: Actor) -> None:
    """Record payment received outside the gateway, e.g. a bank transfer (SUB-12)."""
    if invoice.status != "open":
        raise Conflict("invoice_not_open", "The invoice is {status}.", status=invoice.status)
    invoice.amount_paid = invoice.total
    invoice.status = "paid"
    invoice.paid_at = now
    events.record(
        session,
        type="invoice.paid",
        at=now,
        actor=actor,
        subject_type="invoice",
        subject_id=invoice.id,
        account_id=invoice.account_id,
        data={"amount": invoice.total, "currency": invoice.currency, "by": "bank_transfer"},
    )
