"""The row of the ``events`` table: the one place that says what an event's columns hold.

The ORM path (:func:`tenure.events.service.record`) builds its :class:`Event` from
:func:`event_row`; the paths that write events without the ORM (the devices' connection
requests through ``kit.direct``, the scheduler's set-based renewals through
``kit.bulk.insert_rows``) write the same dict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Insert, Table, insert

from tenure.events.models import Event
from tenure.kit.actor import Actor
from tenure.kit.bulk import insert_rows
from tenure.kit.clock import plain_json
from tenure.kit.ids import new_id


def event_row(
    *,
    type: str,
    at: datetime,
    actor: Actor,
    subject_type: str,
    subject_id: str,
    account_id: str | None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A new event's values, keyed by column (every column but the sequence number, which
    the database assigns). Instants in ``data`` are written as RFC 3339 strings."""
    return {
        "id": new_id("evt"),
        "type": type,
        "occurred_at": at,
        "actor_kind": actor.kind,
        "actor_id": actor.id,
        "account_id": account_id,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "data": _payload(data),
    }


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _payload(data: dict[str, Any] | None) -> dict[str, Any]:
    """``data`` as stored: a copy, with instants written by :func:`plain_json`. A payload of
    plain values only (most are) is copied as it is: the scheduler writes thousands of
    events per second."""
    if not data:
        return {}
    for value in data.values():
        if type(value) not in _PLAIN:
            payload: dict[str, Any] = plain_json(data)  # type: ignore[assignment]
            return payload
    return dict(data)


def insert_many(connection: Connection, events: Sequence[Mapping[str, Any]]) -> None:
    """Write events built by :func:`event_row` in one multi-row statement."""
    insert_rows(connection, cast(Table, Event.__table__), events)


def insert_statement() -> tuple[Insert, tuple[str, ...]]:
    """The ``INSERT`` of one event row as :func:`event_row` builds it, and the columns it
    gives (every column but the sequence number), for writers without the ORM that build
    their statement once (the devices' connection requests through ``kit.direct``)."""
    table = cast(Table, Event.__table__)
    return insert(table), tuple(column.key for column in table.columns if column.key != "seq")
