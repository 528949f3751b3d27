"""Entitlement API: what an account (or one of its devices) may use right now."""

from __future__ import annotations

from fastapi import Query

from tenure.accounts.service import get_account
from tenure.api.context import AnyCtx, OwnerCtx
from tenure.api.routing import router
from tenure.entitlements import service
from tenure.entitlements.schemas import EntitlementOut
from tenure.kit.errors import Forbidden

api = router("/v1", tags=["entitlements"])

PRODUCT = Query(default=None, max_length=64, description="Only this product's subscriptions.")


@api.get("/me/entitlement")
def my_entitlement(ctx: AnyCtx, product: str | None = PRODUCT) -> EntitlementOut:
    """For the signed-in account, or a device (its owner's entitlement)."""
    if ctx.me.kind not in ("account", "device") or ctx.me.account_id is None:
        raise Forbidden("forbidden", "You may not access this resource.")
    account_id = ctx.me.account_id
    value = service.entitlement_for(
        ctx.session, account_id=account_id, now=ctx.now, product=product
    )
    return EntitlementOut.of(account_id, value, locale=ctx.locale)


@api.get("/accounts/{account_id}/entitlement")
def account_entitlement(
    account_id: str, ctx: OwnerCtx, product: str | None = PRODUCT
) -> EntitlementOut:
    """Staff (or the account itself) read an account's entitlement."""
    ctx.me.ensure_can_access(account_id)
    get_account(ctx.session, account_id)  # 404 for an unknown account
    value = service.entitlement_for(
        ctx.session, account_id=account_id, now=ctx.now, product=product
    )
    return EntitlementOut.of(account_id, value, locale=ctx.locale)
