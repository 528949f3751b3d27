"""Writing many rows at once, for the few paths that write thousands of rows per second (the
scheduler's renewal batches).

SQLAlchemy's ``connection.execute(insert(table), rows)`` builds and type-processes a
parameter dictionary per row, which costs more than the database's own work for small rows.
:func:`insert_rows` and :func:`update_rows` run each column's own SQLAlchemy bind processor
(so values are stored exactly as SQLAlchemy would store them: UTC timestamps, JSON) and hand
the driver plain tuples: ``executemany`` on SQLite, ``COPY … FROM STDIN`` on PostgreSQL for
inserts. They run on the caller's connection, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

from tenure.kit.db import UTCDateTime


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts keyed by column name; every row has the same keys). Columns
    left out get their database default (e.g. an autoincrement key)."""
    if not rows:
        return
    dialect = connection.dialect
    names = tuple(rows[0])
    values = _values(rows, names, _processors(table, names, dialect))
    if dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None
        columns = ", ".join(_quoted(dialect, name) for name in names)
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {_quoted(dialect, table.name)} ({columns}) FROM STDIN") as copy,
        ):
            for value in values:
                copy.write_row(value)
        return
    connection.exec_driver_sql(_insert_sql(table, names, dialect), values)


def update_rows(
    connection: Connection, table: Table, key: str, rows: Sequence[Mapping[str, Any]]
) -> None:
    """``UPDATE table SET … WHERE key = …`` for each row (dicts keyed by column name, all
    with the same keys, ``key`` among them)."""
    if not rows:
        return
    dialect = connection.dialect
    names = tuple(name for name in rows[0] if name != key)
    ordered = (*names, key)
    connection.exec_driver_sql(
        _update_sql(table, names, key, dialect),
        _values(rows, ordered, _processors(table, ordered, dialect)),
    )


Processors = tuple[tuple[int, Callable[[Any], Any], bool], ...]


def _values(
    rows: Sequence[Mapping[str, Any]], names: tuple[str, ...], processors: Processors
) -> list[tuple[Any, ...]]:
    """The rows as tuples in ``names`` order, each value through its column's processor.
    Timestamps are converted once per distinct value: a batch's rows share a few instants
    (a renewal's time and period bounds appear in a dozen columns)."""
    pick = itemgetter(*names)
    steps: list[tuple[int, Callable[[Any], Any], dict[Any, Any] | None]] = [
        (index, process, {} if remember else None) for index, process, remember in processors
    ]
    out = []
    for row in rows:
        values = list(pick(row)) if len(names) > 1 else [pick(row)]
        for index, process, memo in steps:
            value = values[index]
            if value is None:
                continue
            if memo is None:
                values[index] = process(value)
                continue
            done = memo.get(value)
            if done is None:
                done = memo[value] = process(value)
            values[index] = done
        out.append(tuple(values))
    return out


@cache
def _processors(table: Table, names: tuple[str, ...], dialect: Dialect) -> Processors:
    """The columns (by position) whose values SQLAlchemy would process, with the processor,
    and whether it is a timestamp's (whose conversions may be remembered)."""
    found = []
    for index, name in enumerate(names):
        column_type = table.c[name].type
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            found.append((index, process, isinstance(column_type, UTCDateTime)))
    return tuple(found)


def _quoted(dialect: Dialect, name: str) -> str:
    return dialect.identifier_preparer.quote(name)


def _marker(dialect: Dialect) -> str:
    return "?" if dialect.paramstyle == "qmark" else "%s"


@cache
def _insert_sql(table: Table, names: tuple[str, ...], dialect: Dialect) -> str:
    columns = ", ".join(_quoted(dialect, name) for name in names)
    markers = ", ".join([_marker(dialect)] * len(names))
    # Identifiers come from our own table metadata, quoted; values are bound.
    return f"INSERT INTO {_quoted(dialect, table.name)} ({columns}) VALUES ({markers})"  # noqa: S608


@cache
def _update_sql(table: Table, names: tuple[str, ...], key: str, dialect: Dialect) -> str:
    marker = _marker(dialect)
    sets = ", ".join(f"{_quoted(dialect, name)} = {marker}" for name in names)
    where = f"{_quoted(dialect, key)} = {marker}"
    return f"UPDATE {_quoted(dialect, table.name)} SET {sets} WHERE {where}"  # noqa: S608
