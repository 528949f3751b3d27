"""Verifying offline entitlement tokens (X-9) the way an app does: with nothing but Ed25519
from ``cryptography`` and the published JWKS (a different implementation than the server's
PyJWT)."""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(token: str, jwks: dict[str, Any], *, now: float) -> dict[str, Any]:
    """What an app does offline: find the key by kid, check the Ed25519 signature over
    ``header.payload``, then the expiry."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(unb64(header_b64))
    assert header["alg"] == "EdDSA"
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    public = Ed25519PublicKey.from_public_bytes(unb64(key["x"]))
    public.verify(unb64(signature_b64), f"{header_b64}.{payload_b64}".encode())
    claims: dict[str, Any] = json.loads(unb64(payload_b64))
    if claims["exp"] <= now:
        raise ValueError("expired")
    return claims


def tampered(token: str, **changes: Any) -> str:
    """``token`` with its claims changed and its signature kept."""
    head, payload, signature = token.split(".")
    forged = json.loads(unb64(payload)) | changes
    forged_b64 = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    return f"{head}.{forged_b64}.{signature}"
