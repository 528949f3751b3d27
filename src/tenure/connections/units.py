"""How a device's connection requests (connect, heartbeat, release) run: the hot path.

Every app connects and beats, so these requests are the server's most frequent and most
contended writes. Each is one *unit of work* — authenticate the device token, then the
request's own statements (the holder's lock, count, insert, event…) — run whole in one
thread on a plain ``Connection`` of the write engine, with prebuilt SQLAlchemy Core
statements run straight on the driver (``kit.direct``): no ORM session and no ORM objects.
No lock is ever held while waiting for another thread (a lock held across thread hops can
starve the thread pool when many connects of one account wait on the same row lock).

* PostgreSQL: the device requests waiting at a moment run one after the other in ONE
  transaction, in one worker thread per event loop (at most 64 per transaction): their
  tokens are looked up together, and each account's row lock is taken with ``SKIP
  LOCKED``, so the batch never waits for an account's lock and two processes' batches
  cannot deadlock on accounts. A request whose account another transaction has locked
  (another process's batch, a request running alone) has written nothing yet (the lock
  comes first); it runs alone afterwards, in its own transaction in the thread pool, where
  it waits for the lock without holding up the batch. Round trips, BEGIN/COMMIT and the
  thread hand-offs are paid per batch: a thread per request cost twice the CPU, most of it
  in threads handing the GIL to each other around every round trip. A request that fails
  after writing (the rows written through ``kit.direct`` tell — the device requests write
  only through it), or a database error in the transaction (a deadlock PostgreSQL broke,
  should two processes update the same two leases at once in opposite order), undoes the
  batch; the requests that had succeeded then run alone.
* SQLite allows one writer at a time, so the requests of this process are not run one by
  one in the thread pool (where they would meet in SQLite's busy handler, which sleeps up
  to 100 ms between tries): the units waiting at a moment run in ONE transaction, one after
  the other (group commit). BEGIN, COMMIT and the write-ahead log's page writes are paid
  once per batch instead of once per request. Each unit still sees what the units before
  it wrote, so admission stays exact; every response is sent only after the COMMIT that
  made it durable. A unit that fails (``connection_limit_reached``, …) has written nothing —
  its checks come before its writes — so it does not disturb the others; should one ever
  fail after writing (SQLite's change counter tells), the batch is rolled back and the
  other units run again in a new transaction.

  Where a batch runs: on the event loop itself, once the requests read in the same turn of
  the loop have queued, when SQLite's write lock can be taken at once (``BEGIN IMMEDIATE``
  with no busy wait). The statements are index lookups and writes to the write-ahead log
  (no fsync: ``synchronous=NORMAL``, and checkpoints run in their own thread), so this
  costs the loop less than handing the batch to a thread and back — and with no worker
  thread there is no contention for the GIL between it and the loop (every SQLite call
  lets go of the GIL, and a worker thread then waited for the loop to hand it back). When
  another connection holds the lock (a CLI command, the scheduler, a request of the thread
  pool) the batch goes to ONE worker thread, which waits for it there and keeps taking the
  batches that queue meanwhile; the loop never waits.
* A request with an ``Idempotency-Key`` keeps the route's transaction (the unit runs on the
  session's connection and commits together with the stored response).
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable, Coroutine
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Generic, TypeVar

import anyio.to_thread
from fastapi import Request
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from tenure.api.context import container_of
from tenure.api.routing import session_of
from tenure.auth.service import Principal, authenticate_many, authenticate_quickly
from tenure.connections import repository
from tenure.connections.connect import DeviceCall as DeviceCall
from tenure.connections.repository import LockedElsewhere
from tenure.container import Container
from tenure.kit.db import SQLITE_BUSY_TIMEOUT_MS
from tenure.kit.direct import rows_written
from tenure.kit.errors import Forbidden
from tenure.kit.i18n import negotiate, normalize_locale

T = TypeVar("T")


Work = Callable[[DeviceCall], T]


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _device_call(request: Request, container: Container, conn: Connection) -> DeviceCall:
    now = container.clock.now()
    principal = authenticate_quickly(conn, bearer=_bearer(request), now=now)
    return _call_of(principal, container, conn, now)


def _call_of(
    principal: Principal, container: Container, conn: Connection, now: datetime
) -> DeviceCall:
    if principal.kind != "device":
        raise Forbidden("device_only", "Only a linked device may do this.")
    ttl = container.settings.connection_ttl_seconds
    return DeviceCall(conn, principal.id, principal.account_id, now, ttl)


def _error_locale(request: Request, conn: Connection, call: DeviceCall | None) -> None:
    """An error is shown in the account's language unless Accept-Language names one: read it
    on ``conn`` (only when there is an error to show). The caller ends the transaction."""
    header = request.headers.get("accept-language") or ""
    if call is None or call.account_id is None:
        return
    if any(normalize_locale(part.split(";")[0]) for part in header.split(",")):
        return
    locale = repository.account_locale(conn, call.account_id)
    if locale is not None:
        request.state.locale = negotiate(None, locale)


class _Failed(Exception):
    """A unit's error, with the caller it had authenticated (for the error's language)."""

    def __init__(self, error: Exception, call: DeviceCall | None) -> None:
        super().__init__(error)
        self.error = error
        self.call = call


def _attempt(request: Request, container: Container, conn: Connection, work: Work[T]) -> T:
    """Authenticate and run ``work`` on ``conn`` (no commit, no rollback). An error comes
    back wrapped in :class:`_Failed`."""
    call: DeviceCall | None = None
    try:
        call = _device_call(request, container, conn)
        return work(call)
    except Exception as exc:
        raise _Failed(exc, call) from exc


_SQLITE_GATE = threading.Lock()  # one unit of this process at a time on SQLite


def _gate(container: Container) -> AbstractContextManager[Any]:
    return _SQLITE_GATE if container.db.is_sqlite else nullcontext()


def _in_route_transaction(request: Request, container: Container, work: Work[T]) -> T:
    """With an Idempotency-Key: on the route's session; the route commits."""
    session = session_of(request)
    with _gate(container):
        try:
            return _attempt(request, container, session.connection(), work)
        except _Failed as failed:
            session.rollback()
            _error_locale(request, session.connection(), failed.call)
            session.rollback()
            raise failed.error from None
        except BaseException:
            session.rollback()
            raise


