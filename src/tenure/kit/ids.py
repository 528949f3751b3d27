"""Public identifiers: a type prefix and a ULID, e.g. ``sub_01j9zq3k6b0v2m7d8c4a5x1y2z``.

They sort by creation time and never reveal row numbers.
"""

from __future__ import annotations

from ulid import ULID

PREFIXES = frozenset(
    {
        "acct", "sess", "key", "pm", "sub", "inv", "evt", "cat", "lic", "dev", "org",
        "vlr", "pay", "ref", "eml", "lnk", "whk", "req", "cre", "del", "con", "ac", "ntf", "asn",
    }
)  # fmt: skip


def new_id(prefix: str) -> str:
    if prefix not in PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    return f"{prefix}_{str(ULID()).lower()}"


def has_prefix(value: str, prefix: str) -> bool:
    return value.startswith(prefix + "_") and len(value) == len(prefix) + 27
