"""The only place in Tenure that reads the wall clock (X-1).

Everything else receives a :class:`Clock` and asks it for ``now()``. In production the
:class:`SystemClock` is used; tests and vendors' integrations run the server with a
:class:`SimulatedClock` whose time only moves when told to.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """A clock that stands still until it is set or advanced. Never used in production."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime.now(UTC).replace(microsecond=0)
        self._now = ensure_utc(start)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, instant: datetime) -> None:
        instant = ensure_utc(instant)
        with self._lock:
            if instant < self._now:
                raise ValueError("a simulated clock never moves backwards")
            self._now = instant

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("a simulated clock never moves backwards")
        with self._lock:
            self._now += delta
            return self._now


def ensure_utc(instant: datetime) -> datetime:
    """Refuse naive datetimes and normalise aware ones to UTC."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("naive datetimes are not allowed; give a timezone")
    return instant.astimezone(UTC)


def rfc3339(instant: datetime) -> str:
    """The one way Tenure writes an instant for clients (X-11): RFC 3339 in UTC with ``Z``,
    e.g. ``2026-01-05T12:00:00Z`` (microseconds only when there are any), as pydantic writes
    the datetimes of every response model."""
    text = ensure_utc(instant).replace(tzinfo=None).isoformat()
    return f"{text}Z"


def plain_json(value: object) -> object:
    """``value`` with every datetime in it (in dicts, lists and tuples) written by
    :func:`rfc3339`: event payloads and error parameters go through this."""
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, dict):
        return {key: plain_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(item) for item in value]
    return value
