"""kit.direct: a Core statement run straight on the driver stores and reads values exactly
as SQLAlchemy does, inside the caller's transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update

from tenure.container import Container
from tenure.events.models import Event
from tenure.kit.direct import Direct, pipeline, rows_written

EVENTS = cast(Table, Event.__table__)
COLUMNS = ("id", "type", "occurred_at", "actor_kind", "actor_id", "account_id",
           "subject_type", "subject_id", "data")  # fmt: skip
INSERT = Direct(insert(EVENTS), keys=COLUMNS)
BY_ID = Direct(select(*(EVENTS.c[name] for name in COLUMNS)).where(EVENTS.c.id == bindparam("id")))
COUNT = Direct(select(func.count()).select_from(EVENTS).where(EVENTS.c.type == bindparam("type")))

LATE_IN_COPENHAGEN = datetime(2026, 3, 29, 1, 30, 15, 250, tzinfo=timezone(timedelta(hours=2)))


def _row(event_id: str, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": event_id,
        "type": "direct.test",
        "occurred_at": LATE_IN_COPENHAGEN,
        "actor_kind": "system",
        "actor_id": None,
        "account_id": "acct_1",
        "subject_type": "thing",
        "subject_id": "thing_1",
        "data": {"limit": 8, "is_vm": True, "name": "Ærø", "nested": [1, None]},
    }
    row.update(changes)
    return row


def test_values_round_trip_as_sqlalchemy_stores_and_reads_them(container: Container) -> None:
    engine = container.db.write_engine
    with engine.connect() as conn:
        INSERT.run(conn, _row("evt_direct"))  # written directly
        conn.execute(insert(EVENTS), _row("evt_core"))  # written by SQLAlchemy
        conn.commit()
    with engine.connect() as conn:
        for event_id in ("evt_direct", "evt_core"):
            core = conn.execute(
                select(*(EVENTS.c[name] for name in COLUMNS)).where(EVENTS.c.id == event_id)
            ).one()
            direct = BY_ID.first(conn, {"id": event_id})
            assert direct == tuple(core)  # read directly = read by SQLAlchemy
            assert direct is not None
            occurred_at = direct[2]
            assert occurred_at == LATE_IN_COPENHAGEN and occurred_at.tzinfo == UTC
            assert direct[8] == {"limit": 8, "is_vm": True, "name": "Ærø", "nested": [1, None]}
            assert direct[4] is None
        assert BY_ID.first(conn, {"id": "evt_missing"}) is None


def test_a_statement_runs_inside_the_callers_transaction(container: Container) -> None:
    engine = container.db.write_engine
    with engine.connect() as conn:
        INSERT.run(conn, _row("evt_undone", type="direct.undone"))
        assert COUNT.all(conn, {"type": "direct.undone"}) == [(1,)]  # seen in the transaction
        conn.rollback()
    with engine.connect() as conn:
        assert COUNT.all(conn, {"type": "direct.undone"}) == [(0,)]  # and undone with it


def test_statements_sent_in_a_pipeline_are_answered_in_order(container: Container) -> None:
    engine = container.db.write_engine
    with engine.connect() as conn:
        with pipeline(conn):
            INSERT.run(conn, _row("evt_p1", type="direct.pipeline"))
            first = COUNT.send(conn, {"type": "direct.pipeline"})
            INSERT.run(conn, _row("evt_p2", type="direct.pipeline"))
            second = COUNT.send(conn, {"type": "direct.pipeline"})
            found = BY_ID.send(conn, {"id": "evt_p2"})
        # Each statement saw the writes sent before it, and only those.
        assert first.first() == (1,)
        assert second.first() == (2,)
        row = found.first()
        assert row is not None and row[0] == "evt_p2"
        conn.commit()
    with engine.connect() as conn:
        assert COUNT.all(conn, {"type": "direct.pipeline"}) == [(2,)]


RENAME = Direct(
    update(EVENTS)
    .where(EVENTS.c.id == bindparam("event_id"))
    .values(subject_id=bindparam("subject"))
    .returning(EVENTS.c.id)
)


def test_rows_written_counts_what_the_statements_wrote(container: Container) -> None:
    with container.db.write_engine.connect() as conn:
        start = rows_written(conn)
        INSERT.run(conn, _row("evt_counted"))
        assert rows_written(conn) == start + 1
        assert RENAME.first(conn, {"event_id": "evt_nowhere", "subject": "x"}) is None
        assert rows_written(conn) == start + 1  # matched nothing, wrote nothing
        assert RENAME.first(conn, {"event_id": "evt_counted", "subject": "x"}) == ("evt_counted",)
        assert rows_written(conn) == start + 2
        BY_ID.first(conn, {"id": "evt_counted"})  # reading writes nothing
        assert rows_written(conn) == start + 2
        conn.rollback()
