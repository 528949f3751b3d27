"""What other packages' statements need of the devices table (the connection leases' hot
path builds its statements once, at import, and joins devices in SQL: no extra round trip).

Only reads: devices are written by this package alone (``.importlinter`` keeps its models
and repository to it).
"""

from __future__ import annotations

from typing import Any, TypeVarTuple, cast

from sqlalchemy import ColumnElement, FromClause, Join, Select, Table, bindparam, select
from sqlalchemy.orm import InstrumentedAttribute

from tenure.devices.models import Device

_Ts = TypeVarTuple("_Ts")

_DEVICES = cast(Table, Device.__table__)


def facts_statement(key: str) -> Select[Any]:
    """``account_id, is_vm, unlinked_at`` of the device whose id is bound as ``key``."""
    return select(_DEVICES.c.account_id, _DEVICES.c.is_vm, _DEVICES.c.unlinked_at).where(
        _DEVICES.c.id == bindparam(key)
    )


def join_view(
    left: FromClause, device_id: ColumnElement[str]
) -> tuple[Join, tuple[ColumnElement[Any], ...]]:
    """``left`` joined to the device ``device_id`` names, and the device's ``id, name,
    platform``."""
    return left.join(_DEVICES, _DEVICES.c.id == device_id), (
        _DEVICES.c.id,
        _DEVICES.c.name,
        _DEVICES.c.platform,
    )


def with_device(
    statement: Select[*_Ts], device_id: InstrumentedAttribute[str]
) -> Select[*_Ts, Device]:
    """``statement`` with the :class:`Device` (ORM) that ``device_id`` names added to each
    row, joined in the same query."""
    joined: Select[*_Ts, Device] = statement.add_columns(Device)
    return joined.join(Device, Device.id == device_id)
