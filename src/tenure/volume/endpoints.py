from __future__ import annotations

from fastapi import Query, status

from tenure.api.context import OwnerCtx, StaffCtx
from tenure.api.openapi import CHARGES
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.billing.schemas import InvoiceOut
from tenure.billing.service import payments_of
from tenure.subscriptions.lookups import get_subscription
from tenure.subscriptions.schemas import SubscriptionOut
from tenure.volume import service
from tenure.volume.schemas import (
    AddLicensesIn,
    DecisionIn,
    EnrollIn,
    LicensesAddedOut,
    LicensesChargeOut,
    VolumeRequestIn,
    VolumeRequestOut,
)

api = router("/v1/volume", tags=["volume licensing"])


@api.post("/requests", status_code=status.HTTP_201_CREATED)
def file_request(body: VolumeRequestIn, ctx: OwnerCtx) -> VolumeRequestOut:
    """VL-1: an existing account asks to buy volume licensing; staff approve or reject."""
    request = service.file_request(
        ctx.session,
        account_id=ctx.account_scope(body.account_id),
        company_name=body.company_name,
        licenses_wanted=body.licenses,
        billing_period_months=body.billing_period_months,
        note=body.note,
        now=ctx.now,
        actor=ctx.actor,
    )
    return VolumeRequestOut.of(request)


@api.get("/requests")
def list_requests(
    ctx: OwnerCtx, window: Paging, account_id: str | None = Query(default=None)
) -> Page[VolumeRequestOut]:
    """The account's volume licensing requests, oldest first."""
    rows = service.requests_of(ctx.session, ctx.account_scope(account_id), window)
    return page(rows, window, key=lambda r: (r.created_at, r.id), out=VolumeRequestOut.of)


@api.post("/requests/{request_id}/approve")
def approve(request_id: str, ctx: StaffCtx, body: DecisionIn | None = None) -> VolumeRequestOut:
    request = service.get_request(ctx.session, request_id)
    service.decide(
        ctx.session,
        request=request,
        approve=True,
        note=body.note if body else None,
        now=ctx.now,
        actor=ctx.actor,
    )
    return VolumeRequestOut.of(request)


@api.post("/requests/{request_id}/reject")
def reject(request_id: str, ctx: StaffCtx, body: DecisionIn | None = None) -> VolumeRequestOut:
    request = service.get_request(ctx.session, request_id)
    service.decide(
        ctx.session,
        request=request,
        approve=False,
        note=body.note if body else None,
        now=ctx.now,
        actor=ctx.actor,
    )
    return VolumeRequestOut.of(request)


@api.post("/subscriptions", status_code=status.HTTP_201_CREATED, responses=CHARGES)
def enroll(body: EnrollIn, ctx: OwnerCtx) -> SubscriptionOut:
    """Complete the order: licenses and billing period (the plan), paid by card (VL-1…VL-4)."""
    sub = service.enroll(
        ctx.session,
        account_id=ctx.account_scope(body.account_id),
        plan_code=body.plan,
        licenses_count=body.licenses,
        payment_method_id=body.payment_method_id,
        move_subscription_id=body.move_subscription_id,
        gateway=ctx.container.gateway,
        now=ctx.now,
        actor=ctx.actor,
    )
    return SubscriptionOut.of(sub)


@api.post("/subscriptions/{subscription_id}/licenses", responses=CHARGES)
def add_licenses(subscription_id: str, body: AddLicensesIn, ctx: OwnerCtx) -> LicensesAddedOut:
    """VL-5: add licenses now, prorated to the unchanged renewal date.

    Answers the subscription with the paid invoice and what was charged."""
    sub = get_subscription(ctx.session, subscription_id, for_update=True)
    ctx.ensure_can_access(sub.account_id)
    added = service.add_licenses(
        ctx.session,
        sub=sub,
        count=body.count,
        gateway=ctx.container.gateway,
        now=ctx.now,
        actor=ctx.actor,
    )
    invoice = added.invoice
    return LicensesAddedOut(
        **SubscriptionOut.of(sub).model_dump(),
        invoice=InvoiceOut.of(invoice, list(payments_of(ctx.session, invoice.id))),
        charged=LicensesChargeOut(
            amount=invoice.amount_paid,
            currency=invoice.currency,
            credit_applied=invoice.credit_applied,
            licenses=added.added,
            monthly_unit_amount=added.monthly_unit_amount,
            period_start=added.period_start,
            period_end=added.period_end,
            whole_months=added.proration.whole_months,
            partial_days=added.proration.partial_days,
            partial_period_days=added.proration.partial_period_days,
        ),
    )
