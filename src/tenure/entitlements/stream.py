"""The entitlement push stream (APP-10): server-sent events that carry the caller's
entitlement at once and again within seconds of every change, on whichever API process the
change happened.

The database is the source of truth. Every state change writes an ``events`` row in its own
transaction, so an API process learns of changes made by any other process by reading that
table. One :class:`EventWatcher` per process reads the rows newer than the last one it saw
(one indexed query on the primary key per ``poll_interval``, whatever the number of open
streams, and only while at least one stream is open) and wakes the streams of the accounts
the rows belong to. A woken stream re-reads the entitlement and sends it if its ETag
changed; as a safety net every stream also re-reads it every ``recheck_interval`` (time
alone can change an entitlement: a trial or grace that runs out before the scheduler's next
sweep).

Nothing is held while a stream is idle: no database session or transaction (every read is a
short transaction of its own in a worker thread, ``run_in_threadpool``) and no worker
thread (the stream waits on an ``asyncio.Event`` with a timeout).

Row numbers (``seq``) come from a sequence on PostgreSQL, and two transactions may commit
out of order: 11 may be visible before 10. :class:`SeqCursor` remembers such holes for
``gap_patience`` seconds and asks for them again, so a late commit is not missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import structlog
from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool

from tenure.api.errors import error_body
from tenure.events import service as events
from tenure.kit.errors import TenureError
from tenure.kit.i18n import gettext

if TYPE_CHECKING:
    from tenure.kit.db import Database

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class StreamSettings:
    """How often a stream looks, and how long it lives (seconds)."""

    poll_interval: float = 1.0  # the watcher's read of new event rows
    keepalive_interval: float = 15.0  # a comment line, so proxies keep the connection open
    recheck_interval: float = 60.0  # re-read the entitlement even without an event
    max_lifetime: float = 3600.0  # then the stream ends and the client reconnects
    retry_ms: int = 2000  # the reconnection delay suggested to the client
    gap_patience: float = 10.0  # how long a hole in ``seq`` is asked for again
    batch: int = 2000  # event rows read at once
    token_refresh: float | None = None  # a fresh token; None: half its lifetime


def stream_settings(app: FastAPI) -> StreamSettings:
    """The app's settings for streams (tests set ``app.state.entitlement_stream``)."""
    found = getattr(app.state, "entitlement_stream", None)
    return found if isinstance(found, StreamSettings) else StreamSettings()


# --------------------------------------------------------------------------- the cursor


@dataclass
class SeqCursor:
    """The highest event ``seq`` seen, and the holes below it that may still fill in."""

    last: int
    patience: float
    max_gaps: int = 1000
    gaps: dict[int, float] = field(default_factory=dict)  # seq -> when first missed

    def advance(self, seen: Iterable[int], *, now: float) -> None:
        seen_set = set(seen)
        for seq in seen_set:
            self.gaps.pop(seq, None)
        top = max(seen_set, default=self.last)
        if top > self.last:
            if top - self.last <= 10 * self.max_gaps:
                for missing in range(self.last + 1, top):
                    if missing not in seen_set:
                        self.gaps[missing] = now
            self.last = top
        self.expire(now=now)

    def expire(self, *, now: float) -> None:
        for seq, since in list(self.gaps.items()):
            if now - since > self.patience:
                del self.gaps[seq]
        if len(self.gaps) > self.max_gaps:
            for seq in sorted(self.gaps)[: len(self.gaps) - self.max_gaps]:
                del self.gaps[seq]


def _start_cursor(db: Database, *, patience: float, now: float) -> SeqCursor:
    """Start after the newest row, remembering recent holes (a transaction may still be
    about to commit a lower ``seq``)."""
    with db.transaction(write=False) as session:
        last = events.newest_seq(session)
        recent = events.seqs_above(session, last - 200)
    cursor = SeqCursor(last=max(0, last - 200), patience=patience)
    cursor.advance(recent, now=now)
    cursor.last = max(cursor.last, last)
    return cursor


