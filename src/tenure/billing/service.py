"""Invoices and payments. Services never commit; the entrypoint owns the transaction."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenure.accounts import service as accounts
from tenure.billing.models import CreditTransaction, Invoice, InvoiceLine, Payment, Refund
from tenure.billing.rows import LineDraft as LineDraft
from tenure.billing.rows import (
    amount_before_credit,
    invoice_created_event,
    invoice_line_row,
    invoice_row,
    payment_event,
    payment_row,
)
from tenure.billing.rows import plan_line as plan_line
from tenure.events import service as events
from tenure.kit.errors import Conflict, NotFound, PaymentFailed
from tenure.kit.ids import new_id
from tenure.kit.money import Money
from tenure.kit.pages import Window, keyset
from tenure.notifications.service import enqueue_for_account

if TYPE_CHECKING:
    from tenure.kit.actor import Actor
    from tenure.kit.ports import PaymentGateway
    from tenure.payment_methods.models import PaymentMethod


def find_invoice_by_key(session: Session, dedupe_key: str) -> Invoice | None:
    # An invoice created in this transaction and not flushed yet is found in the session,
    # so the query needs no autoflush (which, in the scheduler's batches of renewals, would
    # write every pending change of the batch before each lookup).
    for pending in session.new:
        if isinstance(pending, Invoice) and pending.dedupe_key == dedupe_key:
            return pending
    with session.no_autoflush:
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
    before_credit = amount_before_credit(lines)
    Money(before_credit, currency)  # validates the currency and the integer amount
    invoice_id = new_id("inv")
    credit = _use_credit(
        session,
        account_id=account_id,
        currency=currency,
        up_to=before_credit,
        invoice_id=invoice_id,
        subscription_id=subscription_id,
        now=now,
    )
    row = invoice_row(
        id=invoice_id,
        account_id=account_id,
        subscription_id=subscription_id,
        dedupe_key=dedupe_key,
        reason=reason,
        collection=collection,
        currency=currency,
        lines=lines,
        credit_applied=credit,
        period_start=period_start,
        period_end=period_end,
        due_at=due_at or now,
        now=now,
    )
    invoice = Invoice(**row)
    invoice.lines = [
        InvoiceLine(**invoice_line_row(invoice_id=invoice_id, position=position, line=line))
        for position, line in enumerate(lines)
    ]
    session.add(invoice)
    events.add(session, invoice_created_event(row, actor=actor))
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

    The gateway's idempotency key is the invoice's dedupe key (subscription + reason +
    period) and the attempt number. Both are deterministic: if a crash rolls this
    transaction back, the retry recreates the same invoice and attempt, and the gateway
    returns the first result instead of charging again.
    """
    if invoice.status != "open":
        raise ValueError(f"invoice {invoice.id} is {invoice.status}, not open")
    invoice.attempt_count += 1
    amount = Money(invoice.amount_due, invoice.currency)
    result = gateway.charge(
        token=payment_method.token,
        amount=amount,
        idempotency_key=f"{invoice.dedupe_key}:attempt:{invoice.attempt_count}",
        description=f"Invoice {invoice.id}",
        now=now,
    )
    row = payment_row(
        invoice_id=invoice.id,
        account_id=invoice.account_id,
        payment_method_id=payment_method.id,
        amount=amount,
        gateway=gateway.name,
        result=result,
        now=now,
    )
    payment = Payment(**row)
    session.add(payment)
    if result.succeeded:
        invoice.amount_paid += amount.amount
        invoice.status = "paid"
        invoice.paid_at = now
        _send_receipt(session, invoice=invoice, now=now)
    events.add(session, payment_event(row, actor=actor))
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
    session: Session,
    *,
    account_id: str,
    subscription_id: str | None = None,
    window: Window | None = None,
) -> Sequence[Invoice]:
    """The account's invoices, oldest first (all of them, or one window)."""
    query = select(Invoice).where(Invoice.account_id == account_id)
    if subscription_id is not None:
        query = query.where(Invoice.subscription_id == subscription_id)
    return session.scalars(keyset(query, [Invoice.created_at, Invoice.id], window)).all()


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
    _send_receipt(session, invoice=invoice, now=now)
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


# ------------------------------------------------------------------------- credit (SUB-10)


def credit_balance(session: Session, account_id: str) -> Money:
    return accounts.credit_of(session, account_id)


def grant_credit(
    session: Session,
    *,
    account_id: str,
    amount: Money,
    reason: str,
    now: datetime,
    actor: Actor,
    subscription_id: str | None = None,
) -> CreditTransaction | None:
    """Add credit to an account. Credit is held in one currency per account; a balance in
    another currency must be used up first."""
    if amount.amount <= 0:
        return None
    after = accounts.change_credit(session, account_id, amount.amount, currency=amount.currency)
    entry = _credit_entry(
        session,
        account_id=account_id,
        amount=amount.amount,
        after=after,
        reason=reason,
        now=now,
        subscription_id=subscription_id,
        invoice_id=None,
    )
    events.record(
        session,
        type="credit.granted",
        at=now,
        actor=actor,
        subject_type="account",
        subject_id=account_id,
        account_id=account_id,
        data={"amount": amount.amount, "currency": amount.currency, "reason": reason},
    )
    return entry


