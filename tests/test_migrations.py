"""X-7: the migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

The rest of the suite builds its schema with ``create_all``; these tests start from an empty
database instead (a new SQLite file, or a new database on the test PostgreSQL server) and
run what ``tenure migrate`` runs.
"""

from __future__ import annotations

import ast
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from tenure import migrations
from tenure.auth.models import ApiKey
from tenure.kit.db import Database, normalize_url

PG_URL = os.environ.get("TENURE_TEST_DATABASE_URL")


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'var' / 'tenure.db'}"
        return
    admin = create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"tenure_migrations_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield (
            make_url(normalize_url(PG_URL)).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_x7_upgrade_head_builds_exactly_the_models_schema(empty_database_url: str) -> None:
    assert migrations.pending(empty_database_url)
    assert migrations.current_revisions(empty_database_url) == set()

    migrations.upgrade(empty_database_url)

    assert migrations.current_revisions(empty_database_url) == migrations.head_revisions()
    assert not migrations.pending(empty_database_url)
    engine = create_engine(normalize_url(empty_database_url))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts=migrations.context_options())
            differences = compare_metadata(context, migrations.target_metadata())
    finally:
        engine.dispose()
    assert differences == [], (
        "the migrations differ from the models; run "
        "scripts/regenerate_initial_migration.py:\n"
        + "\n".join(map(migrations.describe, differences))
    )


def test_x7_upgrade_twice_is_a_no_op(empty_database_url: str) -> None:
    migrations.upgrade(empty_database_url)
    migrations.upgrade(empty_database_url)
    assert migrations.current_revisions(empty_database_url) == migrations.head_revisions()


def test_x7_migrated_timestamps_round_trip_as_aware_utc(empty_database_url: str) -> None:
    """A timestamp given in any zone comes back as the same instant, in UTC, even when the
    database session's own time zone is not UTC."""
    migrations.upgrade(empty_database_url)
    db = Database(empty_database_url)
    given = datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("America/New_York"))
    try:
        with db.transaction() as session:
            if db.is_postgres:
                session.execute(text("SET TIME ZONE 'Pacific/Auckland'"))
            session.add(
                ApiKey(id="key_roundtrip", name="t", key_hash="0" * 64, hint="h", created_at=given)
            )
        with db.transaction(write=False) as session:
            if db.is_postgres:
                session.execute(text("SET TIME ZONE 'Asia/Kolkata'"))
            stored = session.scalar(select(ApiKey.created_at).where(ApiKey.id == "key_roundtrip"))
            if db.is_postgres:
                raw = session.scalar(text("SELECT created_at AT TIME ZONE 'UTC' FROM api_keys"))
            else:
                raw = session.scalar(text("SELECT created_at FROM api_keys"))
        columns = {c["name"]: c for c in inspect(db.write_engine).get_columns("api_keys")}
    finally:
        db.dispose()

    assert stored == given
    assert stored is not None
    assert stored.tzinfo is UTC
    assert stored.hour == 5  # 01:30 EDT is 05:30 UTC
    assert str(raw).startswith("2026-03-29 05:30:00")
    if PG_URL:
        assert getattr(columns["created_at"]["type"], "timezone", False) is True


def test_x7_migrations_import_nothing_from_tenure() -> None:
    """Migration files must keep working after the models change: they use plain
    SQLAlchemy types only."""
    files = sorted((migrations.MIGRATIONS_DIR / "versions").glob("*.py"))
    assert files, "no migration files"
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "tenure" or n.startswith("tenure.") for n in names), path.name
