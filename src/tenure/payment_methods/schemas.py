"""Payment methods API bodies. A card number goes in; only brand and last four come out."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tenure.kit.ports import MethodType
from tenure.payment_methods.models import PaymentMethod


class CardIn(BaseModel):
    number: str = Field(min_length=1, max_length=40, description="Sent to the gateway only.")
    exp_month: int = Field(ge=1, le=12)
    exp_year: int = Field(ge=0, le=9999, description="Four digits, or two (27 = 2027).")
    cvc: str = Field(min_length=1, max_length=10, description="Never stored.")

    def __repr__(self) -> str:  # keep card details out of logs and tracebacks
        return f"CardIn(number='…{self.number[-4:]}')"

    __str__ = __repr__


class PaypalIn(BaseModel):
    email: str = Field(max_length=320)


class BitcoinIn(BaseModel):
    wallet: str = Field(max_length=200)


class PaymentwallIn(BaseModel):
    account: str = Field(max_length=200)


class PaymentMethodCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: str | None = Field(
        default=None, description="Staff must name the account; a customer adds to their own."
    )
    type: MethodType
    card: CardIn | None = None
    paypal: PaypalIn | None = None
    bitcoin: BitcoinIn | None = None
    paymentwall: PaymentwallIn | None = None
    make_default: bool = Field(
        default=False, description="Make it the default; the first method always is."
    )

    def reference(self) -> str | None:
        """The wallet reference of a PayPal, Bitcoin or Paymentwall method."""
        if self.type == "paypal" and self.paypal:
            return self.paypal.email
        if self.type == "bitcoin" and self.bitcoin:
            return self.bitcoin.wallet
        if self.type == "paymentwall" and self.paymentwall:
            return self.paymentwall.account
        return None


class PaymentMethodOut(BaseModel):
    id: str
    account_id: str
    type: str
    gateway: str
    brand: str | None
    last4: str | None
    exp_month: int | None
    exp_year: int | None
    label: str | None
    is_default: bool
    created_at: datetime
    removed_at: datetime | None

    @classmethod
    def of(cls, method: PaymentMethod) -> PaymentMethodOut:
        return cls(
            id=method.id,
            account_id=method.account_id,
            type=method.type,
            gateway=method.gateway,
            brand=method.brand,
            last4=method.last4,
            exp_month=method.exp_month,
            exp_year=method.exp_year,
            label=method.label,
            is_default=method.is_default,
            created_at=method.created_at,
            removed_at=method.removed_at,
        )
