"""Queries on credentials that run straight on the driver (``kit.direct``): the hot path's
lookups of a bearer's key or token by its hash, without an ORM session."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.engine import Connection

from tenure.auth.models import AccessToken, ApiKey
from tenure.kit.direct import Direct, Pending, pipeline

_KEYS = cast(Table, ApiKey.__table__)
_TOKENS = cast(Table, AccessToken.__table__)
# Core statements, built once, for authenticate_quickly.
_KEY_BY_HASH = select(_KEYS.c.id, _KEYS.c.revoked_at).where(_KEYS.c.key_hash == bindparam("digest"))
_TOKEN_BY_HASH = select(
    _TOKENS.c.kind,
    _TOKENS.c.subject_id,
    _TOKENS.c.account_id,
    _TOKENS.c.expires_at,
    _TOKENS.c.revoked_at,
).where(_TOKENS.c.token_hash == bindparam("digest"))

_KEY_BY_HASH_D = Direct(_KEY_BY_HASH)
_TOKEN_BY_HASH_D = Direct(_TOKEN_BY_HASH)


def key_by_hash(conn: Connection, digest: str) -> tuple[Any, ...] | None:
    """``(id, revoked_at)`` of the API key with this hash."""
    return _KEY_BY_HASH_D.first(conn, {"digest": digest})


def token_by_hash(conn: Connection, digest: str) -> tuple[Any, ...] | None:
    """``(kind, subject_id, account_id, expires_at, revoked_at)`` of the token with this hash."""
    return _TOKEN_BY_HASH_D.first(conn, {"digest": digest})


def by_hashes(
    conn: Connection, key_digests: Collection[str], token_digests: Collection[str]
) -> tuple[dict[str, tuple[Any, ...] | None], dict[str, tuple[Any, ...] | None]]:
    """Many keys and tokens looked up together (on PostgreSQL in one round trip,
    ``kit.direct.pipeline``), by hash."""
    keys: dict[str, Pending] = {}
    tokens: dict[str, Pending] = {}
    with pipeline(conn):
        for digest in key_digests:
            keys[digest] = _KEY_BY_HASH_D.send(conn, {"digest": digest})
        for digest in token_digests:
            tokens[digest] = _TOKEN_BY_HASH_D.send(conn, {"digest": digest})
    return (
        {digest: found.first() for digest, found in keys.items()},
        {digest: found.first() for digest, found in tokens.items()},
    )
