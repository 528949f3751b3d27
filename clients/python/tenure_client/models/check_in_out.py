from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.delivery_out import DeliveryOut
    from ..models.device_out import DeviceOut


T = TypeVar("T", bound="CheckInOut")


@_attrs_define
class CheckInOut:
    """
    Attributes:
        deliveries (list[DeliveryOut]): Subscriptions sent to this device: confirm each to start using it.
        device (DeviceOut):
        release_requests (list[DeliveryOut]): Deliveries to other devices that wait for this device to release its
            subscription (POST /v1/devices/me/release).
    """

    deliveries: list[DeliveryOut]
    device: DeviceOut
    release_requests: list[DeliveryOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        deliveries = []
        for deliveries_item_data in self.deliveries:
            deliveries_item = deliveries_item_data.to_dict()
            deliveries.append(deliveries_item)

        device = self.device.to_dict()

        release_requests = []
        for release_requests_item_data in self.release_requests:
            release_requests_item = release_requests_item_data.to_dict()
            release_requests.append(release_requests_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deliveries": deliveries,
                "device": device,
                "release_requests": release_requests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_out import DeliveryOut  # noqa: PLC0415
        from ..models.device_out import DeviceOut  # noqa: PLC0415

        d = dict(src_dict)
        deliveries = []
        _deliveries = d.pop("deliveries")
        for deliveries_item_data in _deliveries:
            deliveries_item = DeliveryOut.from_dict(deliveries_item_data)

            deliveries.append(deliveries_item)

        device = DeviceOut.from_dict(d.pop("device"))

        release_requests = []
        _release_requests = d.pop("release_requests")
        for release_requests_item_data in _release_requests:
            release_requests_item = DeliveryOut.from_dict(release_requests_item_data)

            release_requests.append(release_requests_item)

        check_in_out = cls(
            deliveries=deliveries,
            device=device,
            release_requests=release_requests,
        )

        check_in_out.additional_properties = d
        return check_in_out

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
