from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from tenure.billing.models import CreditTransaction, Invoice, Payment
from tenure.kit.money import Money


class InvoiceLineOut(BaseModel):
    kind: str
    description: str
    plan: str | None
    quantity: int
    unit_amount: int
    amount: int
    period_start: datetime | None
    period_end: datetime | None


class PaymentOut(BaseModel):
    id: str
    status: str
    amount: int
    currency: str
    payment_method_id: str | None
    failure_code: str | None
    failure_message: str | None
    created_at: datetime

    @classmethod
    def of(cls, payment: Payment) -> PaymentOut:
        return cls(
            id=payment.id,
            status=payment.status,
            amount=payment.amount,
            currency=payment.currency,
            payment_method_id=payment.payment_method_id,
            failure_code=payment.failure_code,
            failure_message=payment.failure_message,
            created_at=payment.created_at,
        )


class InvoiceOut(BaseModel):
    """Amounts are integer minor units of ``currency`` (SUB-8)."""

    id: str
    account_id: str
    subscription_id: str | None
    billing_reason: str
    collection: str
    status: str
    currency: str
    subtotal: int
    discount: int
    credit_applied: int
    tax: int
    total: int
    amount_paid: int
    amount_due: int
    amount_refunded: int
    period_start: datetime | None
    period_end: datetime | None
    created_at: datetime
    due_at: datetime
    paid_at: datetime | None
    lines: list[InvoiceLineOut]
    payments: list[PaymentOut]

    @classmethod
    def of(cls, invoice: Invoice, payments: list[Payment]) -> InvoiceOut:
        return cls(
            id=invoice.id,
            account_id=invoice.account_id,
            subscription_id=invoice.subscription_id,
            billing_reason=invoice.billing_reason,
            collection=invoice.collection,
            status=invoice.status,
            currency=invoice.currency,
            subtotal=invoice.subtotal,
            discount=invoice.discount,
            credit_applied=invoice.credit_applied,
            tax=invoice.tax,
            total=invoice.total,
            amount_paid=invoice.amount_paid,
            amount_due=invoice.amount_due,
            amount_refunded=invoice.amount_refunded,
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            created_at=invoice.created_at,
            due_at=invoice.due_at,
            paid_at=invoice.paid_at,
            lines=[
                InvoiceLineOut(
                    kind=line.kind,
                    description=line.description,
                    plan=line.plan_code,
                    quantity=line.quantity,
                    unit_amount=line.unit_amount,
                    amount=line.amount,
                    period_start=line.period_start,
                    period_end=line.period_end,
                )
                for line in invoice.lines
            ],
            payments=[PaymentOut.of(p) for p in payments],
        )


class PayInvoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payment_method_id: str | None = None


class CreditEntryOut(BaseModel):
    amount: int
    currency: str
    balance_after: int
    reason: str
    subscription_id: str | None
    invoice_id: str | None
    created_at: datetime


class CreditOut(BaseModel):
    balance: int
    currency: str
    history: list[CreditEntryOut]

    @classmethod
    def of(cls, balance: Money, history: list[CreditTransaction]) -> CreditOut:
        return cls(
            balance=balance.amount,
            currency=balance.currency,
            history=[
                CreditEntryOut(
                    amount=e.amount,
                    currency=e.currency,
                    balance_after=e.balance_after,
                    reason=e.reason,
                    subscription_id=e.subscription_id,
                    invoice_id=e.invoice_id,
                    created_at=e.created_at,
                )
                for e in history
            ],
        )