def _read_new(
    db: Database, *, after: int, gaps: Sequence[int], limit: int
) -> list[tuple[int, str | None]]:
    with db.transaction(write=False) as session:
        return events.accounts_after(session, after=after, gaps=gaps, limit=limit)


# --------------------------------------------------------------------------- the watcher


class EventWatcher:
    """One per API process (and event loop): polls the events table while streams listen."""

    def __init__(self, db: Database, settings: StreamSettings) -> None:
        self.db = db
        self.settings = settings
        self.loop = asyncio.get_running_loop()
        self._listeners: dict[str, set[asyncio.Event]] = defaultdict(set)
        self._cursor: SeqCursor | None = None
        self._task: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()

    @property
    def listening(self) -> int:
        return sum(len(v) for v in self._listeners.values())

    @asynccontextmanager
    async def listen(self, account_ids: Iterable[str]) -> AsyncIterator[asyncio.Event]:
        """An event set whenever a new row of one of ``account_ids`` is seen."""
        wake = asyncio.Event()
        watched = set(account_ids)
        for account_id in watched:
            self._listeners[account_id].add(wake)
        try:
            async with self._starting:
                if self._cursor is None:
                    self._cursor = await run_in_threadpool(
                        _start_cursor,
                        self.db,
                        patience=self.settings.gap_patience,
                        now=time.monotonic(),
                    )
                if self._task is None or self._task.done():
                    self._task = asyncio.create_task(self._run(), name="entitlement-events")
            yield wake
        finally:
            for account_id in watched:
                waiting = self._listeners.get(account_id)
                if waiting is not None:
                    waiting.discard(wake)
                    if not waiting:
                        del self._listeners[account_id]

    async def _run(self) -> None:
        try:
            while self._listeners:
                full = False
                try:
                    full = await self._poll_once()
                except Exception:  # the database may be away for a moment; try again
                    log.exception("entitlement stream: reading events failed")
                if not full:
                    await asyncio.sleep(self.settings.poll_interval)
        finally:
            self._task = None
            self._cursor = None  # start again after the newest row next time

    async def _poll_once(self) -> bool:
        cursor = self._cursor
        if cursor is None:
            return False
        rows = await run_in_threadpool(
            _read_new,
            self.db,
            after=cursor.last,
            gaps=sorted(cursor.gaps),
            limit=self.settings.batch,
        )
        cursor.advance((seq for seq, _ in rows), now=time.monotonic())
        for account_id in {account for _, account in rows if account is not None}:
            for wake in self._listeners.get(account_id, ()):
                wake.set()
        return len(rows) >= self.settings.batch


def watcher_for(app: FastAPI, db: Database) -> EventWatcher:
    """The process's watcher for the running event loop."""
    found = getattr(app.state, "entitlement_watcher", None)
    loop = asyncio.get_running_loop()
    if isinstance(found, EventWatcher) and found.loop is loop and found.db is db:
        return found
    made = EventWatcher(db, stream_settings(app))
    app.state.entitlement_watcher = made
    return made


