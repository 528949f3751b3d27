"""Payment methods API (SUB-9). Customers manage their own; staff name the account."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from tenure.api.context import Ctx, OwnerCtx
from tenure.api.openapi import CHARGES
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.payment_methods import service
from tenure.payment_methods.schemas import (
    PaymentMethodCreate,
    PaymentMethodOut,
)

api = router("/v1/payment_methods", tags=["payment methods"])


def _owner_of(ctx: Ctx, payment_method_id: str) -> str:
    """The account whose method this must be: any for staff, the caller's own or their
    organization's (an admin's), else the caller's own (so another account's method is
    simply not found)."""
    if ctx.me.is_staff:
        return service.find_payment_method(ctx.session, payment_method_id).account_id
    own = ctx.account_scope(None)
    owner = service.find_payment_method(ctx.session, payment_method_id).account_id
    return owner if owner != own and ctx.acts_for(owner) else own


@api.post("", status_code=201, responses=CHARGES)
def add_payment_method(body: PaymentMethodCreate, ctx: OwnerCtx) -> PaymentMethodOut:
    """Add a card (tokenized by the payment gateway), PayPal, Bitcoin or Paymentwall. Test
    cards of the sandbox gateway are listed in docs/payments.md."""
    account_id = ctx.account_scope(body.account_id)
    ctx.ensure_can_access(account_id)
    card = (
        service.CardDetails(
            number=body.card.number,
            exp_month=body.card.exp_month,
            exp_year=body.card.exp_year,
            cvc=body.card.cvc,
        )
        if body.type == "card" and body.card is not None
        else None
    )
    method = service.add_payment_method(
        ctx.session,
        gateway=ctx.container.gateway,
        account_id=account_id,
        type=body.type,
        card=card,
        reference=body.reference(),
        make_default=body.make_default,
        now=ctx.now,
        actor=ctx.actor,
    )
    return PaymentMethodOut.of(method)


@api.get("")
def list_payment_methods(
    ctx: OwnerCtx,
    window: Paging,
    account_id: Annotated[str | None, Query(description="Staff must name the account.")] = None,
) -> Page[PaymentMethodOut]:
    """The account's payment methods (not removed ones), the default first, then the
    newest."""
    scope = ctx.account_scope(account_id)
    ctx.ensure_can_access(scope)
    methods = service.list_payment_methods(ctx.session, scope, window)
    return page(methods, window, key=lambda m: (int(m.is_default), m.id), out=PaymentMethodOut.of)


@api.get("/{payment_method_id}")
def read_payment_method(payment_method_id: str, ctx: OwnerCtx) -> PaymentMethodOut:
    method = service.get_payment_method(
        ctx.session,
        account_id=_owner_of(ctx, payment_method_id),
        payment_method_id=payment_method_id,
    )
    return PaymentMethodOut.of(method)


@api.post("/{payment_method_id}/default")
def make_default(payment_method_id: str, ctx: OwnerCtx) -> PaymentMethodOut:
    """Make it the account's default method.

    It pays renewals of subscriptions without a method of their own (or whose own one was
    deleted), where the plan accepts it (VL-3)."""
    method = service.set_default_payment_method(
        ctx.session,
        account_id=_owner_of(ctx, payment_method_id),
        payment_method_id=payment_method_id,
        now=ctx.now,
        actor=ctx.actor,
    )
    return PaymentMethodOut.of(method)


@api.delete("/{payment_method_id}")
def remove_payment_method(payment_method_id: str, ctx: OwnerCtx) -> PaymentMethodOut:
    """Remove a method; it is never charged again. If it was the default, the newest
    remaining method becomes the default."""
    method = service.remove_payment_method(
        ctx.session,
        account_id=_owner_of(ctx, payment_method_id),
        payment_method_id=payment_method_id,
        now=ctx.now,
        actor=ctx.actor,
    )
    return PaymentMethodOut.of(method)
