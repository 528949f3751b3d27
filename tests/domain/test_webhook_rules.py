"""The pure rules of outgoing webhooks (X-4)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenure.domain import webhooks as rules

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_x4_a_filter_takes_types_kinds_and_everything() -> None:
    assert rules.check_filter(["subscription", "invoice.paid", "subscription.*", "*"]) == [
        "*",
        "invoice.paid",
        "subscription.*",
    ]
    for wrong in ["subscriptions.*", "invoice.", "Invoice.paid", "invoice.paid!", ""]:
        with pytest.raises(ValueError) as raised:  # noqa: PT011 - its message is checked
            rules.check_filter([wrong])
        assert str(raised.value) == wrong.strip()


def test_x4_matching() -> None:
    assert rules.matches(None, "device.linked")
    assert rules.matches(["*"], "device.linked")
    assert rules.matches(["device.*"], "device.linked")
    assert rules.matches(["device.linked"], "device.linked")
    assert not rules.matches(["device.unlinked"], "device.linked")
    assert not rules.matches(["devices.*"], "device.linked")
    assert not rules.matches([], "device.linked")


def test_x4_the_retry_schedule_lasts_about_three_days_then_gives_up() -> None:
    total = sum(rules.RETRY_SCHEDULE, timedelta())
    assert timedelta(days=2.5) < total < timedelta(days=3.2)
    assert rules.RETRY_SCHEDULE[:5] == (
        timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
        timedelta(hours=5),
    )  # fmt: skip
    assert rules.next_attempt(len(rules.RETRY_SCHEDULE) + 1, now=NOW) is None


@given(attempts=st.integers(1, len(rules.RETRY_SCHEDULE)), seed=st.integers(0, 2**32))
def test_x4_each_wait_is_its_step_give_or_take_the_jitter(attempts: int, seed: int) -> None:
    at = rules.next_attempt(attempts, now=NOW, rng=random.Random(seed))
    assert at is not None
    step = rules.RETRY_SCHEDULE[attempts - 1]
    assert step * (1 - rules.JITTER) <= at - NOW <= step * (1 + rules.JITTER)


def test_x4_an_endpoint_is_switched_off_only_after_failing_the_whole_window() -> None:
    first = NOW - timedelta(days=3)
    assert rules.disables(failing_since=first, first_attempt_at=first)
    assert rules.disables(failing_since=first - timedelta(hours=1), first_attempt_at=first)
    # It answered something with success after this delivery was first tried.
    assert not rules.disables(failing_since=first + timedelta(hours=1), first_attempt_at=first)
    assert not rules.disables(failing_since=None, first_attempt_at=first)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "::1",
     "fe80::1", "fc00::1", "::ffff:127.0.0.1", "0.0.0.0", "224.0.0.1", "100.64.0.1"],  # noqa: S104
)  # fmt: skip
def test_x4_internal_addresses_are_refused(address: str) -> None:
    with pytest.raises(rules.AddressRefused):
        rules.check_address(address, allow_private=False)
    rules.check_address(address, allow_private=True)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_x4_public_addresses_are_called(address: str) -> None:
    rules.check_address(address, allow_private=False)


def test_x4_urls() -> None:
    assert rules.check_url("https://h.example/x?y=1", allow_http=False)
    assert rules.check_url("http://h.example/x", allow_http=True)
    for url, code in [
        ("http://h.example/x", "scheme"), ("ftp://h.example", "scheme"), ("https://", "host"),
        ("https://u:p@h.example", "host"), ("https://h.example:99999", "host"),
        ("https://h.example/#frag", "fragment"),
    ]:  # fmt: skip
        with pytest.raises(rules.AddressRefused) as raised:
            rules.check_url(url, allow_http=False)
        assert raised.value.code == code, url
