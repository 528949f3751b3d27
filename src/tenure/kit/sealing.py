"""Secrets kept encrypted at rest: AES-256-GCM under a key derived (HKDF-SHA256) from
``settings.secret_key`` and a purpose label, the row's id bound in as associated data, so a
sealed value copied to another row or purpose does not open."""

from __future__ import annotations

import base64
import secrets
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_FORMAT = "v1"


def b64(data: bytes) -> str:
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=16)
def _wrapping_key(secret_key: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret_key.encode()
    )


def seal(raw: bytes, *, secret_key: str, purpose: bytes, row_id: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_wrapping_key(secret_key, purpose)).encrypt(nonce, raw, row_id.encode())
    return f"{_FORMAT}:{b64(nonce + sealed)}"


def unseal(stored: str, *, secret_key: str, purpose: bytes, row_id: str) -> bytes:
    form, _, body = stored.partition(":")
    if form != _FORMAT:
        raise ValueError(f"{row_id}: unknown sealed format")
    blob = unb64(body)
    return AESGCM(_wrapping_key(secret_key, purpose)).decrypt(blob[:12], blob[12:], row_id.encode())
