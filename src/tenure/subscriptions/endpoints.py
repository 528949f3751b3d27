from __future__ import annotations

from fastapi import Query, status

from tenure.api.context import Ctx, OwnerCtx
from tenure.api.openapi import CHARGES
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.events import service as events
from tenure.events.schemas import EventOut
from tenure.subscriptions import changes, lookups, purchase
from tenure.subscriptions.models import Subscription
from tenure.subscriptions.schemas import (
    AutoRenewIn,
    CancelIn,
    ChangePlanIn,
    RefundIn,
    ResubscribeIn,
    SetPaymentMethodIn,
    SubscriptionCreate,
    SubscriptionOut,
    SwitchIn,
)

api = router("/v1/subscriptions", tags=["subscriptions"])


def _owned(ctx: Ctx, subscription_id: str, *, for_update: bool = False) -> Subscription:
    sub = lookups.get_subscription(ctx.session, subscription_id, for_update=for_update)
    ctx.ensure_can_access(sub.account_id)
    return sub


@api.post("", status_code=status.HTTP_201_CREATED, responses=CHARGES)
def create_subscription(body: SubscriptionCreate, ctx: OwnerCtx) -> SubscriptionOut:
    """Buy a plan on the web: with its trial, or paid at once (SUB-2, SUB-8, SUB-9)."""
    sub = purchase.create_subscription(
        ctx.session,
        purchase=purchase.Purchase(
            account_id=ctx.account_scope(body.account_id),
            plan_code=body.plan,
            currency=body.currency,
            quantity=body.quantity,
            payment_method_id=body.payment_method_id,
            trial=body.trial,
        ),
        gateway=ctx.container.gateway,
        now=ctx.now,
        actor=ctx.actor,
    )
    return SubscriptionOut.of(sub)


@api.get("")
def list_subscriptions(
    ctx: OwnerCtx, window: Paging, account_id: str | None = Query(default=None)
) -> Page[SubscriptionOut]:
    """The account's subscriptions, oldest first."""
    subs = lookups.list_subscriptions(
        ctx.session, account_id=ctx.account_scope(account_id), window=window
    )
    return page(subs, window, key=lambda s: (s.created_at, s.id), out=SubscriptionOut.of)


@api.get("/{subscription_id}")
def get_subscription(subscription_id: str, ctx: OwnerCtx) -> SubscriptionOut:
    return SubscriptionOut.of(_owned(ctx, subscription_id))


@api.get("/{subscription_id}/events")
def subscription_events(subscription_id: str, ctx: OwnerCtx, window: Paging) -> Page[EventOut]:
    """Every transition of the subscription, in order, with its time and actor (SUB-1)."""
    sub = _owned(ctx, subscription_id)
    rows = events.for_subject(ctx.session, sub.id, window=window)
    return page(rows, window, key=lambda e: (e.seq,), out=EventOut.of)


@api.post("/{subscription_id}/cancel")
def cancel_subscription(
    subscription_id: str, ctx: OwnerCtx, body: CancelIn | None = None
) -> SubscriptionOut:
    """Cancel at the end of the paid period (SUB-4); staff may end it at once."""
    sub = _owned(ctx, subscription_id, for_update=True)
    changes.cancel(
        ctx.session,
        sub=sub,
        now=ctx.now,
        actor=ctx.actor,
        at_period_end=body.at_period_end if body else True,
    )
    return SubscriptionOut.of(sub)


@api.post("/{subscription_id}/resume", responses=CHARGES)
def resume_subscription(subscription_id: str, ctx: OwnerCtx) -> SubscriptionOut:
    """Undo a cancellation before the period ends (SUB-4)."""
    sub = _owned(ctx, subscription_id, for_update=True)
    changes.resume(ctx.session, sub=sub, now=ctx.now, actor=ctx.actor)
    return SubscriptionOut.of(sub)


@api.post("/{subscription_id}/change_plan", responses=CHARGES)
def change_plan(subscription_id: str, body: ChangePlanIn, ctx: OwnerCtx) -> SubscriptionOut:
    """Schedule a plan change for the end of the current period (SUB-6)."""
    sub = _owned(ctx, subscription_id, for_update=True)
    changes.change_plan(ctx.session, sub=sub, plan_code=body.plan, now=ctx.now, actor=ctx.actor)
    return SubscriptionOut.of(sub)


