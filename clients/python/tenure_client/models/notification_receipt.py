from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NotificationReceipt")


@_attrs_define
class NotificationReceipt:
    """
    Attributes:
        duplicate (bool): True when this notificationUUID was received before.
        notification_id (str):
        notification_uuid (str):
        outcome (str): applied, stale, recorded, unlinked or unknown_product.
        subscription_id (None | str):
    """

    duplicate: bool
    notification_id: str
    notification_uuid: str
    outcome: str
    subscription_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duplicate = self.duplicate

        notification_id = self.notification_id

        notification_uuid = self.notification_uuid

        outcome = self.outcome

        subscription_id: None | str
        subscription_id = self.subscription_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "duplicate": duplicate,
                "notification_id": notification_id,
                "notification_uuid": notification_uuid,
                "outcome": outcome,
                "subscription_id": subscription_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duplicate = d.pop("duplicate")

        notification_id = d.pop("notification_id")

        notification_uuid = d.pop("notification_uuid")

        outcome = d.pop("outcome")

        def _parse_subscription_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subscription_id = _parse_subscription_id(d.pop("subscription_id"))

        notification_receipt = cls(
            duplicate=duplicate,
            notification_id=notification_id,
            notification_uuid=notification_uuid,
            outcome=outcome,
            subscription_id=subscription_id,
        )

        notification_receipt.additional_properties = d
        return notification_receipt

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
