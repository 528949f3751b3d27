"""DEV-4 on SQLite: concurrent device requests run in one transaction (group commit). A
request that fails keeps nothing it wrote and does not cost the others theirs."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from conftest import PG_URL
from tenure.connections import units
from tenure.container import Container
from tenure.events.models import Event
from tenure.kit.errors import Conflict
from tenure.kit.ids import new_id

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="group commit is SQLite's path")


def _write(call: units.DeviceCall, name: str) -> None:
    call.conn.execute(
        insert(Event.__table__),  # type: ignore[arg-type]
        {"id": new_id("evt"), "type": f"test.{name}", "occurred_at": call.now,
         "actor_kind": "device", "actor_id": call.device_id, "account_id": None,
         "subject_type": "test", "subject_id": name, "data": {}},
    )  # fmt: skip


def _as_device(container: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every unit runs as the device ``dev_test`` (no token needed)."""
    now = container.clock.now()
    monkeypatch.setattr(
        units, "_device_call", lambda request, container, conn: units.DeviceCall(
            conn, "dev_test", None, now, 60)
    )  # fmt: skip


def _unit(container: Container, loop: asyncio.AbstractEventLoop, work: Any) -> Any:
    # The request is only read for its Accept-Language (the error's language).
    request = SimpleNamespace(headers={"accept-language": "en"}, state=SimpleNamespace())
    return units._Unit(request=request, container=container, work=work,  # type: ignore[arg-type]
                       future=loop.create_future())  # fmt: skip


def test_dev4_a_request_failing_after_its_writes_is_undone_alone(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_device(container, monkeypatch)

    def ok(name: str) -> Any:
        def work(call: units.DeviceCall) -> str:
            _write(call, name)
            return name

        return work

    def fails_after_writing(call: units.DeviceCall) -> str:
        _write(call, "broken")
        raise Conflict("boom", "It broke after writing.")

    def refused_before_writing(call: units.DeviceCall) -> str:
        raise Conflict("connection_limit_reached", "Refused.")

    loop = asyncio.new_event_loop()
    try:
        batch = [
            _unit(container, loop, ok("first")),
            _unit(container, loop, refused_before_writing),
            _unit(container, loop, fails_after_writing),
            _unit(container, loop, ok("last")),
        ]
        outcomes = {id(unit): (ok_, value) for unit, ok_, value in
                    units._run_together(container, batch)}  # fmt: skip
    finally:
        loop.close()
    results = [outcomes[id(unit)] for unit in batch]
    assert results[0] == (True, "first") and results[3] == (True, "last")
    assert results[1][0] is False and results[1][1].code == "connection_limit_reached"
    assert results[2][0] is False and results[2][1].code == "boom"
    with container.db.transaction(write=False) as session:
        written = session.scalars(
            select(Event.subject_id).where(Event.type.like("test.%")).order_by(Event.seq)
        ).all()
        assert session.scalar(select(func.count()).select_from(Event)) == 2
    assert written == ["first", "last"]  # committed once each; nothing of the broken one


def _where_it_ran(container: Container, name: str) -> Any:
    def work(call: units.DeviceCall) -> int:
        _write(call, name)
        return threading.get_ident()

    return work


def _request() -> Any:
    return SimpleNamespace(headers={"accept-language": "en"}, state=SimpleNamespace())


def test_dev4_with_the_write_lock_free_requests_run_on_the_event_loop_itself(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_device(container, monkeypatch)

    async def main() -> tuple[int, list[int]]:
        batcher = units._Batcher(sqlite=True)
        ran = await asyncio.gather(
            *(batcher.submit(_request(), container, _where_it_ran(container, f"n{n}"))
              for n in range(5))
        )  # fmt: skip
        return threading.get_ident(), ran

    loop_thread, ran = asyncio.run(main())
    assert ran == [loop_thread] * 5  # no hop to a worker thread
    with container.db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 5


def test_dev4_a_held_write_lock_never_blocks_the_event_loop(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another connection (a CLI command, the scheduler) holds SQLite's write lock: the
    device requests wait for it in a worker thread while the event loop goes on serving,
    and complete once it is released."""
    _as_device(container, monkeypatch)
    holder = container.db.write_engine.connect()
    holder.begin()  # BEGIN IMMEDIATE: the write lock
    try:

        async def main() -> tuple[int, list[int], int]:
            batcher = units._Batcher(sqlite=True)
            waiting = [
                asyncio.ensure_future(
                    batcher.submit(_request(), container, _where_it_ran(container, f"w{n}"))
                )
                for n in range(3)
            ]
            ticks = 0
            for _ in range(20):  # the loop keeps turning while the lock is held
                await asyncio.sleep(0.01)
                ticks += 1
            assert not any(task.done() for task in waiting)
            await asyncio.get_running_loop().run_in_executor(None, holder.commit)
            ran = await asyncio.wait_for(asyncio.gather(*waiting), timeout=30)
            return threading.get_ident(), ran, ticks

        loop_thread, ran, ticks = asyncio.run(main())
    finally:
        holder.close()
    assert ticks == 20
    assert all(thread != loop_thread for thread in ran)  # waited in a worker thread
    with container.db.transaction(write=False) as session:
        names = session.scalars(select(Event.subject_id).order_by(Event.seq)).all()
    assert sorted(names) == ["w0", "w1", "w2"]
