from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_out_status import DeliveryOutStatus

T = TypeVar("T", bound="DeliveryOut")


@_attrs_define
class DeliveryOut:
    """
    Attributes:
        canceled_at (datetime.datetime | None):
        completed_at (datetime.datetime | None):
        created_at (datetime.datetime):
        device_id (str):
        expires_at (datetime.datetime):
        id (str):
        picked_up_at (datetime.datetime | None):
        release_device_id (None | str): While awaiting_release: the device that must release the subscription.
        released_at (datetime.datetime | None):
        status (DeliveryOutStatus):
        subscription_id (str):
    """

    canceled_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    created_at: datetime.datetime
    device_id: str
    expires_at: datetime.datetime
    id: str
    picked_up_at: datetime.datetime | None
    release_device_id: None | str
    released_at: datetime.datetime | None
    status: DeliveryOutStatus
    subscription_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        canceled_at: None | str
        if isinstance(self.canceled_at, datetime.datetime):
            canceled_at = self.canceled_at.isoformat()
        else:
            canceled_at = self.canceled_at

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        created_at = self.created_at.isoformat()

        device_id = self.device_id

        expires_at = self.expires_at.isoformat()

        id = self.id

        picked_up_at: None | str
        if isinstance(self.picked_up_at, datetime.datetime):
            picked_up_at = self.picked_up_at.isoformat()
        else:
            picked_up_at = self.picked_up_at

        release_device_id: None | str
        release_device_id = self.release_device_id

        released_at: None | str
        if isinstance(self.released_at, datetime.datetime):
            released_at = self.released_at.isoformat()
        else:
            released_at = self.released_at

        status = self.status.value

        subscription_id = self.subscription_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "canceled_at": canceled_at,
                "completed_at": completed_at,
                "created_at": created_at,
                "device_id": device_id,
                "expires_at": expires_at,
                "id": id,
                "picked_up_at": picked_up_at,
                "release_device_id": release_device_id,
                "released_at": released_at,
                "status": status,
                "subscription_id": subscription_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_canceled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                canceled_at_type_0 = datetime.datetime.fromisoformat(data)

                return canceled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        canceled_at = _parse_canceled_at(d.pop("canceled_at"))

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        device_id = d.pop("device_id")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = d.pop("id")

        def _parse_picked_up_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                picked_up_at_type_0 = datetime.datetime.fromisoformat(data)

                return picked_up_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        picked_up_at = _parse_picked_up_at(d.pop("picked_up_at"))

        def _parse_release_device_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        release_device_id = _parse_release_device_id(d.pop("release_device_id"))

        def _parse_released_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                released_at_type_0 = datetime.datetime.fromisoformat(data)

                return released_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        released_at = _parse_released_at(d.pop("released_at"))

        status = DeliveryOutStatus(d.pop("status"))

        subscription_id = d.pop("subscription_id")

        delivery_out = cls(
            canceled_at=canceled_at,
            completed_at=completed_at,
            created_at=created_at,
            device_id=device_id,
            expires_at=expires_at,
            id=id,
            picked_up_at=picked_up_at,
            release_device_id=release_device_id,
            released_at=released_at,
            status=status,
            subscription_id=subscription_id,
        )

        delivery_out.additional_properties = d
        return delivery_out

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
