"""Alembic's environment for Tenure (X-7).

Run through ``tenure migrate`` (see :mod:`tenure.migrations`), which passes the connection
in ``config.attributes``. Run by plain ``alembic`` it migrates ``TENURE_DATABASE_URL``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from tenure.kit.settings import Settings
from tenure.migrations import context_options, migration_connection

config = context.config


def _database_url() -> str:
    url = config.attributes.get("database_url")
    return str(url) if url else Settings().database_url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        # Tenure's SQLite engine issues real BEGINs, so SQLite DDL is transactional too.
        transactional_ddl=True,
        **context_options(),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=_database_url(), literal_binds=True, **context_options())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with migration_connection(_database_url()) as new_connection:
        _run(new_connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
