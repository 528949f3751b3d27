"""Money as integer minor units with an ISO 4217 currency (SUB-8). No floats, ever."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache

from babel.numbers import format_currency, get_currency_precision, list_currencies

from tenure.kit.errors import InvalidInput


@cache
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def validate_currency(code: str) -> str:
    """Return the currency code if ISO 4217 knows it, else raise ``unknown_currency``."""
    if not isinstance(code, str) or code not in _known_currencies():
        raise InvalidInput("unknown_currency", "Unknown currency {currency}.", currency=str(code))
    return code


def minor_unit_digits(currency: str) -> int:
    return int(get_currency_precision(currency))


@dataclass(frozen=True, slots=True)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if type(self.amount) is not int:
            raise InvalidInput(
                "invalid_money",
                "Amounts are whole numbers of the currency's minor unit (e.g. cents).",
            )
        validate_currency(self.currency)

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def times(self, factor: int | Fraction) -> Money:
        """Multiply, rounding once, half up, to the minor unit."""
        return Money(round_half_up(Fraction(self.amount) * Fraction(factor)), self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidInput(
                "currency_mismatch",
                "Cannot combine {a} and {b}.",
                a=self.currency,
                b=other.currency,
            )

    def format(self, locale: str = "en") -> str:
        """Human form for emails and the command line, e.g. ``$12.99`` or ``12,99 USD``."""
        value = Decimal(self.amount).scaleb(-minor_unit_digits(self.currency))
        return str(format_currency(value, self.currency, locale=locale))

    def as_dict(self) -> dict[str, int | str]:
        return {"amount": self.amount, "currency": self.currency}


def round_half_up(value: Fraction) -> int:
    """Round to the nearest integer, halves away from zero (commercial rounding)."""
    sign = -1 if value < 0 else 1
    magnitude = abs(value)
    floor = magnitude.numerator // magnitude.denominator
    if magnitude - floor >= Fraction(1, 2):
        floor += 1
    return sign * floor
