from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class SigningKey(Base):
    """One Ed25519 key pair. The newest key that is not retired signs; a retired key stays
    published (``/.well-known/jwks.json``) until ``published_until``, so the tokens it
    signed keep verifying until they expire. The private key is AES-256-GCM encrypted with
    a key derived from ``settings.secret_key``."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(40), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(20))  # EdDSA (Ed25519)
    public_key: Mapped[str] = mapped_column(String(100))  # base64url, 32 bytes
    private_key_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]
    published_until: Mapped[datetime | None]
