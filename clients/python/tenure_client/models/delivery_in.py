from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.delivery_in_via import DeliveryInVia
from ..types import UNSET, Unset

T = TypeVar("T", bound="DeliveryIn")


@_attrs_define
class DeliveryIn:
    """
    Attributes:
        device_id (str):
        release_from_device_id (None | str | Unset): When the slots are full: the device that gives the subscription up;
            the delivery waits for it to release the subscription.
        via (DeliveryInVia | Unset): admin_console: sent from a small-office subscription's admin console. Default:
            DeliveryInVia.ACCOUNT.
    """

    device_id: str
    release_from_device_id: None | str | Unset = UNSET
    via: DeliveryInVia | Unset = DeliveryInVia.ACCOUNT

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        release_from_device_id: None | str | Unset
        if isinstance(self.release_from_device_id, Unset):
            release_from_device_id = UNSET
        else:
            release_from_device_id = self.release_from_device_id

        via: str | Unset = UNSET
        if not isinstance(self.via, Unset):
            via = self.via.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "device_id": device_id,
            }
        )
        if release_from_device_id is not UNSET:
            field_dict["release_from_device_id"] = release_from_device_id
        if via is not UNSET:
            field_dict["via"] = via

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_id = d.pop("device_id")

        def _parse_release_from_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        release_from_device_id = _parse_release_from_device_id(d.pop("release_from_device_id", UNSET))

        _via = d.pop("via", UNSET)
        via: DeliveryInVia | Unset
        if isinstance(_via, Unset):
            via = UNSET
        else:
            via = DeliveryInVia(_via)

        delivery_in = cls(
            device_id=device_id,
            release_from_device_id=release_from_device_id,
            via=via,
        )

        return delivery_in