def _own_transaction(request: Request, container: Container, work: Work[T]) -> T:
    with _gate(container), container.db.write_engine.connect() as conn:
        try:
            result = _attempt(request, container, conn, work)
            conn.commit()
        except _Failed as failed:
            conn.rollback()  # first: let go of the locks
            _error_locale(request, conn, failed.call)
            conn.rollback()
            raise failed.error from None
    return result


async def run(request: Request, work: Work[T]) -> T:
    """Run a device's unit of work (see the module's description); its result or error."""
    container = container_of(request)
    request.state.locale = negotiate(request.headers.get("accept-language"))
    if "idempotency-key" in request.headers:
        return await anyio.to_thread.run_sync(
            partial(_in_route_transaction, request, container, work)
        )
    return await _batcher(container).submit(request, container, work)


# --------------------------------------------------------------------------- group commit


@dataclass(slots=True)
class _Unit(Generic[T]):
    request: Request
    container: Container
    work: Work[T]
    future: asyncio.Future[T]


Outcome = tuple["_Unit[Any]", bool, Any]  # (unit, succeeded, result or exception)


def _settle(outcomes: list[Outcome]) -> None:
    """In the event loop: hand each unit its result (unless its request went away)."""
    for unit, ok, value in outcomes:
        if unit.future.done():
            continue
        if ok:
            unit.future.set_result(value)
        else:
            unit.future.set_exception(value)


def _changes(conn: Connection) -> Callable[[], int]:
    """SQLite's count of rows written on this connection so far."""
    raw: Any = conn.connection.driver_connection
    return lambda: int(raw.total_changes)


def _run_together(container: Container, units: list[_Unit[Any]]) -> list[Outcome]:
    """Run ``units`` in one transaction and commit it (see the module's description)."""
    settled: list[Outcome] = []
    todo = units
    while todo:
        with container.db.write_engine.connect() as conn:
            done, todo = _run_on(container, conn, todo)
        settled += done
    return settled


