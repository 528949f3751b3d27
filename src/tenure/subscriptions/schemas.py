from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import object_session

from tenure.subscriptions.charging import next_paying_method
from tenure.subscriptions.models import Subscription


class MoneyOut(BaseModel):
    amount: int
    currency: str


class ScheduledChange(BaseModel):
    plan: str
    effective_at: datetime | None


class PayingMethodOut(BaseModel):
    """The payment method the subscription's next charge uses (VL-3, SUB-9)."""

    id: str
    type: str
    brand: str | None
    last4: str | None
    label: str | None
    source: str = Field(
        description="`subscription`: the subscription's own method; `account_default`: its "
        "own method was deleted (or none was chosen), so the account's default pays."
    )


class SubscriptionOut(BaseModel):
    id: str
    account_id: str
    product: str
    plan: str
    channel: str
    status: str
    quantity: int
    price: MoneyOut = Field(description="Price of one billing period per seat.")
    billing_period_months: int
    catalog_version: int
    auto_renew: bool
    cancel_at_period_end: bool
    canceled_at: datetime | None
    start_at: datetime
    trial_start: datetime | None
    trial_end: datetime | None
    current_period_start: datetime | None
    current_period_end: datetime | None
    grace_ends_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None
    scheduled_change: ScheduledChange | None
    payment_method_id: str | None = Field(
        description="The subscription's own payment method (set at purchase or with "
        "`POST /v1/subscriptions/{id}/payment_method`); null: the account's default pays."
    )
    paying_method: PayingMethodOut | None = Field(
        default=None,
        description="The method the next renewal, retry or first charge uses: the own method "
        "while it exists and the plan accepts it, else the account's default if the plan "
        "accepts that. Null: none the plan accepts (that charge would fail into grace), or "
        "the subscription is not charged by Tenure (store or invoice-paid).",
    )
    previous_subscription_id: str | None
    next_action: str | None
    next_action_at: datetime | None
    store_state: str | None = Field(
        default=None, description="Store channels: the store's billing state (see app-store.md)."
    )
    created_at: datetime

    @classmethod
    def of(cls, sub: Subscription) -> SubscriptionOut:
        return cls(
            id=sub.id,
            account_id=sub.account_id,
            product=sub.product_code,
            plan=sub.plan_code,
            channel=sub.channel,
            status=sub.status,
            quantity=sub.quantity,
            price=MoneyOut(amount=sub.unit_amount, currency=sub.currency),
            billing_period_months=sub.billing_period_months,
            catalog_version=sub.catalog_version,
            auto_renew=sub.auto_renew,
            cancel_at_period_end=sub.cancel_at_period_end,
            canceled_at=sub.canceled_at,
            start_at=sub.start_at,
            trial_start=sub.trial_start,
            trial_end=sub.trial_end,
            current_period_start=sub.current_period_start,
            current_period_end=sub.current_period_end,
            grace_ends_at=sub.grace_ends_at,
            ended_at=sub.ended_at,
            end_reason=sub.end_reason,
            scheduled_change=ScheduledChange(
                plan=sub.scheduled_plan_code, effective_at=sub.current_period_end
            )
            if sub.scheduled_plan_code
            else None,
            payment_method_id=sub.payment_method_id,
            paying_method=_paying_method(sub),
            previous_subscription_id=sub.previous_subscription_id,
            next_action=sub.next_action,
            next_action_at=sub.next_action_at,
            store_state=sub.store_state,
            created_at=sub.created_at,
        )


def _paying_method(sub: Subscription) -> PayingMethodOut | None:
    session = object_session(sub)
    found = next_paying_method(session, sub) if session is not None else None
    if found is None:
        return None
    method, source = found
    return PayingMethodOut(
        id=method.id,
        type=method.type,
        brand=method.brand,
        last4=method.last4,
        label=method.label,
        source=source,
    )


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: str | None = Field(default=None, description="Required for staff callers.")
    plan: str = Field(min_length=1, max_length=64)
    currency: str = Field(default="USD", min_length=3, max_length=3)
    quantity: int = Field(default=1, ge=1, le=100_000)
    payment_method_id: str | None = None
    trial: bool | None = Field(
        default=None,
        description="true: start with the plan's trial (refused if it has none); false: pay "
        "now; omitted: use the trial when the plan has one and the account has not had it.",
    )


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at_period_end: bool = True


class ChangePlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str = Field(min_length=1, max_length=64)


class ResubscribeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str | None = None
    payment_method_id: str | None = None


class AutoRenewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool


class RefundIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    override_window: bool = Field(
        default=False, description="Staff only: refund outside the money-back window."
    )


class SwitchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str = Field(min_length=1, max_length=64)


class SetPaymentMethodIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payment_method_id: str = Field(
        min_length=1, max_length=40, description="One of the account's payment methods."
    )
