"""What other packages' prebuilt statements need of the catalog's tables (the hot path's
statements are built once, at import, and joined in SQL: no extra round trip).

Only reads: the catalog writes its rows itself (``.importlinter`` keeps its models and
repository to it).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import ColumnElement, FromClause, Join, Table

from tenure.catalog.models import CatalogVersion

_VERSIONS = cast(Table, CatalogVersion.__table__)


def join_version_id(
    left: FromClause, version: ColumnElement[int]
) -> tuple[Join, ColumnElement[str]]:
    """``left`` outer-joined to the catalog version numbered ``version``, and the column of
    that version's id (NULL when the version is not stored)."""
    return left.outerjoin(_VERSIONS, _VERSIONS.c.version == version), _VERSIONS.c.id