def credit_history(session: Session, account_id: str) -> Sequence[CreditTransaction]:
    return session.scalars(
        select(CreditTransaction)
        .where(CreditTransaction.account_id == account_id)
        .order_by(CreditTransaction.created_at, CreditTransaction.id)
    ).all()


def _credit_entry(
    session: Session,
    *,
    account_id: str,
    amount: int,
    after: Money,
    reason: str,
    now: datetime,
    subscription_id: str | None,
    invoice_id: str | None,
) -> CreditTransaction:
    entry = CreditTransaction(
        id=new_id("cre"),
        account_id=account_id,
        amount=amount,
        currency=after.currency,
        balance_after=after.amount,
        reason=reason,
        subscription_id=subscription_id,
        invoice_id=invoice_id,
        created_at=now,
    )
    session.add(entry)
    return entry


def _use_credit(
    session: Session,
    *,
    account_id: str,
    currency: str,
    up_to: int,
    invoice_id: str,
    subscription_id: str | None,
    now: datetime,
) -> int:
    """Use the account's credit first on a new invoice (SUB-10). Returns the amount used."""
    if up_to <= 0:
        return 0
    taken = accounts.take_credit(session, account_id, currency=currency, up_to=up_to)
    if taken is None:
        return 0
    used, after = taken
    _credit_entry(
        session,
        account_id=account_id,
        amount=-used,
        after=after,
        reason="applied_to_invoice",
        now=now,
        subscription_id=subscription_id,
        invoice_id=invoice_id,
    )
    return used


# ------------------------------------------------------------------------- refunds (SUB-11)


def refund_invoice(
    session: Session,
    *,
    gateway: PaymentGateway,
    invoice: Invoice,
    reason: str,
    now: datetime,
    actor: Actor,
) -> Refund | None:
    """Refund what was paid on an invoice through the gateway, in full. Credit that was
    applied goes back to the account's credit balance."""
    if invoice.status != "paid" or invoice.amount_refunded:
        raise Conflict("invoice_not_refundable", "This invoice cannot be refunded.")
    refund: Refund | None = None
    paid = next((p for p in payments_of(session, invoice.id) if p.status == "succeeded"), None)
    if paid is not None and paid.gateway_charge_id:
        result = gateway.refund(
            charge_id=paid.gateway_charge_id,
            amount=Money(paid.amount, paid.currency),
            idempotency_key=f"{invoice.dedupe_key}:refund",
        )
        if not result.succeeded:
            raise PaymentFailed(
                "refund_failed",
                "The refund was refused: {reason}",
                reason=result.failure_message or "",
            )
        refund = Refund(
            id=new_id("ref"),
            invoice_id=invoice.id,
            payment_id=paid.id,
            account_id=invoice.account_id,
            amount=paid.amount,
            currency=paid.currency,
            gateway_refund_id=result.refund_id,
            reason=reason,
            created_at=now,
        )
        session.add(refund)
        invoice.amount_refunded = paid.amount
    if invoice.credit_applied:
        after = accounts.change_credit(session, invoice.account_id, invoice.credit_applied)
        _credit_entry(
            session,
            account_id=invoice.account_id,
            amount=invoice.credit_applied,
            after=after,
            reason="refund_of_credit",
            now=now,
            subscription_id=invoice.subscription_id,
            invoice_id=invoice.id,
        )
    invoice.status = "refunded"
    events.record(
        session,
        type="invoice.refunded",
        at=now,
        actor=actor,
        subject_type="invoice",
        subject_id=invoice.id,
        account_id=invoice.account_id,
        data={"amount": invoice.amount_refunded, "currency": invoice.currency, "reason": reason},
    )
    return refund


def _send_receipt(session: Session, *, invoice: Invoice, now: datetime) -> None:
    enqueue_for_account(
        session,
        account_id=invoice.account_id,
        template="receipt",
        context={
            "plan_name": invoice.lines[0].description if invoice.lines else invoice.billing_reason,
            "amount": Money(invoice.amount_paid, invoice.currency),
            "period_end": invoice.period_end or now,
            "invoice_id": invoice.id,
        },
        now=now,
        dedupe_key=f"receipt:{invoice.id}",
    )


def open_invoice_of_subscription(session: Session, subscription_id: str) -> Invoice | None:
    """The newest unpaid (open) invoice of a subscription, if any: the one that keeps a past-due
    subscription in grace."""
    return session.scalar(
        select(Invoice)
        .where(Invoice.subscription_id == subscription_id, Invoice.status == "open")
        .order_by(Invoice.created_at.desc(), Invoice.id.desc())
        .limit(1)
    )


def existing_dedupe_keys(session: Session, keys: Collection[str]) -> set[str]:
    """Which of ``keys`` already name an invoice (a batch of renewals leaves those to the
    path that knows what to do with an existing invoice)."""
    if not keys:
        return set()
    return set(session.scalars(select(Invoice.dedupe_key).where(Invoice.dedupe_key.in_(keys))))
