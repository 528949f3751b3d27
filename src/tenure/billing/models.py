from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tenure.kit.db import Base

Amount = BigInteger().with_variant(Integer(), "sqlite")


class Invoice(Base):
    """What an account owes for one reason and period; amounts in minor units (SUB-8).

    ``dedupe_key`` (subscription + reason + period) makes creating an invoice idempotent: a
    retried or concurrent renewal finds the invoice that already exists instead of billing
    twice.
    """

    __tablename__ = "invoices"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    subscription_id: Mapped[str | None] = mapped_column(String(40), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    billing_reason: Mapped[str] = mapped_column(String(40))
    collection: Mapped[str] = mapped_column(String(30), default="charge_automatically")
    status: Mapped[str] = mapped_column(String(20))  # open | paid | void | uncollectible
    currency: Mapped[str] = mapped_column(String(3))
    subtotal: Mapped[int] = mapped_column(Amount)
    discount: Mapped[int] = mapped_column(Amount, default=0)
    credit_applied: Mapped[int] = mapped_column(Amount, default=0)
    tax: Mapped[int] = mapped_column(Amount, default=0)
    total: Mapped[int] = mapped_column(Amount)
    amount_paid: Mapped[int] = mapped_column(Amount, default=0)
    amount_refunded: Mapped[int] = mapped_column(Amount, default=0)
    period_start: Mapped[datetime | None]
    period_end: Mapped[datetime | None]
    attempt_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    due_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]
    voided_at: Mapped[datetime | None]

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", order_by="InvoiceLine.position", lazy="selectin"
    )

    @property
    def amount_due(self) -> int:
        return max(0, self.total - self.amount_paid)


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    invoice_id: Mapped[str] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))  # plan | proration | discount | credit
    description: Mapped[str] = mapped_column(String(300))
    plan_code: Mapped[str | None] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(default=1)
    unit_amount: Mapped[int] = mapped_column(Amount)
    amount: Mapped[int] = mapped_column(Amount)
    period_start: Mapped[datetime | None]
    period_end: Mapped[datetime | None]

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class Payment(Base):
    """One attempt to collect an invoice through the gateway, successful or not."""

    __tablename__ = "payments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    invoice_id: Mapped[str] = mapped_column(ForeignKey("invoices.id"), index=True)
    account_id: Mapped[str] = mapped_column(String(40), index=True)
    payment_method_id: Mapped[str | None] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))  # succeeded | failed
    gateway: Mapped[str] = mapped_column(String(40))
    gateway_charge_id: Mapped[str | None] = mapped_column(String(100))
    failure_code: Mapped[str | None] = mapped_column(String(40))
    failure_message: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]


class CreditTransaction(Base):
    """One movement of an account's credit balance (SUB-10): positive when credit is granted
    (e.g. the unused part of a period when switching), negative when an invoice uses it."""

    __tablename__ = "credit_transactions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    amount: Mapped[int] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3))
    balance_after: Mapped[int] = mapped_column(Amount)
    reason: Mapped[str] = mapped_column(String(40))
    subscription_id: Mapped[str | None] = mapped_column(String(40))
    invoice_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]


class Refund(Base):
    __tablename__ = "refunds"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    invoice_id: Mapped[str] = mapped_column(ForeignKey("invoices.id"), index=True)
    payment_id: Mapped[str] = mapped_column(String(40))
    account_id: Mapped[str] = mapped_column(String(40), index=True)
    amount: Mapped[int] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3))
    gateway_refund_id: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
