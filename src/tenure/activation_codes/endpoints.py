"""Activation codes API (DEV-7): the owner sees a subscription's code; staff look codes up
and block, suspend or reactivate them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from fastapi import Query

from tenure.activation_codes import service
from tenure.activation_codes.models import ActivationCode
from tenure.activation_codes.schemas import ActivationCodeOut, StateChangeIn
from tenure.api.context import Ctx, OwnerCtx, StaffCtx
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.catalog.schema import Plan
from tenure.catalog.service import PlanLookup
from tenure.kit.errors import NotFound
from tenure.kit.pages import window_of
from tenure.subscriptions.lookups import get_subscription, list_subscriptions

if TYPE_CHECKING:
    from tenure.subscriptions.models import Subscription


api = router("/v1", tags=["activation codes"])


def code_for_reading(
    ctx: Ctx, sub: Subscription, plan: Plan | None = None
) -> ActivationCode | None:
    return service.code_for_reading(
        ctx.session, sub, db=ctx.container.db, now=ctx.now, actor=ctx.actor, plan=plan
    )


def _out(ctx: Ctx, code: ActivationCode, sub: Subscription) -> ActivationCodeOut:
    used = service.slots_used(ctx.session, code, now=ctx.now)
    return ActivationCodeOut.of(code, sub, slots_used=used)


@api.get("/subscriptions/{subscription_id}/activation-code")
def subscription_code(subscription_id: str, ctx: OwnerCtx) -> ActivationCodeOut:
    """The activation code of a subscription whose plan has codes, with its state and slots."""
    sub = get_subscription(ctx.session, subscription_id)
    ctx.ensure_can_access(sub.account_id)
    code = code_for_reading(ctx, sub)
    if code is None:
        raise NotFound("no_activation_code", "This subscription has no activation code.")
    return _out(ctx, code, sub)


@api.get("/activation-codes")
def list_codes(
    ctx: OwnerCtx, window: Paging, account_id: str | None = Query(default=None)
) -> Page[ActivationCodeOut]:
    """Every activation code of the account's subscriptions, in the order of the
    subscriptions (oldest first)."""
    lookup = PlanLookup(ctx.session)
    found: list[tuple[Subscription, ActivationCode]] = []
    for sub in list_subscriptions(ctx.session, account_id=ctx.account_scope(account_id)):
        code = code_for_reading(ctx, sub, lookup(sub)[1])
        if code is not None:
            found.append((sub, code))

    def key(pair: tuple[Subscription, ActivationCode]) -> tuple[datetime, str]:
        return (pair[0].created_at, pair[0].id)

    rows = window_of(found, key, window)
    return page(rows, window, key=key, out=lambda pair: _out(ctx, pair[1], pair[0]))


@api.get("/activation-codes/lookup")
def lookup_code(ctx: StaffCtx, code: str = Query(min_length=1, max_length=40)) -> ActivationCodeOut:
    """Staff: find a code as the customer reads it out (dashes and case do not matter)."""
    found = service.find_code(ctx.session, code)
    return _out(ctx, found, get_subscription(ctx.session, found.subscription_id))


def _set(
    ctx: Ctx, code_id: str, state: service.StoredState, body: StateChangeIn | None
) -> ActivationCodeOut:
    code = service.get_code(ctx.session, code_id, for_update=True)
    service.set_state(
        ctx.session,
        code=code,
        state=state,
        reason=body.reason if body else None,
        now=ctx.now,
        actor=ctx.actor,
    )
    return _out(ctx, code, get_subscription(ctx.session, code.subscription_id))


@api.post("/activation-codes/{code_id}/block")
def block_code(code_id: str, ctx: StaffCtx, body: StateChangeIn | None = None) -> ActivationCodeOut:
    """Staff block a code (e.g. it leaked): the subscription can no longer be sent."""
    return _set(ctx, code_id, "blocked", body)


@api.post("/activation-codes/{code_id}/suspend")
def suspend_code(
    code_id: str, ctx: StaffCtx, body: StateChangeIn | None = None
) -> ActivationCodeOut:
    """Staff suspend a code for a while (e.g. a payment dispute)."""
    return _set(ctx, code_id, "suspended", body)


@api.post("/activation-codes/{code_id}/unblock")
def unblock_code(
    code_id: str, ctx: StaffCtx, body: StateChangeIn | None = None
) -> ActivationCodeOut:
    """Staff make a blocked or suspended code active again."""
    return _set(ctx, code_id, "active", body)
