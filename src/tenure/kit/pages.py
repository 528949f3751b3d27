"""Keyset pagination for every list (X-11): a *window* (how many rows, after which sort key)
applied to a query or to a list, and the opaque cursor that carries the sort key.

A list is always read in one stable order — a sort key that ends with a unique column (the
public id, or an event's sequence number) — and a page is "the next ``limit`` rows after the
key of the last row the client saw". The cursor is that key, as JSON in URL-safe base64: it
is opaque to clients (they only send back ``next_cursor``), survives rows being added
between pages (no row is skipped or repeated) and costs an index range scan, not an OFFSET.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, false, or_
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from tenure.kit.clock import ensure_utc
from tenure.kit.errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 512

Row = TypeVar("Row")
Key = tuple[Any, ...]
Column = ColumnElement[Any] | InstrumentedAttribute[Any]


def invalid_cursor() -> InvalidInput:
    return InvalidInput(
        "invalid_cursor",
        "The cursor is not valid: send the next_cursor of the previous page, or no cursor "
        "for the first page.",
        field="cursor",
    )


def _scalar(value: Any) -> Any:
    if isinstance(value, datetime):
        # Fixed width (microseconds always), so encoded keys also compare as strings.
        return ensure_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def encode_cursor(key: Key) -> str:
    text = json.dumps([_scalar(v) for v in key], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """The sort key a cursor carries, as JSON scalars; ``invalid_cursor`` when it is not one
    of ours."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid_cursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeError):
        raise invalid_cursor() from None
    if (
        not isinstance(values, list)
        or not values
        or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values)
    ):
        raise invalid_cursor()
    return values


@dataclass(frozen=True, slots=True)
class Window:
    """One page of a list: at most ``limit`` rows after the sort key ``after`` (decoded from
    the client's cursor; ``None`` for the first page)."""

    limit: int = DEFAULT_LIMIT
    after: list[Any] | None = None

    @classmethod
    def of(cls, limit: int, cursor: str | None) -> Window:
        return cls(limit=limit, after=decode_cursor(cursor) if cursor else None)


def _typed(value: Any, column: Column) -> Any:
    """A cursor value as the Python type of the column it is compared with."""
    column_type = column.type
    if isinstance(column_type, TypeDecorator):  # e.g. UTCDateTime: the type it stores
        column_type = column_type.impl_instance
    kind = column_type.python_type
    if issubclass(kind, datetime):
        if not isinstance(value, str):
            raise invalid_cursor()
        try:
            return ensure_utc(datetime.fromisoformat(value))
        except ValueError:
            raise invalid_cursor() from None
    if issubclass(kind, bool):  # written as 0 or 1 (a key holds no JSON booleans)
        if value not in (0, 1) or not isinstance(value, int):
            raise invalid_cursor()
        return bool(value)
    if not isinstance(value, kind):
        raise invalid_cursor()
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise invalid_cursor()
    return value


def keyset(
    query: Select[Any],
    order: Sequence[Column],
    window: Window | None,
    *,
    descending: bool = False,
) -> Select[Any]:
    """``query`` in the order ``order`` (the last column unique), from after the window's
    key, one row more than the window holds (so the caller knows whether more follow).
    Without a window: every row, in that order (for callers inside Tenure)."""
    ordered = [column.desc() if descending else column.asc() for column in order]
    if window is None:
        return query.order_by(*ordered)
    if window.after is not None:
        if len(window.after) != len(order):
            raise invalid_cursor()
        values = [_typed(v, column) for v, column in zip(window.after, order, strict=True)]
        clauses = []
        for index, column in enumerate(order):
            beyond = _beyond(column, values[index], descending=descending)
            equal = [order[i] == values[i] for i in range(index)]
            clauses.append(and_(*equal, beyond) if equal else beyond)
        query = query.where(or_(*clauses))
    return query.order_by(*ordered).limit(window.limit + 1)


def _beyond(column: Column, value: Any, *, descending: bool) -> ColumnElement[bool]:
    """``column`` sorts after ``value`` (SQL compares booleans only with ``IS``)."""
    if isinstance(value, bool):  # false sorts before true
        if descending:
            return column.is_(False) if value else false()
        return column.is_(True) if not value else false()
    compared: ColumnElement[bool] = column < value if descending else column > value
    return compared


def window_of(
    rows: Iterable[Row], key: Callable[[Row], Key], window: Window, *, descending: bool = False
) -> list[Row]:
    """The same, for rows already in memory (short lists computed row by row): sorted by
    ``key``, from after the window's key, at most ``limit + 1`` rows."""
    encoded = sorted(
        ((tuple(_scalar(v) for v in key(row)), row) for row in rows),
        key=lambda pair: pair[0],
        reverse=descending,
    )
    if window.after is not None:
        after = tuple(window.after)
        if encoded and len(encoded[0][0]) != len(after):
            raise invalid_cursor()
        try:
            encoded = [(k, row) for k, row in encoded if (k < after if descending else k > after)]
        except TypeError:
            raise invalid_cursor() from None
    return [row for _k, row in encoded[: window.limit + 1]]