# --------------------------------------------------------------------------- the stream


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One reading of the entitlement: its canonical JSON and ETag, and the accounts whose
    events may change it (its own, and the organizations' that grant it a subscription)."""

    body: bytes
    etag: str
    watch: frozenset[str] = frozenset()

    @property
    def event_id(self) -> str:
        return self.etag.strip('"')


def entitlement_event(snapshot: Snapshot) -> bytes:
    return (
        b"event: entitlement\nid: "
        + snapshot.event_id.encode()
        + b"\ndata: "
        + snapshot.body
        + b"\n\n"
    )


def token_event(data: bytes) -> bytes:
    """The signed offline entitlement token (X-9) as its own event, without an ``id`` (so the
    client's ``Last-Event-ID`` stays the entitlement's)."""
    return b"event: token\ndata: " + data + b"\n\n"


def error_event(exc: TenureError, locale: str) -> bytes:
    message = exc.render(lambda text: gettext(text, locale))
    extra = {k: v if isinstance(v, str | int | float | bool | list) or v is None else str(v)
             for k, v in exc.params.items()}  # fmt: skip
    body = json.dumps(error_body(exc.code, message, **extra), separators=(",", ":"))
    return b"event: error\ndata: " + body.encode() + b"\n\n"


async def entitlement_events(
    request: Request,
    *,
    watcher: EventWatcher,
    account_id: str,
    first: Snapshot,
    take: Callable[[], Awaitable[Snapshot]],
    resume_from: str | None,
    locale: str,
    settings: StreamSettings,
    clock: Callable[[], float] = time.monotonic,
    take_token: Callable[[], Awaitable[bytes]] | None = None,
    token_refresh: float = 0.0,
) -> AsyncIterator[bytes]:
    """The body of the stream: ``retry``, the current entitlement (unless the client resumes
    with ``Last-Event-ID`` equal to it), then a new ``entitlement`` event whenever it changes,
    keep-alive comments in between, until the client leaves, the credential stops working or
    ``max_lifetime`` has passed.

    With ``take_token`` (X-9), a ``token`` event (the signed offline entitlement token)
    follows every ``entitlement`` event (and the resumed note), and a fresh one is sent
    every ``token_refresh`` seconds even when nothing changes."""
    started = clock()
    deadline = started + settings.max_lifetime
    never = float("inf")
    next_token = never
    yield f"retry: {settings.retry_ms}\n\n".encode()
    if resume_from is not None and resume_from.strip().strip('"') == first.event_id:
        yield b": resumed; the entitlement has not changed\n\n"
    else:
        yield entitlement_event(first)
    if take_token is not None:
        try:
            yield token_event(await take_token())
        except TenureError as exc:
            yield error_event(exc, locale)
            return
        next_token = clock() + token_refresh
    current = first
    next_keepalive = started + settings.keepalive_interval
    next_recheck = started + settings.recheck_interval
    watching = first.watch | {account_id}
    while True:  # listen again when the accounts to watch change (joined, left, removed)
        async with watcher.listen(watching) as wake:
            wake.set()  # re-read once: a change may have committed since the last read
            while True:
                now = clock()
                if now >= deadline:
                    yield b": the stream has reached its maximum lifetime; reconnect\n\n"
                    return
                timeout = min(
                    settings.poll_interval,
                    next_keepalive - now,
                    next_recheck - now,
                    next_token - now,
                    deadline - now,
                )
                if not wake.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(wake.wait(), timeout=max(0.0, timeout))
                if await request.is_disconnected():
                    return
                now = clock()
                read = wake.is_set() or now >= next_recheck
                if read:
                    wake.clear()
                    next_recheck = now + settings.recheck_interval
                    try:
                        snapshot = await take()
                    except TenureError as exc:  # signed out, revoked, app too old …
                        yield error_event(exc, locale)
                        return
                    if snapshot.etag != current.etag:
                        current = snapshot
                        yield entitlement_event(snapshot)
                        next_keepalive = clock() + settings.keepalive_interval
                        next_token = min(next_token, now)  # its token follows at once
                    if snapshot.watch | {account_id} != watching:
                        watching = snapshot.watch | {account_id}
                        break
                if take_token is not None and clock() >= next_token:
                    try:
                        data = await take_token()
                    except TenureError as exc:
                        yield error_event(exc, locale)
                        return
                    yield token_event(data)
                    now = clock()
                    next_token = now + token_refresh
                    next_keepalive = now + settings.keepalive_interval
                    continue
                if read:
                    continue
                if now >= next_keepalive:
                    yield b": keep-alive\n\n"
                    next_keepalive = now + settings.keepalive_interval


def sse_headers() -> dict[str, Any]:
    return {
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",  # nginx: pass events through at once
    }
