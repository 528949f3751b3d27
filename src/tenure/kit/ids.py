"""Public identifiers: a type prefix and a ULID, e.g. ``sub_01j9zq3k6b0v2m7d8c4a5x1y2z``.

They sort by creation time and never reveal row numbers. A ULID is 48 bits of Unix time in
milliseconds and 80 random bits, written as 26 characters of Crockford's base32 (here in
lower case). Within one process they also increase strictly: an id made in the same
millisecond as the previous one (or after the system clock stepped back) is the previous one
plus one, so rows created in one instant of the simulated clock still list in creation
order. Generating one costs a few microseconds: the scheduler makes several per renewal.
The time in an id is the wall clock's (ids are not business time; the injected Clock is).
"""

from __future__ import annotations

import os
import threading
import time

PREFIXES = frozenset(
    {
        "acct", "sess", "key", "pm", "sub", "inv", "evt", "cat", "lic", "dev", "org",
        "vlr", "pay", "ref", "eml", "lnk", "whk", "req", "cre", "del", "con", "ac", "ntf", "asn",
        "mem", "invt", "vit", "vsh", "vgr", "vdc", "oex", "jwk", "whd", "wha",
    }
)  # fmt: skip

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
# Two base32 digits per lookup: 13 lookups for the 26 digits (128 bits, two zero bits first).
_PAIRS = [a + b for a in _CROCKFORD for b in _CROCKFORD]
_SHIFTS = tuple(range(120, -1, -10))
_lock = threading.Lock()
_last = 0
_random = b""  # random bytes fetched ahead, 10 per id, to save a system call per id
_used = 0


def _forget_random() -> None:
    """A forked process must not reuse its parent's random bytes, nor count on from its
    parent's last id (both would make the ids its parent makes next)."""
    global _random, _used, _last
    _random, _used, _last = b"", 0, 0


os.register_at_fork(after_in_child=_forget_random)


def new_ulid() -> str:
    """A new ULID in lower case (see the module's docstring)."""
    global _last, _random, _used
    millis = time.time_ns() // 1_000_000
    with _lock:
        if _used >= len(_random):
            _random, _used = os.urandom(10 * 256), 0
        value = millis << 80 | int.from_bytes(_random[_used : _used + 10], "big")
        _used += 10
        if value <= _last:
            value = _last + 1
        _last = value
    pairs = _PAIRS
    return "".join([pairs[(value >> shift) & 1023] for shift in _SHIFTS])


def new_id(prefix: str) -> str:
    if prefix not in PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    return f"{prefix}_{new_ulid()}"


def has_prefix(value: str, prefix: str) -> bool:
    return value.startswith(prefix + "_") and len(value) == len(prefix) + 27
