"""X-7: timestamps are stored as UTC on every backend; SQLite's fused bind step matches the
layered one it replaces."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeDecorator

from tenure.kit.db import Database, UTCDateTime

MOMENTS = [
    datetime(2026, 1, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 2, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))),  # 2026-01-31 22:30 UTC
    datetime(1999, 12, 31, 12, 0, 0, 5, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
]


def test_x7_sqlite_stores_the_same_text_as_the_layered_processors() -> None:
    dialect = sqlite.dialect()
    column_type = UTCDateTime()
    fused = column_type._cached_bind_processor(dialect)  # what statements use
    adapted = column_type.dialect_impl(dialect)  # its impl is SQLite's DATETIME
    layered = TypeDecorator.bind_processor(adapted, dialect)  # type: ignore[arg-type,var-annotated]  # SQLAlchemy's own chain
    assert fused is not None and getattr(fused, "__qualname__", "").startswith("UTCDateTime.")
    assert fused is not None and layered is not None
    for moment in MOMENTS:
        assert fused(moment) == layered(moment)
    assert fused(MOMENTS[1]) == "2026-01-31 22:30:00.000000"
    assert fused(None) is None


def test_x7_a_naive_timestamp_is_refused_on_sqlite() -> None:
    fused = UTCDateTime().bind_processor(sqlite.dialect())
    assert fused is not None
    with pytest.raises(ValueError, match="naive datetime"):
        fused(datetime(2026, 1, 1, 12, 0))  # noqa: DTZ001 - the naive value is the point


def test_x7_sqlite_log_is_copied_into_the_database_file_in_the_background(
    tmp_path: Path,
) -> None:
    """Writers never checkpoint on SQLite (a request would wait for it); a background thread
    does, within about a second."""
    path = tmp_path / "ck.db"
    database = Database(f"sqlite:///{path}")
    try:
        with database.write_engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (v TEXT)")
            conn.exec_driver_sql("INSERT INTO t VALUES (?)", [("x" * 2000,) for _ in range(3000)])

        def file_size() -> int:  # the database file alone, not its write-ahead log
            return path.stat().st_size

        assert file_size() < 1_000_000  # 6 MB committed, none of it checkpointed by the writer
        deadline = time.monotonic() + 5
        while file_size() < 6_000_000 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert file_size() >= 6_000_000
        with database.read_engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 3000
    finally:
        database.dispose()
