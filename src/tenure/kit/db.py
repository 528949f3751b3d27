"""Database plumbing: the declarative base, UTC timestamps, engines and sessions (X-7).

SQLite and PostgreSQL must behave the same. Two things need care on SQLite:

* timestamps come back naive, so :class:`UTCDateTime` re-attaches UTC on the way out and
  refuses naive values on the way in;
* writers must not deadlock when they upgrade a read lock, so write transactions start with
  ``BEGIN IMMEDIATE`` (one writer at a time, readers unaffected thanks to WAL) while reads
  use a plain ``BEGIN``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

import structlog
from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator

_log = structlog.get_logger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use the Clock")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """On SQLite, one function instead of three layers (this decorator, SQLAlchemy's
        type adapter, SQLite's ``DATETIME`` formatter) for what they do together: the UTC
        time as SQLAlchemy's SQLite storage format, ``YYYY-MM-DD HH:MM:SS.ffffff``. Bulk
        writes (the renewal batches) bind hundreds of thousands of timestamps. A test checks
        it against the layered result."""
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def process(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError("naive datetime given to the database; use the Clock")
            if value.tzinfo is not UTC:
                value = value.astimezone(UTC)
            return value.isoformat(" ", "microseconds")[:26]  # without "+00:00"

        return process


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSONType,
    }


def normalize_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


# How long a SQLite connection waits for another's write lock before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _make_engine(url: str, *, immediate: bool, pool: bool = True) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            poolclass=None if pool else NullPool,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not pysqlite, decide when transactions begin.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # SQLite's default page cache is 2 MB per connection; a busy server's indexes
            # outgrow it quickly and every miss is a read from the OS. 64 MB, and reads
            # through a memory map of up to 256 MB, keep the hot pages in reach.
            cursor.execute("PRAGMA cache_size=-65536")
            cursor.execute("PRAGMA mmap_size=268435456")
            cursor.close()

        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            # Straight on the driver: through exec_driver_sql this cost ~100 µs per
            # transaction (an execution context for one keyword), a third of a device
            # request's transaction on SQLite.
            try:
                connection.connection.driver_connection.execute(begin)
            except sqlite3.Error as exc:
                raise OperationalError(begin, None, exc) from exc

        return engine
    if not pool:
        return create_engine(url, poolclass=NullPool)
    # Up to 40 requests run at once in the thread pool: 20 kept open, 20 more on demand.
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=20)


@contextmanager
def autoflush_for(session: Session, *models: type[Any]) -> Iterator[Session]:
    """Run a query that reads only the tables of ``models``, flushing first only when the
    session holds unflushed changes to one of them.

    A plain autoflush writes every pending change before every query. The answer is the
    same either way, but in a batch (the scheduler runs a hundred renewals in one
    transaction) that is a flush, and a round of one-row INSERTs, per lookup instead of one
    batched flush at commit.
    """
    pending = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, models) for obj in pending):
        session.flush()
    with session.no_autoflush:
        yield session


class _Checkpointer(threading.Thread):
    """SQLite: copies the write-ahead log into the database file in the background.

    By default the transaction whose commit takes the log past 1,000 pages does that copy (and
    the fsync that ends it) before its COMMIT returns, so a random request now and then waits
    for it — the largest part of the write latency's tail. Here writers never checkpoint
    (``wal_autocheckpoint=0``); this thread runs a PASSIVE checkpoint every ``interval``
    seconds on its own connection, which never waits for (or blocks) readers and writers.
    SQLite also checkpoints when the last connection to the database closes.
    """

    def __init__(self, engine: Engine, interval: float = 1.0) -> None:
        super().__init__(name="sqlite-checkpoints", daemon=True)
        self._engine = engine
        self._interval = interval
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self._interval):
            try:
                connection = self._engine.raw_connection()
                try:
                    cursor = connection.cursor()
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    cursor.fetchall()
                    cursor.close()
                finally:
                    connection.close()
            except Exception as exc:  # e.g. a locked database: try again at the next tick
                _log.warning("sqlite.checkpoint_failed", error=str(exc))

    def stop(self) -> None:
        self._stopped.set()
        if self is not threading.current_thread():
            self.join(timeout=10)


class Database:
    """Engines and session factories for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        self.write_engine = _make_engine(self.url, immediate=True)
        # On PostgreSQL one engine serves both; on SQLite reads get a deferred BEGIN.
        self.read_engine = (
            _make_engine(self.url, immediate=False) if self.is_sqlite else self.write_engine
        )
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)
        self._checkpointer: _Checkpointer | None = None
        self._checkpointer_lock = threading.Lock()
        if self.is_sqlite and ":memory:" not in self.url and "mode=memory" not in self.url:
            # Writers do not checkpoint (see _Checkpointer); the first connection opened
            # (again, after dispose()) starts the background checkpoints.
            event.listen(self.write_engine, "connect", self._no_autocheckpoint)

    def _no_autocheckpoint(self, dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()
        with self._checkpointer_lock:
            if self._checkpointer is None:
                self._checkpointer = _Checkpointer(self.write_engine)
                self._checkpointer.start()

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgresql")

    def session(self, *, write: bool = True) -> Session:
        return (self._write if write else self._read)()

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Session]:
        """The entrypoint's unit of work: commit on success, roll back on any error."""
        session = self.session(write=write)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        with self._checkpointer_lock:
            checkpointer, self._checkpointer = self._checkpointer, None
        if checkpointer is not None:
            checkpointer.stop()
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()
