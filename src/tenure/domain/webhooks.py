"""Outgoing webhooks' pure rules (X-4): which events an endpoint takes, when a failed delivery
is tried again, when an endpoint has failed long enough to be switched off, and which
addresses a delivery may go to."""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import urlsplit

RETRY_SCHEDULE: Final[tuple[timedelta, ...]] = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    *(timedelta(hours=10),) * 6,
)
"""The wait after the first, second … failed attempt; after the last one the delivery has
failed for good: 12 attempts over about 2.8 days (the Standard Webhooks schedule, extended
with 10-hour steps to about three days)."""

JITTER: Final = 0.1
"""Each wait is stretched or shrunk by up to this share, so the deliveries that failed
together (a receiver that was down) do not all come back in the same second."""

EVENT_KINDS: Final[dict[str, str]] = {
    "account": "A customer account: created, updated, signed in or out, suspended, reinstated.",
    "activation_code": "Activation codes: created, redeemed, blocked, suspended, reactivated.",
    "api_key": "Staff API keys: created, revoked.",
    "catalog": "The product catalog was loaded.",
    "connection": "Simultaneous connections: admitted, refused, released, expired, ended.",
    "credit": "Account credit granted or applied.",
    "delivery": "A subscription sent to a device was picked up or expired.",
    "device": "Linked devices: linked, renamed, unlinked, a subscription installed or released.",
    "email": "Outgoing email: sent, failed, requeued.",
    "entitlement": "entitlement.updated: what an account may use changed (its new state).",
    "invoice": "Invoices and their payments: created, paid, payment failed, refunded, voided.",
    "license": "Volume licenses: assigned, reassigned, freed, renewal changed.",
    "organization": "Organizations: members, invitations, seats, settings, the vault index's "
    "decisions, expiry, restore.",
    "payment_method": "Payment methods: added, removed, set as default.",
    "signing_key": "Offline token signing keys rotated.",
    "subscription": "Subscriptions: created, trial, renewed, grace, canceled, expired, restored.",
    "volume_request": "Volume licensing requests: filed, approved, rejected, enrolled.",
    "webhook_endpoint": "Webhook endpoints: created, changed, secret rotated, disabled.",
}
"""Every kind of event (the part of its type before the first dot) and what it covers; an
event of a kind not listed here is delivered as ``other``."""


def kind_of(event_type: str) -> str:
    kind = event_type.split(".", 1)[0]
    return kind if kind in EVENT_KINDS else "other"


def check_filter(patterns: Sequence[str]) -> list[str]:
    """The normalized event filter of an endpoint: each pattern is an event type
    (``subscription.renewed``), a kind (``subscription`` or ``subscription.*``) or ``*``.
    Raises ``ValueError`` naming the first pattern that is none of these."""
    normalized: list[str] = []
    for raw in patterns:
        pattern = raw.strip()
        kind, dot, rest = pattern.partition(".")
        if pattern == "*" or (not dot and kind in EVENT_KINDS):
            value = pattern if pattern == "*" else f"{kind}.*"
        elif kind in EVENT_KINDS and rest and _a_type_part(rest):
            value = pattern
        else:
            raise ValueError(pattern)
        if value not in normalized:
            normalized.append(value)
    return sorted(normalized)


def _a_type_part(rest: str) -> bool:
    return rest == "*" or all(
        part and all(c.islower() or c.isdigit() or c == "_" for c in part)
        for part in rest.split(".")
    )


def matches(patterns: Iterable[str] | None, event_type: str) -> bool:
    """Whether an endpoint with this filter (``None``: every event) takes ``event_type``."""
    if patterns is None:
        return True
    kind = event_type.split(".", 1)[0]
    return any(p in ("*", event_type, f"{kind}.*") for p in patterns)


def next_attempt(
    attempts: int, *, now: datetime, rng: random.Random | None = None
) -> datetime | None:
    """When to try again after ``attempts`` failed attempts, or ``None``: failed for good."""
    if attempts < 1 or attempts > len(RETRY_SCHEDULE):
        return None
    wait = RETRY_SCHEDULE[attempts - 1]
    spread = (rng or random).uniform(-JITTER, JITTER)
    return now + wait * (1 + spread)


def disables(*, failing_since: datetime | None, first_attempt_at: datetime) -> bool:
    """A delivery has failed for good: its endpoint is switched off when it has not answered
    a single delivery with success since that delivery was first tried (it failed for the
    whole retry window)."""
    return failing_since is not None and failing_since <= first_attempt_at


class AddressRefused(ValueError):
    """The URL or an address it resolves to may not be called (code says why)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_url(url: str, *, allow_http: bool) -> str:
    """The URL as it will be called: ``https`` (``http`` only when allowed), a host, no
    user name or password. Raises :class:`AddressRefused`."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise AddressRefused("host") from None
    if parts.scheme not in ("https", "http") or (parts.scheme == "http" and not allow_http):
        raise AddressRefused("scheme")
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise AddressRefused("host")
    try:
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise AddressRefused("host") from None
    if parts.fragment:
        raise AddressRefused("fragment")
    return url


def check_address(address: str, *, allow_private: bool) -> None:
    """Refuse loopback, link-local, private, multicast and reserved addresses (a webhook
    must not reach into the network Tenure runs in) unless a setting allows them."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if allow_private:
        return
    if (
        ip.is_loopback
        or ip.is_link_local
        or ip.is_private
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    ):
        raise AddressRefused("address")


def urlsplit_host(url: str) -> str | None:
    """The host of a URL :func:`check_url` accepted."""
    return urlsplit(url).hostname


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True
