from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LiveConnectionOut")


@_attrs_define
class LiveConnectionOut:
    """
    Attributes:
        device_id (str):
        device_name (str):
        expires_at (datetime.datetime):
        id (str):
        is_vm (bool):
        last_heartbeat_at (datetime.datetime):
        platform (str):
        started_at (datetime.datetime):
    """

    device_id: str
    device_name: str
    expires_at: datetime.datetime
    id: str
    is_vm: bool
    last_heartbeat_at: datetime.datetime
    platform: str
    started_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        device_name = self.device_name

        expires_at = self.expires_at.isoformat()

        id = self.id

        is_vm = self.is_vm

        last_heartbeat_at = self.last_heartbeat_at.isoformat()

        platform = self.platform

        started_at = self.started_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "device_id": device_id,
                "device_name": device_name,
                "expires_at": expires_at,
                "id": id,
                "is_vm": is_vm,
                "last_heartbeat_at": last_heartbeat_at,
                "platform": platform,
                "started_at": started_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_id = d.pop("device_id")

        device_name = d.pop("device_name")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = d.pop("id")

        is_vm = d.pop("is_vm")

        last_heartbeat_at = datetime.datetime.fromisoformat(d.pop("last_heartbeat_at"))

        platform = d.pop("platform")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        live_connection_out = cls(
            device_id=device_id,
            device_name=device_name,
            expires_at=expires_at,
            id=id,
            is_vm=is_vm,
            last_heartbeat_at=last_heartbeat_at,
            platform=platform,
            started_at=started_at,
        )

        live_connection_out.additional_properties = d
        return live_connection_out

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
