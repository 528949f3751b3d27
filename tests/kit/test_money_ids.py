"""SUB-8: money in integer minor units with an ISO currency; prefixed sortable ids."""

from __future__ import annotations

import os
import time
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ulid import ULID

from tenure.kit.errors import InvalidInput
from tenure.kit.ids import has_prefix, new_id
from tenure.kit.money import Money, round_half_up


def test_sub8_money_refuses_floats_and_unknown_currencies() -> None:
    with pytest.raises(InvalidInput) as float_error:
        Money(12.5, "USD")  # type: ignore[arg-type]
    assert float_error.value.code == "invalid_money"
    with pytest.raises(InvalidInput) as currency_error:
        Money(100, "XYZ")
    assert currency_error.value.code == "unknown_currency"


def test_sub8_money_formats_per_locale_and_currency() -> None:
    assert Money(1299, "USD").format("en") == "$12.99"
    assert Money(1299, "DKK").format("da") == "12,99\xa0kr."
    assert Money(1299, "JPY").format("en") == "¥1,299"  # yen has no minor unit


def test_sub8_currency_mismatch_refused() -> None:
    with pytest.raises(InvalidInput):
        Money(1, "USD") + Money(1, "EUR")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(5, 2), 3), (Fraction(-5, 2), -3), (Fraction(249, 100), 2), (Fraction(7, 3), 2)],
)
def test_vl5_round_half_up(value: Fraction, expected: int) -> None:
    assert round_half_up(value) == expected


@given(st.integers(-(10**9), 10**9), st.integers(1, 1000))
def test_vl5_round_half_up_is_nearest(numerator: int, denominator: int) -> None:
    value = Fraction(numerator, denominator)
    assert abs(value - round_half_up(value)) <= Fraction(1, 2)


def test_ids_are_prefixed_and_sortable() -> None:
    first, second = new_id("sub"), new_id("sub")
    assert has_prefix(first, "sub") and first != second
    with pytest.raises(ValueError, match="unknown id prefix"):
        new_id("nope")


def test_ids_are_ulids_that_increase_and_carry_the_time() -> None:
    """Each id is a valid ULID (checked with the python-ulid library) whose timestamp is now,
    and ids made one after another increase strictly, also within one millisecond."""
    before = time.time_ns() / 1e9  # the wall clock: ULIDs carry real time, not the Clock's
    made = [new_id("evt") for _ in range(2000)]
    after = time.time_ns() / 1e9
    assert made == sorted(made) and len(set(made)) == len(made)
    for value in (made[0], made[-1]):
        parsed = ULID.from_str(value.removeprefix("evt_").upper())
        assert before - 0.002 <= parsed.timestamp <= after + 0.002
        assert str(parsed).lower() == value.removeprefix("evt_")


def test_a_forked_process_makes_other_ids_than_its_parent() -> None:
    """Random bytes are fetched ahead; a forked worker must not reuse the parent's."""
    new_id("evt")  # the parent now holds random bytes fetched ahead
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.write(write, "".join(new_id("evt")[-16:] for _ in range(5)).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 1000).decode()
    parent = "".join(new_id("evt")[-16:] for _ in range(5))
    # The last 16 characters are random bits only: shared bytes would repeat them.
    assert {child[i : i + 16] for i in range(0, 80, 16)}.isdisjoint(
        {parent[i : i + 16] for i in range(0, 80, 16)}
    )
