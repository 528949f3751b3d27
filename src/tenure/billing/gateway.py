"""Payment gateways are plugins behind this Protocol (SUB-9).

The default is the sandbox gateway (:mod:`tenure.billing.sandbox`), a product feature that
behaves like a real processor with documented test card numbers and works offline. Tenure
never stores a full card number: a gateway turns card details into a token plus the brand,
last four digits and expiry, and only those are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from tenure.kit.money import Money

MethodType = Literal["card", "paypal", "bitcoin", "paymentwall"]
METHOD_TYPES: tuple[MethodType, ...] = ("card", "paypal", "bitcoin", "paymentwall")
FailureCode = Literal["card_declined", "insufficient_funds", "expired_card", "processing_error"]


@dataclass(frozen=True, slots=True)
class TokenizedMethod:
    token: str
    type: MethodType
    brand: str | None = None
    last4: str | None = None
    exp_month: int | None = None
    exp_year: int | None = None
    label: str | None = None  # e.g. the PayPal email or wallet reference, for display


@dataclass(frozen=True, slots=True)
class ChargeResult:
    succeeded: bool
    charge_id: str | None
    failure_code: FailureCode | None = None
    failure_message: str | None = None


@dataclass(frozen=True, slots=True)
class RefundResult:
    succeeded: bool
    refund_id: str | None
    failure_message: str | None = None


class PaymentGateway(Protocol):
    name: str

    def tokenize_card(
        self, *, number: str, exp_month: int, exp_year: int, cvc: str, now: datetime
    ) -> TokenizedMethod:
        """Validate card details and return a token. Raises ``InvalidInput`` for a number
        that fails Luhn, and ``PaymentFailed`` for a card the network refuses."""
        ...

    def tokenize_wallet(self, *, type: MethodType, reference: str) -> TokenizedMethod:
        """PayPal, Bitcoin and Paymentwall: ``reference`` is the payer's account/wallet."""
        ...

    def charge(
        self, *, token: str, amount: Money, idempotency_key: str, description: str, now: datetime
    ) -> ChargeResult:
        """Charge a token. The same idempotency key never charges twice: it returns the
        first result again."""
        ...

    def refund(self, *, charge_id: str, amount: Money, idempotency_key: str) -> RefundResult: ...
