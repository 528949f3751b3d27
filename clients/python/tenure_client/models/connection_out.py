from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connection_out_status import ConnectionOutStatus

T = TypeVar("T", bound="ConnectionOut")


@_attrs_define
class ConnectionOut:
    """
    Attributes:
        account_id (str):
        device_id (str):
        end_reason (None | str):
        ended_at (datetime.datetime | None):
        expires_at (datetime.datetime): Send a heartbeat before this instant.
        heartbeat_interval_seconds (int): A good interval: a third of the TTL.
        holder_id (str):
        holder_type (str): account (its own subscriptions) or license (VL-13).
        id (str):
        is_vm (bool):
        last_heartbeat_at (datetime.datetime):
        limit (int | None): Simultaneous connections allowed, as last read from the entitlement.
        started_at (datetime.datetime):
        status (ConnectionOutStatus):
    """

    account_id: str
    device_id: str
    end_reason: None | str
    ended_at: datetime.datetime | None
    expires_at: datetime.datetime
    heartbeat_interval_seconds: int
    holder_id: str
    holder_type: str
    id: str
    is_vm: bool
    last_heartbeat_at: datetime.datetime
    limit: int | None
    started_at: datetime.datetime
    status: ConnectionOutStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        device_id = self.device_id

        end_reason: None | str
        end_reason = self.end_reason

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        expires_at = self.expires_at.isoformat()

        heartbeat_interval_seconds = self.heartbeat_interval_seconds

        holder_id = self.holder_id

        holder_type = self.holder_type

        id = self.id

        is_vm = self.is_vm

        last_heartbeat_at = self.last_heartbeat_at.isoformat()

        limit: int | None
        limit = self.limit

        started_at = self.started_at.isoformat()

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "device_id": device_id,
                "end_reason": end_reason,
                "ended_at": ended_at,
                "expires_at": expires_at,
                "heartbeat_interval_seconds": heartbeat_interval_seconds,
                "holder_id": holder_id,
                "holder_type": holder_type,
                "id": id,
                "is_vm": is_vm,
                "last_heartbeat_at": last_heartbeat_at,
                "limit": limit,
                "started_at": started_at,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        device_id = d.pop("device_id")

        def _parse_end_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        end_reason = _parse_end_reason(d.pop("end_reason"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        heartbeat_interval_seconds = d.pop("heartbeat_interval_seconds")

        holder_id = d.pop("holder_id")

        holder_type = d.pop("holder_type")

        id = d.pop("id")

        is_vm = d.pop("is_vm")

        last_heartbeat_at = datetime.datetime.fromisoformat(d.pop("last_heartbeat_at"))

        def _parse_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        limit = _parse_limit(d.pop("limit"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        status = ConnectionOutStatus(d.pop("status"))

        connection_out = cls(
            account_id=account_id,
            device_id=device_id,
            end_reason=end_reason,
            ended_at=ended_at,
            expires_at=expires_at,
            heartbeat_interval_seconds=heartbeat_interval_seconds,
            holder_id=holder_id,
            holder_type=holder_type,
            id=id,
            is_vm=is_vm,
            last_heartbeat_at=last_heartbeat_at,
            limit=limit,
            started_at=started_at,
            status=status,
        )

        connection_out.additional_properties = d
        return connection_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
