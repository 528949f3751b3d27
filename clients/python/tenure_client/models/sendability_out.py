from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.delivery_out import DeliveryOut
    from ..models.device_out import DeviceOut
    from ..models.reason_out import ReasonOut


T = TypeVar("T", bound="SendabilityOut")


@_attrs_define
class SendabilityOut:
    """One linked device as seen from a subscription (the "My devices" section).

    Attributes:
        delivery (DeliveryOut | None): The latest delivery to this device.
        device (DeviceOut):
        reasons (list[ReasonOut]):
        release_device_id (None | str):
        sendable (bool):
        uses_this_subscription (bool):
    """

    delivery: DeliveryOut | None
    device: DeviceOut
    reasons: list[ReasonOut]
    release_device_id: None | str
    sendable: bool
    uses_this_subscription: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.delivery_out import DeliveryOut  # noqa: PLC0415

        delivery: dict[str, Any] | None
        if isinstance(self.delivery, DeliveryOut):
            delivery = self.delivery.to_dict()
        else:
            delivery = self.delivery

        device = self.device.to_dict()

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        release_device_id: None | str
        release_device_id = self.release_device_id

        sendable = self.sendable

        uses_this_subscription = self.uses_this_subscription

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delivery": delivery,
                "device": device,
                "reasons": reasons,
                "release_device_id": release_device_id,
                "sendable": sendable,
                "uses_this_subscription": uses_this_subscription,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_out import DeliveryOut  # noqa: PLC0415
        from ..models.device_out import DeviceOut  # noqa: PLC0415
        from ..models.reason_out import ReasonOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_delivery(data: object) -> DeliveryOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                delivery_type_0 = DeliveryOut.from_dict(data)

                return delivery_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryOut | None, data)

        delivery = _parse_delivery(d.pop("delivery"))

        device = DeviceOut.from_dict(d.pop("device"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = ReasonOut.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        def _parse_release_device_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        release_device_id = _parse_release_device_id(d.pop("release_device_id"))

        sendable = d.pop("sendable")

        uses_this_subscription = d.pop("uses_this_subscription")

        sendability_out = cls(
            delivery=delivery,
            device=device,
            reasons=reasons,
            release_device_id=release_device_id,
            sendable=sendable,
            uses_this_subscription=uses_this_subscription,
        )

        sendability_out.additional_properties = d
        return sendability_out

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
