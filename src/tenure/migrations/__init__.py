"""Database migrations (X-7): Alembic, configured from the package, not from an ini file.

``tenure migrate`` calls :func:`upgrade`; ``tenure serve`` and ``tenure worker`` call
:func:`pending` to refuse an unmigrated database. The same :func:`context_options` are used
by ``env.py`` (upgrades and autogenerate) and by the test that compares the migrated schema
with the models, so what is checked is what runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, create_engine
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url

from tenure.kit.db import Database, UTCDateTime, normalize_url

MIGRATIONS_DIR = Path(__file__).resolve().parent


def target_metadata() -> MetaData:
    """Every model's table, on ``Base.metadata``."""
    import tenure.models

    return tenure.models.Base.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Write our column types as plain SQLAlchemy ones, so migrations never import tenure."""
    if type_ != "type":
        return False
    if isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, JSONB):
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return "postgresql.JSONB()"
    return False


def context_options() -> dict[str, Any]:
    """Options for ``context.configure`` / ``MigrationContext.configure``."""
    return {
        "target_metadata": target_metadata(),
        "compare_type": True,
        "render_as_batch": True,  # SQLite alters tables by copying them
        "render_item": render_item,
    }


def alembic_config(database_url: str | None = None) -> Config:
    """An Alembic configuration pointing at this package's scripts.

    ``database_url`` is handed to ``env.py`` through ``config.attributes`` (not the ini
    options, which would interpolate ``%`` in passwords).
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if database_url is not None:
        config.attributes["database_url"] = normalize_url(database_url)
    return config


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def ensure_sqlite_directory(database_url: str) -> None:
    """Create the directory of a SQLite file, so that a fresh checkout just works."""
    url = make_url(normalize_url(database_url))
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return
    if not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def migration_connection(database_url: str) -> Iterator[Connection]:
    """A connection for migrating: transactional DDL on both backends.

    On SQLite it comes from Tenure's own engine (WAL, ``BEGIN IMMEDIATE``), with foreign
    keys switched off while tables are rebuilt by batch operations and checked afterwards.
    """
    url = normalize_url(database_url)
    if url.startswith("sqlite"):
        ensure_sqlite_directory(url)
        db = Database(url)
        try:
            with db.write_engine.connect() as connection:
                # On the driver's connection: through SQLAlchemy these would open a
                # transaction, inside which SQLite ignores the pragma.
                raw = connection.connection.driver_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys=OFF")
                try:
                    yield connection
                    if connection.in_transaction():
                        connection.commit()
                    problems = raw.execute("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise RuntimeError(f"foreign keys broken by the migration: {problems}")
                finally:
                    raw.execute("PRAGMA foreign_keys=ON")
        finally:
            db.dispose()
    else:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                yield connection
        finally:
            engine.dispose()


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database at ``database_url`` to ``revision`` (``tenure migrate``)."""
    from alembic import command

    config = alembic_config(database_url)
    with migration_connection(database_url) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revisions(database_url: str) -> set[str]:
    """The revisions the database is at (empty if it was never migrated)."""
    engine = create_engine(normalize_url(database_url))
    if engine.dialect.name == "sqlite":
        # Do not create an empty file just by looking.
        database = engine.url.database
        if database and database != ":memory:" and not Path(database).exists():
            engine.dispose()
            return set()
    try:
        with engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()


def schema_differences(database_url: str) -> list[str]:
    """How the database's schema differs from the models, one line each (empty: none).

    Tables that are not Tenure's (another application's, in a shared database) are ignored.
    """
    from alembic.autogenerate import compare_metadata

    engine = create_engine(normalize_url(database_url))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts=context_options())
            differences = compare_metadata(context, target_metadata())
    finally:
        engine.dispose()
    return [
        describe(d)
        for d in differences
        if not (isinstance(d, tuple) and d and d[0] == "remove_table")
    ]


def describe(difference: Any) -> str:
    """An autogenerate difference as ``operation name...``."""
    if isinstance(difference, list):  # changes to one column come grouped
        return "; ".join(describe(d) for d in difference)
    op, *rest = difference
    names = [getattr(x, "name", None) or (x if isinstance(x, str) else None) for x in rest]
    return " ".join([str(op), *(str(n) for n in names if n)])


def pending(database_url: str) -> bool:
    """True when the database is not at the newest migration."""
    return current_revisions(database_url) != head_revisions()


__all__ = [
    "MIGRATIONS_DIR",
    "alembic_config",
    "context_options",
    "current_revisions",
    "describe",
    "ensure_sqlite_directory",
    "head_revisions",
    "migration_connection",
    "pending",
    "render_item",
    "schema_differences",
    "target_metadata",
    "upgrade",
]