@api.delete("/{subscription_id}/scheduled_change")
def cancel_plan_change(subscription_id: str, ctx: OwnerCtx) -> SubscriptionOut:
    sub = _owned(ctx, subscription_id, for_update=True)
    changes.cancel_plan_change(ctx.session, sub=sub, now=ctx.now, actor=ctx.actor)
    return SubscriptionOut.of(sub)


@api.post("/{subscription_id}/resubscribe", status_code=status.HTTP_201_CREATED, responses=CHARGES)
def resubscribe(
    subscription_id: str, ctx: OwnerCtx, body: ResubscribeIn | None = None
) -> SubscriptionOut:
    """Buy again after cancelling: starts at the old end date, or now if it has ended (SUB-4)."""
    sub = _owned(ctx, subscription_id, for_update=True)
    new = changes.resubscribe(
        ctx.session,
        sub=sub,
        gateway=ctx.container.gateway,
        plan_code=body.plan if body else None,
        payment_method_id=body.payment_method_id if body else None,
        now=ctx.now,
        actor=ctx.actor,
    )
    return SubscriptionOut.of(new)


@api.post("/{subscription_id}/restore", status_code=status.HTTP_201_CREATED, responses=CHARGES)
def restore_subscription(
    subscription_id: str, ctx: OwnerCtx, body: ResubscribeIn | None = None
) -> SubscriptionOut:
    """Restore an ended personal subscription within its plan's restore window: the same
    plan at the price it was bought at, starting now and paid now (``restore_window_over``
    after the window, ``restore_not_offered`` for a plan without one). ``plan`` is ignored."""
    sub = _owned(ctx, subscription_id, for_update=True)
    new = changes.restore(
        ctx.session,
        sub=sub,
        gateway=ctx.container.gateway,
        payment_method_id=body.payment_method_id if body else None,
        now=ctx.now,
        actor=ctx.actor,
    )
    return SubscriptionOut.of(new)


@api.post("/{subscription_id}/auto_renew")
def set_auto_renew(subscription_id: str, body: AutoRenewIn, ctx: OwnerCtx) -> SubscriptionOut:
    """Turn automatic renewal off or on (SUB-7): self-service for personal plans, support
    only for business plans."""
    sub = _owned(ctx, subscription_id, for_update=True)
    changes.set_auto_renew(ctx.session, sub=sub, enabled=body.enabled, now=ctx.now, actor=ctx.actor)
    return SubscriptionOut.of(sub)


@api.post("/{subscription_id}/payment_method")
def set_payment_method(
    subscription_id: str, body: SetPaymentMethodIn, ctx: OwnerCtx
) -> SubscriptionOut:
    """Choose the payment method that pays this subscription's renewals and retries.

    It must be one of the account's methods and accepted by the plan (SUB-9, VL-3): otherwise
    `422 payment_method_not_allowed` with the plan's `allowed` methods. Choosing the method
    already chosen changes nothing."""
    sub = _owned(ctx, subscription_id, for_update=True)
    changes.set_payment_method(
        ctx.session,
        sub=sub,
        payment_method_id=body.payment_method_id,
        now=ctx.now,
        actor=ctx.actor,
    )
    return SubscriptionOut.of(sub)


@api.post("/{subscription_id}/refund")
def refund_subscription(
    subscription_id: str, ctx: OwnerCtx, body: RefundIn | None = None
) -> SubscriptionOut:
    """Money back within the plan's window: refund in full and end access (SUB-11)."""
    sub = _owned(ctx, subscription_id, for_update=True)
    changes.refund(
        ctx.session,
        sub=sub,
        gateway=ctx.container.gateway,
        now=ctx.now,
        actor=ctx.actor,
        override_window=body.override_window if body else False,
    )
    return SubscriptionOut.of(sub)


@api.post("/{subscription_id}/switch", status_code=status.HTTP_201_CREATED, responses=CHARGES)
def switch_plan_now(subscription_id: str, body: SwitchIn, ctx: OwnerCtx) -> SubscriptionOut:
    """Move to another plan at once; the unused part of the period becomes credit (SUB-10)."""
    sub = _owned(ctx, subscription_id, for_update=True)
    new = changes.switch_now(
        ctx.session,
        sub=sub,
        plan_code=body.plan,
        gateway=ctx.container.gateway,
        now=ctx.now,
        actor=ctx.actor,
    )
    return SubscriptionOut.of(new)
