from __future__ import annotations

from fastapi import Query

from tenure.api.context import Ctx, OwnerCtx, StaffCtx
from tenure.api.openapi import CHARGES
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import AnswerAfterCommit, router
from tenure.billing import service
from tenure.billing.models import Invoice
from tenure.billing.schemas import CreditOut, InvoiceOut, PayInvoiceIn
from tenure.kit.errors import PaymentFailed
from tenure.subscriptions.charging import pay_invoice_now, settle_paid_invoice

api = router("/v1", tags=["invoices"])


def _out(ctx: Ctx, invoice: Invoice) -> InvoiceOut:
    return InvoiceOut.of(invoice, list(service.payments_of(ctx.session, invoice.id)))


def _owned(ctx: Ctx, invoice_id: str) -> Invoice:
    invoice = service.get_invoice(ctx.session, invoice_id)
    ctx.ensure_can_access(invoice.account_id)
    return invoice


@api.get("/invoices")
def list_invoices(
    ctx: OwnerCtx,
    window: Paging,
    account_id: str | None = Query(default=None),
    subscription_id: str | None = Query(default=None),
) -> Page[InvoiceOut]:
    """The account's invoices, oldest first."""
    invoices = service.list_invoices(
        ctx.session,
        account_id=ctx.account_scope(account_id),
        subscription_id=subscription_id,
        window=window,
    )
    return page(invoices, window, key=lambda i: (i.created_at, i.id), out=lambda i: _out(ctx, i))


@api.get("/invoices/{invoice_id}")
def get_invoice(invoice_id: str, ctx: OwnerCtx) -> InvoiceOut:
    return _out(ctx, _owned(ctx, invoice_id))


@api.post("/invoices/{invoice_id}/pay", responses=CHARGES)
def pay_invoice(invoice_id: str, ctx: OwnerCtx, body: PayInvoiceIn | None = None) -> InvoiceOut:
    """Pay an open invoice now, e.g. during grace with another payment method (SUB-5)."""
    invoice = _owned(ctx, invoice_id)
    payment = pay_invoice_now(
        ctx.session,
        invoice=invoice,
        payment_method_id=body.payment_method_id if body else None,
        gateway=ctx.container.gateway,
        now=ctx.now,
        actor=ctx.actor,
    )
    if payment.status != "succeeded":
        # The refused attempt stays on record (it is an event); then the refusal is reported.
        raise AnswerAfterCommit(
            PaymentFailed(
                payment.failure_code or "payment_failed",
                "The payment was refused: {reason}",
                reason=payment.failure_message or "",
            )
        )
    return _out(ctx, invoice)


@api.post("/invoices/{invoice_id}/mark_paid")
def mark_paid(invoice_id: str, ctx: StaffCtx) -> InvoiceOut:
    """Staff record a bank transfer against an invoice (SUB-12)."""
    invoice = service.get_invoice(ctx.session, invoice_id)
    service.mark_paid(ctx.session, invoice=invoice, now=ctx.now, actor=ctx.actor)
    settle_paid_invoice(ctx.session, invoice=invoice, now=ctx.now, actor=ctx.actor)
    return _out(ctx, invoice)


@api.get("/credit", tags=["credit"])
def get_credit(ctx: OwnerCtx, account_id: str | None = Query(default=None)) -> CreditOut:
    """The account's credit balance and its history (SUB-10)."""
    scope = ctx.account_scope(account_id)
    return CreditOut.of(
        service.credit_balance(ctx.session, scope), list(service.credit_history(ctx.session, scope))
    )
