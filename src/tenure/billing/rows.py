"""The rows of billing's tables (invoices, invoice lines, payments) and of the events that
tell about them: the one place that says what each column holds.

The ORM path (:mod:`tenure.billing.service`) builds its objects from these dicts
(``Invoice(**invoice_row(…))``); a set-based writer (the scheduler's renewals) hands the same
dicts to :func:`tenure.kit.bulk.insert_rows`. Each builder takes the ids and instants it
needs from its caller, so that a batch can make them before writing (an invoice's id goes
into the charge's description; a payment's into its event).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table

from tenure.billing.models import Invoice, InvoiceLine, Payment
from tenure.events.rows import event_row
from tenure.kit.actor import Actor
from tenure.kit.bulk import insert_rows
from tenure.kit.ids import new_id
from tenure.kit.money import Money
from tenure.kit.ports import ChargeResult


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


def _subtotal(lines: Sequence[LineDraft]) -> int:
    return sum(line.amount for line in lines if line.kind in ("plan", "proration"))


def _discount(lines: Sequence[LineDraft]) -> int:
    return -sum(line.amount for line in lines if line.kind == "discount")


def amount_before_credit(lines: Sequence[LineDraft]) -> int:
    """What an invoice of ``lines`` comes to before the account's credit is used on it."""
    return _subtotal(lines) - _discount(lines)


def invoice_row(
    *,
    id: str,
    account_id: str,
    subscription_id: str | None,
    dedupe_key: str,
    reason: str,
    collection: str,
    currency: str,
    lines: Sequence[LineDraft],
    credit_applied: int,
    period_start: datetime | None,
    period_end: datetime | None,
    due_at: datetime,
    now: datetime,
    amount_paid: int = 0,
    attempt_count: int = 0,
) -> dict[str, Any]:
    """A new invoice of ``lines``, created at ``now``. It is paid (at ``now``) when nothing
    is left to pay: its total is zero after credit, or ``amount_paid`` — collected when it
    was created, e.g. by a renewal's successful first attempt — covers it; else it is open."""
    subtotal, discount = _subtotal(lines), _discount(lines)
    total = subtotal - discount - credit_applied
    paid = amount_paid >= total
    return {
        "id": id,
        "account_id": account_id,
        "subscription_id": subscription_id,
        "dedupe_key": dedupe_key,
        "billing_reason": reason,
        "collection": collection,
        "status": "paid" if paid else "open",
        "currency": currency,
        "subtotal": subtotal,
        "discount": discount,
        "credit_applied": credit_applied,
        "tax": 0,
        "total": total,
        "amount_paid": amount_paid,
        "amount_refunded": 0,
        "period_start": period_start,
        "period_end": period_end,
        "attempt_count": attempt_count,
        "created_at": now,
        "due_at": due_at,
        "paid_at": now if paid else None,
        "voided_at": None,
    }


def invoice_line_row(*, invoice_id: str, position: int, line: LineDraft) -> dict[str, Any]:
    """Line ``position`` (from 0) of an invoice (every column but the line's own key, which
    the database assigns)."""
    return {
        "invoice_id": invoice_id,
        "position": position,
        "kind": line.kind,
        "description": line.description,
        "plan_code": line.plan_code,
        "quantity": line.quantity,
        "unit_amount": line.unit_amount,
        "amount": line.amount,
        "period_start": line.period_start,
        "period_end": line.period_end,
    }


def payment_row(
    *,
    invoice_id: str,
    account_id: str,
    payment_method_id: str | None,
    amount: Money,
    gateway: str,
    result: ChargeResult,
    now: datetime,
) -> dict[str, Any]:
    """One attempt to collect ``amount`` of an invoice through ``gateway``, as it answered."""
    return {
        "id": new_id("pay"),
        "invoice_id": invoice_id,
        "account_id": account_id,
        "payment_method_id": payment_method_id,
        "amount": amount.amount,
        "currency": amount.currency,
        "status": "succeeded" if result.succeeded else "failed",
        "gateway": gateway,
        "gateway_charge_id": result.charge_id,
        "failure_code": result.failure_code,
        "failure_message": result.failure_message,
        "created_at": now,
    }


def invoice_created_event(invoice: Mapping[str, Any], *, actor: Actor) -> dict[str, Any]:
    """The ``invoice.created`` event of an invoice row (:func:`invoice_row`)."""
    return event_row(
        type="invoice.created",
        at=invoice["created_at"],
        actor=actor,
        subject_type="invoice",
        subject_id=invoice["id"],
        account_id=invoice["account_id"],
        data={
            "total": invoice["total"],
            "currency": invoice["currency"],
            "reason": invoice["billing_reason"],
        },
    )


def payment_event(payment: Mapping[str, Any], *, actor: Actor) -> dict[str, Any]:
    """The event of a payment row (:func:`payment_row`): ``invoice.paid`` or
    ``invoice.payment_failed``."""
    return event_row(
        type="invoice.paid" if payment["status"] == "succeeded" else "invoice.payment_failed",
        at=payment["created_at"],
        actor=actor,
        subject_type="invoice",
        subject_id=payment["invoice_id"],
        account_id=payment["account_id"],
        data={
            "payment_id": payment["id"],
            "amount": payment["amount"],
            "currency": payment["currency"],
            "failure_code": payment["failure_code"],
        },
    )


def insert_many(
    connection: Connection,
    *,
    invoices: Sequence[Mapping[str, Any]],
    lines: Sequence[Mapping[str, Any]],
    payments: Sequence[Mapping[str, Any]],
) -> None:
    """Write rows built by this module's builders, one multi-row statement per table (a
    set-based writer's way in; the ORM path adds objects to its session instead)."""
    insert_rows(connection, cast(Table, Invoice.__table__), invoices)
    insert_rows(connection, cast(Table, InvoiceLine.__table__), lines)
    insert_rows(connection, cast(Table, Payment.__table__), payments)
