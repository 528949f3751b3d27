"""What Tenure asks of the outside world: a payment gateway (SUB-9) and a mail system (X-5).

These are Protocols with their plain value types, at the bottom of the code so that the
composition root (``tenure.container``) and every package can name them without importing
the packages that implement or use them. The implementations live with their packages: the
sandbox gateway in :mod:`tenure.billing.sandbox`, the SMTP and folder mailers in
:mod:`tenure.notifications.mailer`.

Payment gateways are plugins behind :class:`PaymentGateway`. Tenure never stores a full card
number: a gateway turns card details into a token plus the brand, last four digits and
expiry, and only those are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Literal, Protocol

from tenure.kit.money import Money

# ------------------------------------------------------------------------ payment gateway

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


# ------------------------------------------------------------------------ mail system


class Mailer(Protocol):
    """Sends one outgoing message (a standard library :class:`EmailMessage`)."""

    def send(self, message: EmailMessage) -> None:
        """Hand the message to the mail system or raise. Must be safe to call from several
        threads (one call per message). Raise :class:`PermanentDeliveryError` when the
        message is refused for good; any other error is taken as temporary (retried)."""
        ...


class PermanentDeliveryError(Exception):
    """The mail server refused the message for good; retrying would not help."""
