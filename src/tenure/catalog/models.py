"""Stored catalog versions (CAT-1). A version is immutable once loaded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class CatalogVersion(Base):
    """One loaded catalog file, exactly as it was loaded.

    Versions are numbered 1, 2, 3 … and never change or disappear: a subscription records the
    version it was bought under, and its terms can always be read back from that version.
    """

    __tablename__ = "catalog_versions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime]
    loaded_by: Mapped[str] = mapped_column(String(100))
