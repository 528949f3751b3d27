"""The sandbox payment gateway: the default gateway, for development, demos and tests.

It never talks to a card network. What a charge does depends on the test card number, as
with real processors' test modes (documented in ``docs/payments.md``):

================  ==========================================================
4242424242424242  Visa, every charge succeeds
5555555555554444  Mastercard, every charge succeeds
4000000000000002  refused when added: ``card_declined``
4000000000009995  refused when added: ``insufficient_funds``
4000000000000069  refused when added: ``expired_card``
4000000000000341  added fine, every charge fails with ``card_declined``
4000000000000119  added fine, every charge fails with ``processing_error``
================  ==========================================================

Any other number that passes the Luhn check behaves like 4242…. A charge on a card whose
expiry date has passed fails with ``expired_card``. Wallets (PayPal, Bitcoin, Paymentwall)
succeed unless their reference contains ``decline``. Charge identifiers are derived from the
idempotency key, so retrying a charge returns the same result and never charges twice.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime

from tenure.kit.errors import InvalidInput, PaymentFailed
from tenure.kit.money import Money
from tenure.kit.ports import (
    ChargeResult,
    FailureCode,
    MethodType,
    RefundResult,
    TokenizedMethod,
)

REFUSED_ON_ADD: dict[str, FailureCode] = {
    "4000000000000002": "card_declined",
    "4000000000009995": "insufficient_funds",
    "4000000000000069": "expired_card",
}
FAILS_ON_CHARGE: dict[str, FailureCode] = {
    "4000000000000341": "card_declined",
    "4000000000000119": "processing_error",
}
FAILURE_MESSAGES: dict[FailureCode, str] = {
    "card_declined": "The card was declined.",
    "insufficient_funds": "The card has insufficient funds.",
    "expired_card": "The card has expired.",
    "processing_error": "The payment could not be processed.",
}


def luhn_ok(number: str) -> bool:
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def card_brand(number: str) -> str:
    if number.startswith("4"):
        return "visa"
    if number[:2] in {"51", "52", "53", "54", "55"} or "2221" <= number[:4] <= "2720":
        return "mastercard"
    if number[:2] in {"34", "37"}:
        return "amex"
    if number.startswith("6011") or number.startswith("65"):
        return "discover"
    return "unknown"


def card_expired(exp_month: int, exp_year: int, now: datetime) -> bool:
    """A card is valid through the last day of its expiry month."""
    return (exp_year, exp_month) < (now.year, now.month)


@dataclass(frozen=True, slots=True)
class _Card:
    exp_month: int
    exp_year: int
    fails_with: FailureCode | None


class SandboxGateway:
    name = "sandbox"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._refunds: dict[str, RefundResult] = {}

    # Tokens carry the behaviour of the test card so that the sandbox needs no storage.
    @staticmethod
    def _card_token(number: str, exp_month: int, exp_year: int) -> str:
        behaviour = FAILS_ON_CHARGE.get(number, "ok")
        return f"sbx_card_{behaviour}_{exp_year:04d}{exp_month:02d}_{secrets.token_hex(8)}"

    @staticmethod
    def _parse_card(token: str) -> _Card | None:
        parts = token.split("_")
        # sbx_card_<behaviour...>_<yyyymm>_<random>
        if len(parts) < 5 or parts[0] != "sbx" or parts[1] != "card":
            return None
        behaviour = "_".join(parts[2:-2])
        yyyymm = parts[-2]
        fails: FailureCode | None = None
        if behaviour in FAILURE_MESSAGES:
            fails = behaviour
        return _Card(exp_month=int(yyyymm[4:]), exp_year=int(yyyymm[:4]), fails_with=fails)

    def tokenize_card(
        self, *, number: str, exp_month: int, exp_year: int, cvc: str, now: datetime
    ) -> TokenizedMethod:
        digits = number.replace(" ", "").replace("-", "")
        if not luhn_ok(digits):
            raise InvalidInput(
                "invalid_card_number", "The card number is not valid.", field="number"
            )
        if not 1 <= exp_month <= 12:
            raise InvalidInput(
                "invalid_expiry", "The card's expiry month is not valid.", field="exp_month"
            )
        if not (cvc.isdigit() and 3 <= len(cvc) <= 4):
            raise InvalidInput("invalid_cvc", "The card's security code is not valid.", field="cvc")
        if card_expired(exp_month, exp_year, now):
            raise PaymentFailed("expired_card", FAILURE_MESSAGES["expired_card"])
        refused = REFUSED_ON_ADD.get(digits)
        if refused is not None:
            raise PaymentFailed(refused, FAILURE_MESSAGES[refused])
        return TokenizedMethod(
            token=self._card_token(digits, exp_month, exp_year),
            type="card",
            brand=card_brand(digits),
            last4=digits[-4:],
            exp_month=exp_month,
            exp_year=exp_year,
        )

    def tokenize_wallet(self, *, type: MethodType, reference: str) -> TokenizedMethod:
        if type == "card":
            raise InvalidInput("invalid_payment_method", "Cards need card details.")
        reference = reference.strip()
        if not reference:
            raise InvalidInput(
                "invalid_payment_method",
                "Give the {type} account to pay with.",
                type=type,
                field="reference",
            )
        behaviour = "declined" if "decline" in reference.lower() else "ok"
        return TokenizedMethod(
            token=f"sbx_{type}_{behaviour}_{secrets.token_hex(8)}", type=type, label=reference
        )

    def charge(
        self, *, token: str, amount: Money, idempotency_key: str, description: str, now: datetime
    ) -> ChargeResult:
        charge_id = "ch_sbx_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]
        if amount.amount <= 0:
            raise ValueError("a charge must be positive")
        card = self._parse_card(token)
        failure: FailureCode | None = None
        if card is not None:
            if card_expired(card.exp_month, card.exp_year, now):
                failure = "expired_card"
            else:
                failure = card.fails_with
        elif token.startswith("sbx_") and "_declined_" in token:
            failure = "card_declined"
        elif not token.startswith("sbx_"):
            failure = "processing_error"
        if failure is not None:
            return ChargeResult(
                succeeded=False,
                charge_id=None,
                failure_code=failure,
                failure_message=FAILURE_MESSAGES[failure],
            )
        return ChargeResult(succeeded=True, charge_id=charge_id)

    def refund(self, *, charge_id: str, amount: Money, idempotency_key: str) -> RefundResult:
        with self._lock:
            if idempotency_key not in self._refunds:
                self._refunds[idempotency_key] = RefundResult(
                    succeeded=charge_id.startswith("ch_sbx_"),
                    refund_id="re_sbx_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:24],
                    failure_message=None if charge_id.startswith("ch_sbx_") else "Unknown charge.",
                )
            return self._refunds[idempotency_key]
