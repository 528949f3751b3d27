"""Signing keys for offline entitlement tokens (X-9): Ed25519 key pairs, rotated by a CLI
command, published as a JWKS; the private halves are encrypted at rest."""
