from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tenure.billing.schemas import InvoiceOut
from tenure.subscriptions.schemas import SubscriptionOut
from tenure.volume.models import VolumeRequest


class VolumeRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: str | None = Field(default=None, description="Required for staff callers.")
    company_name: str = Field(min_length=1, max_length=200)
    licenses: int = Field(ge=1, le=100_000, description="How many licenses are wanted.")
    billing_period_months: int = Field(ge=1, le=120)
    note: str = Field(default="", max_length=2000)


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(default=None, max_length=2000)


class VolumeRequestOut(BaseModel):
    id: str
    account_id: str
    company_name: str
    licenses: int
    billing_period_months: int
    note: str
    status: str
    decided_at: datetime | None
    decision_note: str | None
    created_at: datetime

    @classmethod
    def of(cls, request: VolumeRequest) -> VolumeRequestOut:
        return cls(
            id=request.id,
            account_id=request.account_id,
            company_name=request.company_name,
            licenses=request.licenses_wanted,
            billing_period_months=request.billing_period_months,
            note=request.note,
            status=request.status,
            decided_at=request.decided_at,
            decision_note=request.decision_note,
            created_at=request.created_at,
        )


class EnrollIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: str | None = Field(default=None, description="Required for staff callers.")
    plan: str = Field(min_length=1, max_length=64, description="A volume plan; it sets the period.")
    licenses: int = Field(ge=1, le=100_000)
    payment_method_id: str | None = Field(default=None, description="A card (VL-3).")
    move_subscription_id: str | None = Field(
        default=None,
        description="End this ordinary subscription and use its unused value as credit (VL-4).",
    )


class AddLicensesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    count: int = Field(ge=1, le=100_000)


class LicensesChargeOut(BaseModel):
    """What adding licenses cost (VL-5): monthly price per license × licenses added × the
    months from now to the unchanged renewal date, a partial month by days."""

    amount: int = Field(
        description="Taken from the payment method, in minor units (after account credit)."
    )
    currency: str
    credit_applied: int = Field(description="Account credit used on the invoice first (SUB-10).")
    licenses: int = Field(description="Licenses added.")
    monthly_unit_amount: int = Field(
        description="Monthly price per license, at the tier of the new total (CAT-3)."
    )
    period_start: datetime = Field(description="Charged from: the moment the licenses were added.")
    period_end: datetime = Field(description="Charged to: the renewal date, which does not move.")
    whole_months: int = Field(description="Whole monthly periods charged.")
    partial_days: int = Field(description="Days charged of the partial monthly period …")
    partial_period_days: int = Field(description="… out of that monthly period's days.")


class LicensesAddedOut(SubscriptionOut):
    """The volume subscription after the addition, with the invoice paid for it and what was
    charged."""

    invoice: InvoiceOut
    charged: LicensesChargeOut
