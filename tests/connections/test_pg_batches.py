"""DEV-4 on PostgreSQL: a process runs the device requests waiting at a moment in one
transaction that never waits for an account's lock. A request whose account another
transaction has locked runs alone, in its own transaction, and waits there — without
holding up the devices of other accounts. A request failing after its writes, or the
transaction failing, sends the others to run alone; nothing of the batch is kept."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert, select

from conftest import PG_URL
from support import Api
from support.commerce import Customer, add_card, make_customer
from support.devices import buy, device_catalog, link_device, owner
from tenure.accounts.models import Account
from tenure.auth.service import Principal
from tenure.connections import units
from tenure.container import Container
from tenure.events.models import Event
from tenure.kit.direct import Direct
from tenure.kit.errors import Conflict
from tenure.kit.ids import new_id

__all__ = ["device_catalog", "owner"]

pytestmark = pytest.mark.skipif(not PG_URL, reason="PostgreSQL's batches")

ACCOUNTS = cast(Table, Account.__table__)
EVENTS = cast(Table, Event.__table__)
COLUMNS = ("id", "type", "occurred_at", "actor_kind", "actor_id", "account_id",
           "subject_type", "subject_id", "data")  # fmt: skip
INSERT_EVENT = Direct(insert(EVENTS), keys=COLUMNS)


def test_dev4_a_device_of_a_locked_account_waits_alone_others_go_on(
    owner: Customer, staff_api: Api, container: Container
) -> None:
    buy(owner, "vpn-web-1m")
    waiting_device = link_device(owner, name="Waits", platform="linux")
    other = make_customer(staff_api, "other@example.com")
    add_card(other.api)
    buy(other, "vpn-web-1m")
    free_device = link_device(other, name="Goes on", platform="linux")

    holder = container.db.write_engine.connect()  # another transaction holds the lock
    holder.execute(select(ACCOUNTS.c.id).where(ACCOUNTS.c.id == owner.id).with_for_update())
    answers: dict[str, Any] = {}

    def connect() -> None:
        answers["waited"] = waiting_device.api.post("/v1/connections", expect=201)

    thread = threading.Thread(target=connect)
    try:
        thread.start()
        time.sleep(0.3)  # its batch has met the lock and handed it on to run alone
        started = time.monotonic()
        free = free_device.api.post("/v1/connections", expect=201)
        assert time.monotonic() - started < 5
        assert free["device_id"] == free_device.id
        assert thread.is_alive()  # still waiting for the lock
    finally:
        holder.commit()
        holder.close()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert answers["waited"]["device_id"] == waiting_device.id
    listed = owner.api.get("/v1/connections")
    assert listed["live"] == 1


def _request() -> Any:
    return SimpleNamespace(headers={"accept-language": "en"}, state=SimpleNamespace())


def _unit(container: Container, work: Any) -> Any:
    return units._Unit(request=_request(), container=container, work=work,
                       future=None)  # type: ignore[arg-type]  # fmt: skip


def _write(call: units.DeviceCall, name: str, event_id: str | None = None) -> str:
    INSERT_EVENT.run(
        call.conn,
        {"id": event_id or new_id("evt"), "type": f"test.{name}", "occurred_at": call.now,
         "actor_kind": "device", "actor_id": call.device_id, "account_id": None,
         "subject_type": "test", "subject_id": name, "data": {}},
    )  # fmt: skip
    return name


def _as_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        units, "authenticate_many",
        lambda conn, *, bearers, now: [Principal("device", "dev_test", None) for _ in bearers],
    )  # fmt: skip


def _written(container: Container) -> list[str]:
    with container.db.transaction(write=False) as session:
        return list(
            session.scalars(select(Event.subject_id).where(Event.type.like("test.%"))).all()
        )


def test_dev4_a_request_failing_after_writing_undoes_the_batch_the_others_run_alone(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_device(monkeypatch)

    def broken(call: units.DeviceCall) -> str:
        _write(call, "broken")
        raise Conflict("boom", "It broke after writing.")

    def refused(call: units.DeviceCall) -> str:
        raise Conflict("connection_limit_reached", "Refused.")

    batch = [
        _unit(container, lambda call: _write(call, "first")),
        _unit(container, refused),
        _unit(container, broken),
        _unit(container, lambda call: _write(call, "last")),
    ]
    outcomes, alone = units._run_batch_pg(container, batch)
    decided = {id(unit): (ok, value) for unit, ok, value in outcomes}
    assert decided[id(batch[1])][0] is False
    assert decided[id(batch[1])][1].code == "connection_limit_reached"
    assert decided[id(batch[2])][0] is False and decided[id(batch[2])][1].code == "boom"
    assert [id(unit) for unit in alone] == [id(batch[0]), id(batch[3])]
    assert _written(container) == []  # nothing of the batch was kept


def test_dev4_a_failed_transaction_sends_every_request_to_run_alone(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_device(monkeypatch)
    batch = [
        _unit(container, lambda call: _write(call, "one", "evt_same")),
        _unit(container, lambda call: _write(call, "two", "evt_same")),  # a duplicate key
    ]
    outcomes, alone = units._run_batch_pg(container, batch)
    assert outcomes == []
    assert [id(unit) for unit in alone] == [id(unit) for unit in batch]
    assert _written(container) == []


def test_dev4_a_batch_keeps_every_request_that_succeeded(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_device(monkeypatch)
    batch = [_unit(container, lambda call, n=n: _write(call, f"n{n}")) for n in range(5)]
    outcomes, alone = units._run_batch_pg(container, batch)
    assert alone == [] and [value for _unit, ok, value in outcomes if ok] == [
        f"n{n}" for n in range(5)
    ]
    assert sorted(_written(container)) == [f"n{n}" for n in range(5)]
