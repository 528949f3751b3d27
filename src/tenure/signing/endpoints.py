"""The public keys of offline entitlement tokens (X-9)."""

from __future__ import annotations

from fastapi import Response

from tenure.api.context import PublicCtx
from tenure.api.routing import router
from tenure.signing import service

api = router("/.well-known", tags=["entitlements"])


@api.get("/jwks.json")
def jwks(ctx: PublicCtx, response: Response) -> dict[str, list[dict[str, str]]]:
    """The public keys (JWKS, RFC 7517/8037: OKP, Ed25519) that verify every offline
    entitlement token that may still be valid: the signing key, and retired keys until the
    last token they signed has expired."""
    response.headers["Cache-Control"] = "public, max-age=300"
    return service.jwks(ctx.session, now=ctx.now)