def _run_on(
    container: Container, conn: Connection, todo: list[_Unit[Any]]
) -> tuple[list[Outcome], list[_Unit[Any]]]:
    """Run ``todo`` in one transaction on ``conn`` and commit it. Returns the outcomes, and
    the units to run again in a new transaction (when one failed after writing)."""
    outcomes: list[Outcome] = []
    changes = _changes(conn)
    for index, unit in enumerate(todo):
        before = changes()
        try:
            outcomes.append((unit, True, _attempt(unit.request, container, conn, unit.work)))
        except _Failed as failed:
            if changes() == before:
                _error_locale(unit.request, conn, failed.call)
                outcomes.append((unit, False, failed.error))
                continue
            # It failed after writing: undo the batch, run the others again.
            conn.rollback()
            _error_locale(unit.request, conn, failed.call)
            conn.rollback()
            settled = [o for o in outcomes if not o[1]] + [(unit, False, failed.error)]
            return settled, [o[0] for o in outcomes if o[1]] + todo[index + 1 :]
    try:
        conn.commit()
    except Exception as exc:
        outcomes = [(u, False, exc) if ok else (u, ok, v) for u, ok, v in outcomes]
    return outcomes, []


def _begin_at_once(conn: Connection) -> bool:
    """Begin the write transaction (``BEGIN IMMEDIATE``) only if SQLite's write lock is free
    now: ``False`` at once, instead of waiting, when another connection holds it."""
    raw: Any = conn.connection.driver_connection
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        conn.begin()
    except OperationalError:
        return False
    finally:
        raw.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    return True


