"""Every query on the webhook tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import CursorResult, Row, Table, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from tenure.kit.pages import Window, keyset
from tenure.webhooks.models import (
    FAILED,
    PENDING,
    SENDING,
    WebhookAttempt,
    WebhookCursor,
    WebhookDelivery,
    WebhookEndpoint,
)

CURSOR_ID = "events"


def endpoint(
    session: Session, endpoint_id: str, *, for_update: bool = False
) -> WebhookEndpoint | None:
    return session.get(WebhookEndpoint, endpoint_id, with_for_update=for_update)


def endpoints(session: Session, *, window: Window) -> Sequence[WebhookEndpoint]:
    return session.scalars(keyset(select(WebhookEndpoint), [WebhookEndpoint.id], window)).all()


def enabled_endpoints(session: Session) -> Sequence[WebhookEndpoint]:
    return session.scalars(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.enabled.is_(True))
        .order_by(WebhookEndpoint.id)
    ).all()


def delete_endpoint(session: Session, endpoint_id: str) -> None:
    for table in (WebhookAttempt, WebhookDelivery):
        session.execute(delete(table).where(table.endpoint_id == endpoint_id))
    session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id))


# --- the cursor over the events -------------------------------------------------------


def cursor(session: Session, *, start: int, now: datetime) -> WebhookCursor:
    """The fan-out cursor, locked for this transaction (made at ``start`` the first time)."""
    found = session.get(WebhookCursor, CURSOR_ID, with_for_update=True)
    if found is None:
        found = WebhookCursor(id=CURSOR_ID, last_seq=start, gaps={}, updated_at=now)
        session.add(found)
        session.flush()
    return found


def cursor_seq(session: Session) -> int | None:
    return session.scalar(select(WebhookCursor.last_seq).where(WebhookCursor.id == CURSOR_ID))


# --- deliveries -----------------------------------------------------------------------


_DELIVERIES = cast(Table, WebhookDelivery.__table__)


@cache
def _insert_new(dialect: str) -> Insert:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(_DELIVERIES).on_conflict_do_nothing(index_elements=["endpoint_id", "event_seq"])


def add_deliveries(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert deliveries; one whose endpoint already has its event is left as it is."""
    if rows:
        session.execute(_insert_new(session.get_bind().dialect.name), list(rows))


def claim_due(session: Session, *, now: datetime, limit: int) -> list[Row[str, str, int, str]]:
    """Up to ``limit`` deliveries to try at ``now`` (``id, endpoint_id, event_seq,
    event_id``), locked for this transaction: those whose sending lease ran out (their worker
    died), then the pending ones due longest, in event order. ``FOR UPDATE SKIP LOCKED`` on
    PostgreSQL lets several workers claim at once; SQLite's write transactions run one at a
    time. Two queries rather than ``status IN (…)``, so each is a range scan of the index."""
    claimed: list[Row[str, str, int, str]] = []
    for status in (SENDING, PENDING):
        if len(claimed) >= limit:
            break
        claimed.extend(
            session.execute(
                select(
                    WebhookDelivery.id,
                    WebhookDelivery.endpoint_id,
                    WebhookDelivery.event_seq,
                    WebhookDelivery.event_id,
                )
                .where(WebhookDelivery.status == status, WebhookDelivery.next_attempt_at <= now)
                .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.event_seq)
                .limit(limit - len(claimed))
                .with_for_update(skip_locked=True)
            ).all()
        )
    return claimed


def set_many(session: Session, ids: Sequence[str], **values: Any) -> None:
    """One UPDATE of the deliveries ``ids`` (expressions allowed, e.g. ``attempts + 1``)."""
    for start in range(0, len(ids), 500):
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(ids[start : start + 500]))
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def add_attempts(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(WebhookAttempt), list(rows))


def renew_leases(session: Session, *, lease: str, until: datetime) -> int:
    result = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.lease == lease, WebhookDelivery.status == SENDING)
        .values(next_attempt_at=until)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount


def held_ids(session: Session, *, lease: str) -> set[str]:
    """The deliveries still held under ``lease``, locked."""
    return set(
        session.scalars(
            select(WebhookDelivery.id)
            .where(WebhookDelivery.lease == lease, WebhookDelivery.status == SENDING)
            .with_for_update()
        ).all()
    )


def endpoints_by_id(
    session: Session, ids: Sequence[str], *, for_update: bool = False
) -> dict[str, WebhookEndpoint]:
    query = select(WebhookEndpoint).where(WebhookEndpoint.id.in_(ids))
    if for_update:
        query = query.with_for_update()
    return {row.id: row for row in session.scalars(query).all()}


def next_due_at(session: Session) -> datetime | None:
    return session.scalar(
        select(func.min(WebhookDelivery.next_attempt_at)).where(
            WebhookDelivery.status.in_((PENDING, SENDING))
        )
    )


def delivery(
    session: Session, delivery_id: str, *, for_update: bool = False
) -> WebhookDelivery | None:
    return session.get(WebhookDelivery, delivery_id, with_for_update=for_update)


def deliveries(
    session: Session, endpoint_id: str, *, status: str | None, window: Window
) -> Sequence[WebhookDelivery]:
    """An endpoint's deliveries, newest first."""
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    return session.scalars(
        keyset(query, [WebhookDelivery.created_at, WebhookDelivery.id], window, descending=True)
    ).all()


def for_events(
    session: Session, endpoint_id: str, seqs: Sequence[int]
) -> dict[int, WebhookDelivery]:
    rows = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.event_seq.in_(seqs))
        .with_for_update()
    ).all()
    return {row.event_seq: row for row in rows}


def attempts(session: Session, delivery_id: str) -> Sequence[WebhookAttempt]:
    return session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery_id)
        .order_by(WebhookAttempt.attempted_at, WebhookAttempt.id)
    ).all()


def counts(session: Session) -> dict[str, int]:
    """Deliveries waiting, in flight and failed (``retrying``: waiting after at least one
    failed attempt); delivered ones are not counted (a range of the due index each)."""
    found = dict.fromkeys((PENDING, SENDING, FAILED), 0)
    rows = session.execute(
        select(WebhookDelivery.status, func.count())
        .where(WebhookDelivery.status.in_((PENDING, SENDING, FAILED)))
        .group_by(WebhookDelivery.status)
    ).all()
    for status, count in rows:
        found[status] = count
    found["retrying"] = (
        session.scalar(
            select(func.count()).where(
                WebhookDelivery.status == PENDING, WebhookDelivery.attempts > 0
            )
        )
        or 0
    )
    return found


def disabled_for_failing(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                WebhookEndpoint.enabled.is_(False), WebhookEndpoint.disabled_reason == "failing"
            )
        )
        or 0
    )


def oldest_undelivered(session: Session) -> datetime | None:
    return session.scalar(
        select(func.min(WebhookDelivery.created_at)).where(
            WebhookDelivery.status.in_((PENDING, SENDING))
        )
    )
