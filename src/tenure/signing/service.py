"""Offline entitlement tokens (X-9): the keys, the JWKS, and signing.

* A token is a JWS (compact, ``alg: EdDSA``, Ed25519, ``kid`` in the header) signed with
  PyJWT; any JOSE library (or Ed25519 itself) verifies it with the public key published at
  ``/.well-known/jwks.json``.
* ``tenure keys rotate`` makes a new key, which signs from then on; the previous one stops
  signing at once but stays published for the longest a token lives (``ttl``), so every
  token it signed keeps verifying until it expires, and no longer.
* The first token asked for on a database without keys makes the first key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from tenure.events.service import record
from tenure.kit import sealing
from tenure.kit.actor import Actor
from tenure.kit.ids import new_id
from tenure.signing import repository
from tenure.signing.models import SigningKey

ALGORITHM = "EdDSA"
_PURPOSE = b"tenure signing keys v1"


def _seal(raw: bytes, *, secret_key: str, kid: str) -> str:
    return sealing.seal(raw, secret_key=secret_key, purpose=_PURPOSE, row_id=kid)


def _open(stored: str, *, secret_key: str, kid: str) -> bytes:
    return sealing.unseal(stored, secret_key=secret_key, purpose=_PURPOSE, row_id=kid)


def rotate(
    session: Session, *, secret_key: str, ttl: timedelta, now: datetime, actor: Actor
) -> SigningKey:
    """A new signing key; the ones before it stop signing and stay published for ``ttl``."""
    for old in repository.unretired(session):
        old.retired_at = now
        old.published_until = now + ttl
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    kid = new_id("jwk")
    key = SigningKey(
        kid=kid,
        algorithm=ALGORITHM,
        public_key=sealing.b64(public),
        private_key_encrypted=_seal(raw, secret_key=secret_key, kid=kid),
        created_at=now,
        retired_at=None,
        published_until=None,
    )
    session.add(key)
    record(session, type="signing_key.rotated", at=now, actor=actor, subject_type="signing_key",
           subject_id=kid, account_id=None, data={"kid": kid})  # fmt: skip
    return key


def current(session: Session, *, secret_key: str, ttl: timedelta, now: datetime) -> SigningKey:
    """The key that signs now (the first one is made when there is none)."""
    found = repository.active(session)
    if found is not None:
        return found
    made = rotate(session, secret_key=secret_key, ttl=ttl, now=now, actor=Actor.system())
    session.flush()
    return made


def jwks(session: Session, *, now: datetime) -> dict[str, list[dict[str, str]]]:
    """The public keys that verify every token that may still be valid (RFC 7517, 8037)."""
    return {
        "keys": [
            {"kty": "OKP", "crv": "Ed25519", "x": key.public_key, "kid": key.kid,
             "use": "sig", "alg": ALGORITHM}
            for key in repository.published(session, now=now)
        ]
    }  # fmt: skip


def sign(key: SigningKey, claims: Mapping[str, Any], *, secret_key: str) -> str:
    """A compact JWS of ``claims`` signed with ``key``."""
    raw = _open(key.private_key_encrypted, secret_key=secret_key, kid=key.kid)
    private = Ed25519PrivateKey.from_private_bytes(raw)
    return jwt.encode(dict(claims), private, algorithm=ALGORITHM, headers={"kid": key.kid})


def keys(session: Session) -> Sequence[SigningKey]:
    return repository.every(session)


def active(session: Session) -> SigningKey | None:
    """The key that signs now, if there is one."""
    return repository.active(session)


def find(session: Session, kid: str) -> SigningKey | None:
    return session.get(SigningKey, kid)