class _Batcher:
    """The units waiting in one event loop for one kind of database, and whether a worker
    thread is running them."""

    def __init__(self, *, sqlite: bool) -> None:
        self.sqlite = sqlite
        self.lock = threading.Lock()
        self.pending: list[_Unit[Any]] = []
        self.running = False
        self.tasks: set[asyncio.Task[Any]] = set()

    async def submit(self, request: Request, container: Container, work: Work[T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self.lock:
            self.pending.append(_Unit(request, container, work, future))
            start, self.running = not self.running, True
        if start:
            if self.sqlite:
                loop.call_soon(self._drain_here, loop)
            else:
                self._to_thread(loop)
        return await future

    def _spawn(self, loop: asyncio.AbstractEventLoop, job: Coroutine[Any, Any, Any]) -> None:
        task: asyncio.Task[Any] = loop.create_task(job)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _to_thread(self, loop: asyncio.AbstractEventLoop) -> None:
        self._spawn(loop, anyio.to_thread.run_sync(self._drain, loop))

    def _alone(self, loop: asyncio.AbstractEventLoop, units: list[_Unit[Any]]) -> None:
        """In the event loop: run each unit in its own transaction in the thread pool (the
        path that may wait for locks), and hand it its result."""

        async def one(unit: _Unit[Any]) -> None:
            try:
                result = await anyio.to_thread.run_sync(
                    partial(_own_transaction, unit.request, unit.container, unit.work)
                )
            except Exception as exc:
                _settle([(unit, False, exc)])
            else:
                _settle([(unit, True, result)])

        for unit in units:
            self._spawn(loop, one(unit))

    def _drain_here(self, loop: asyncio.AbstractEventLoop) -> None:
        """SQLite, on the event loop, after the requests read in the same turn have queued:
        run the waiting units here when SQLite's write lock is free at once; whatever cannot
        (the lock is held, or a unit must run again) goes to a worker thread, which waits."""
        with self.lock:
            batch, self.pending = self.pending, []
        try:
            outcomes, left = _run_here(batch)
        except Exception as exc:  # pragma: no cover - nothing may be left waiting
            outcomes, left = [(unit, False, exc) for unit in batch], []
        _settle(outcomes)
        with self.lock:
            self.pending = left + self.pending
            if not self.pending:
                self.running = False
                return
        self._to_thread(loop)

    def _drain(self, loop: asyncio.AbstractEventLoop) -> None:
        """In a worker thread: run what is waiting, batch after batch, until nothing is."""
        batch: list[_Unit[Any]] = []
        try:
            while True:
                with self.lock:
                    # SQLite: one transaction takes them all; PostgreSQL: _PG_BATCH at most.
                    size = len(self.pending) if self.sqlite else _PG_BATCH
                    batch, self.pending = self.pending[:size], self.pending[size:]
                    if not batch:
                        self.running = False
                        return
                outcomes: list[Outcome] = []
                alone: list[_Unit[Any]] = []
                if self.sqlite:
                    with _SQLITE_GATE:
                        for group in _by_database(batch):
                            outcomes += _run_together(group[0].container, group)
                else:
                    for group in _by_database(batch):
                        done, deferred = _run_batch_pg(group[0].container, group)
                        outcomes += done
                        alone += deferred
                loop.call_soon_threadsafe(_settle, outcomes)
                if alone:
                    loop.call_soon_threadsafe(self._alone, loop, alone)
                batch = []
        except BaseException as exc:  # pragma: no cover - nothing may be left waiting
            with self.lock:
                stranded, self.pending, self.running = batch + self.pending, [], False
            loop.call_soon_threadsafe(_settle, [(u, False, exc) for u in stranded])
            raise


def _run_here(batch: list[_Unit[Any]]) -> tuple[list[Outcome], list[_Unit[Any]]]:
    """Run what can run at once on the calling thread (see ``_Batcher._drain_here``); the
    outcomes, and the units left for the worker thread."""
    if not _SQLITE_GATE.acquire(blocking=False):
        return [], batch
    left: list[_Unit[Any]] = []
    outcomes: list[Outcome] = []
    try:
        for group in _by_database(batch):
            if left:
                left += group
                continue
            container = group[0].container
            with container.db.write_engine.connect() as conn:
                if not _begin_at_once(conn):
                    left += group
                    continue
                done, left = _run_on(container, conn, group)
            outcomes += done
    finally:
        _SQLITE_GATE.release()
    return outcomes, left


def _by_database(batch: list[_Unit[Any]]) -> list[list[_Unit[Any]]]:
    """``batch`` cut where the database changes (one transaction per database)."""
    groups: list[list[_Unit[Any]]] = []
    for unit in batch:
        if groups and groups[-1][0].container is unit.container:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    return groups


# --------------------------------------------------------------------------- PostgreSQL batches

_PG_BATCH = 64  # device requests per PostgreSQL transaction at most


def _run_batch_pg(
    container: Container, units: list[_Unit[Any]]
) -> tuple[list[Outcome], list[_Unit[Any]]]:
    """Run ``units`` in one PostgreSQL transaction without waiting for any account's lock
    (see the module's description). Returns the outcomes, and the units to run alone — in
    their own transaction, which may wait — because their account was locked elsewhere, or
    a unit before them failed after writing, or the transaction itself failed."""
    with container.db.write_engine.connect() as conn:
        info = conn.info  # the driver connection's (kept: conn may be invalidated below)
        info[repository.NO_WAIT] = True
        try:
            return _batch_on(container, conn, units)
        except Exception as exc:
            if not _is_database_error(conn, exc):
                raise
            try:  # a deadlock, a lost connection…: every unit runs alone
                conn.rollback()
            except Exception:
                conn.invalidate()  # the pool opens a new one
            return [], units
        finally:
            info.pop(repository.NO_WAIT, None)


def _is_database_error(conn: Connection, exc: Exception) -> bool:
    driver_error: type[Exception] = conn.dialect.loaded_dbapi.Error
    return isinstance(exc, DBAPIError | driver_error)


def _batch_on(
    container: Container, conn: Connection, units: list[_Unit[Any]]
) -> tuple[list[Outcome], list[_Unit[Any]]]:
    now = container.clock.now()
    answers = authenticate_many(conn, bearers=[_bearer(unit.request) for unit in units], now=now)
    outcomes: list[Outcome] = []
    alone: list[_Unit[Any]] = []
    for index, (unit, answer) in enumerate(zip(units, answers, strict=True)):
        call: DeviceCall | None = None
        before = rows_written(conn)
        try:
            if isinstance(answer, Exception):
                raise answer
            call = _call_of(answer, container, conn, now)
            outcomes.append((unit, True, unit.work(call)))
        except LockedElsewhere:
            alone.append(unit)  # an account's lock comes before any write
        except Exception as exc:
            if _is_database_error(conn, exc):
                raise
            if rows_written(conn) == before:
                _error_locale(unit.request, conn, call)
                outcomes.append((unit, False, exc))
                continue
            # It failed after writing: undo the batch; the others run alone.
            conn.rollback()
            _error_locale(unit.request, conn, call)
            conn.rollback()
            failed = [o for o in outcomes if not o[1]] + [(unit, False, exc)]
            return failed, alone + [o[0] for o in outcomes if o[1]] + units[index + 1 :]
    conn.commit()
    return outcomes, alone


_BATCHERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[bool, _Batcher]] = (
    weakref.WeakKeyDictionary()
)


def _batcher(container: Container) -> _Batcher:
    loop = asyncio.get_running_loop()
    kinds = _BATCHERS.get(loop)
    if kinds is None:
        kinds = _BATCHERS[loop] = {}
    sqlite = container.db.is_sqlite
    found = kinds.get(sqlite)
    if found is None:
        found = kinds[sqlite] = _Batcher(sqlite=sqlite)
    return found
