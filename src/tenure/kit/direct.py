"""Prebuilt Core statements run straight on the database driver, for the hottest requests.

``connection.execute(statement, params)`` costs about 35 µs of Python per statement on
SQLite and 70 µs on PostgreSQL on top of the driver's own work (execution context, result
metadata, row objects), which is more than the database needs for a lookup by key. A
device's connect, heartbeat and release run a handful of such statements each and are the
server's most frequent requests, so they use :class:`Direct`: the same SQLAlchemy Core
statement, compiled once per dialect, whose parameters go through the columns' own bind
processors and whose result columns through their result processors — values are stored
and read exactly as SQLAlchemy would — then handed to the driver's cursor as they are.

A statement runs on the caller's :class:`~sqlalchemy.engine.Connection`, in its
transaction (begun here if it was not yet, so SQLite's ``BEGIN IMMEDIATE`` hook runs), and
is committed or rolled back by the caller as usual.

:meth:`Direct.send` does not wait for the answer on PostgreSQL inside :func:`pipeline`:
several statements that do not depend on each other's results go to the server together
and their answers come back together — one round trip instead of one per statement. The
server still runs them one after the other, each with its own snapshot (READ COMMITTED),
so a ``SELECT … FOR UPDATE`` followed by a count sees what the lock's previous holder
committed. On SQLite a statement runs when it is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.expression import Executable

Processor = Callable[[Any], Any]

# In ``Connection.info``: how many rows the INSERT/UPDATE/DELETE statements run through
# :class:`Direct` on this connection wrote (see :func:`rows_written`).
_WRITTEN = "tenure.direct.rows_written"


def rows_written(conn: Connection) -> int:
    """Rows written so far on ``conn`` by :class:`Direct` statements: a statement without
    ``RETURNING`` when run (its row count; one inside a pipeline, where it is not known
    yet), an ``UPDATE … RETURNING`` by the rows it returned once they are read."""
    return int(conn.info.get(_WRITTEN, 0))


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # positional order (qmark), or None: named (pyformat)
    binds: tuple[tuple[str, Processor], ...]  # parameters whose values are processed
    results: tuple[tuple[int, Processor], ...]  # result columns whose values are processed


class Direct:
    """One Core statement (``select``, ``insert``, ``update … returning``) for the driver.

    ``keys``: for an ``INSERT`` without ``.values()``, the columns each execution gives.
    """

    __slots__ = ("_by_dialect", "_keys", "_returns", "_writes", "statement")

    def __init__(self, statement: Executable, *, keys: Sequence[str] | None = None) -> None:
        self.statement = statement
        self._keys = list(keys) if keys is not None else None
        self._by_dialect: dict[str, _Compiled] = {}
        self._writes = isinstance(statement, UpdateBase)
        self._returns = bool(getattr(statement, "exported_columns", ()))

    def _compiled(self, dialect: Dialect) -> _Compiled:
        found = self._by_dialect.get(dialect.name)
        if found is None:
            found = self._by_dialect[dialect.name] = self._compile(dialect)
        return found

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect, column_keys=self._keys)  # type: ignore[attr-defined]
        binds: list[tuple[str, Processor]] = []
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                binds.append((name, process))
        results: list[tuple[int, Processor]] = []
        for index, column in enumerate(getattr(self.statement, "exported_columns", ())):
            process = column.type.dialect_impl(dialect).result_processor(dialect, None)
            if process is not None:
                results.append((index, process))
        names = tuple(compiled.positiontup) if compiled.positional else None
        return _Compiled(compiled.string, names, tuple(binds), tuple(results))

    def send(self, conn: Connection, params: Mapping[str, Any]) -> Pending:
        """Run (on PostgreSQL inside :func:`pipeline`: send) the statement."""
        compiled = self._compiled(conn.dialect)
        if compiled.binds:
            values = dict(params)
            for name, process in compiled.binds:
                value = values.get(name)
                if value is not None:
                    values[name] = process(value)
        else:
            values = params  # type: ignore[assignment]
        if not conn.in_transaction():
            conn.begin()
        driver: Any = conn.connection.driver_connection
        if compiled.names is None:
            cursor = driver.execute(compiled.sql, values)
        else:
            cursor = driver.execute(compiled.sql, [values[name] for name in compiled.names])
        if not self._writes:
            return Pending(cursor, compiled.results, None)
        if not self._returns:  # not known in a pipeline (-1): count one
            counted = int(cursor.rowcount)
            conn.info[_WRITTEN] = rows_written(conn) + (counted if counted >= 0 else 1)
            return Pending(cursor, compiled.results, None)
        return Pending(cursor, compiled.results, conn.info)

    def first(self, conn: Connection, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return self.send(conn, params).first()

    def all(self, conn: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        return self.send(conn, params).all()

    def run(self, conn: Connection, params: Mapping[str, Any]) -> None:
        """A statement whose result is not read (an ``INSERT``)."""
        self.send(conn, params)


class Pending:
    """A statement's answer, read when it is needed."""

    __slots__ = ("_counts", "_cursor", "_results")

    def __init__(
        self,
        cursor: Any,
        results: tuple[tuple[int, Processor], ...],
        counts: dict[Any, Any] | None,
    ) -> None:
        self._cursor = cursor
        self._results = results
        self._counts = counts  # a writing statement's rows are counted when read

    def _count(self, rows: int) -> None:
        if self._counts is not None:
            self._counts[_WRITTEN] = int(self._counts.get(_WRITTEN, 0)) + rows

    def _row(self, row: Sequence[Any]) -> tuple[Any, ...]:
        if not self._results:
            return tuple(row)
        values = list(row)
        for index, process in self._results:
            values[index] = process(values[index])
        return tuple(values)

    def first(self) -> tuple[Any, ...] | None:
        row = self._cursor.fetchone()
        self._cursor.close()
        self._count(0 if row is None else 1)
        return None if row is None else self._row(row)

    def all(self) -> list[tuple[Any, ...]]:
        rows = self._cursor.fetchall()
        self._cursor.close()
        self._count(len(rows))
        return [self._row(row) for row in rows]


@contextmanager
def pipeline(conn: Connection) -> Iterator[None]:
    """On PostgreSQL, send :class:`Direct` statements without waiting for each answer (the
    driver's pipeline mode) until a result is read, the transaction ends or the block does.
    Elsewhere nothing changes."""
    if conn.dialect.name != "postgresql":
        with nullcontext():
            yield
        return
    driver: Any = conn.connection.driver_connection
    with driver.pipeline():
        yield
