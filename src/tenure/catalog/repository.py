"""Every query on catalog versions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from tenure.catalog.models import CatalogVersion
from tenure.kit.pages import Window, keyset


class VersionHead(NamedTuple):
    """A version's identity without its (large) source text."""

    id: str
    version: int
    sha256: str
    loaded_at: datetime


def latest_head(session: Session) -> VersionHead | None:
    """The newest version (one indexed row, no source text)."""
    row = session.execute(
        select(
            CatalogVersion.id,
            CatalogVersion.version,
            CatalogVersion.sha256,
            CatalogVersion.loaded_at,
        )
        .order_by(CatalogVersion.version.desc())
        .limit(1)
    ).first()
    return VersionHead(*row) if row is not None else None


def head_by_version(session: Session, version: int) -> VersionHead | None:
    row = session.execute(
        select(
            CatalogVersion.id,
            CatalogVersion.version,
            CatalogVersion.sha256,
            CatalogVersion.loaded_at,
        ).where(CatalogVersion.version == version)
    ).first()
    return VersionHead(*row) if row is not None else None


def source_of(session: Session, version_id: str) -> str | None:
    return session.scalar(select(CatalogVersion.source).where(CatalogVersion.id == version_id))


def by_version(session: Session, version: int) -> CatalogVersion | None:
    return session.scalar(select(CatalogVersion).where(CatalogVersion.version == version))


def list_versions(session: Session, window: Window | None = None) -> Sequence[CatalogVersion]:
    """The versions (all, or one window), newest first, without loading the source texts."""
    query = select(CatalogVersion).options(defer(CatalogVersion.source, raiseload=True))
    return session.scalars(keyset(query, [CatalogVersion.version], window, descending=True)).all()


def add(session: Session, version: CatalogVersion) -> None:
    session.add(version)
