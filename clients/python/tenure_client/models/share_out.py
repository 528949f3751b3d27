from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ShareOut")


@_attrs_define
class ShareOut:
    """
    Attributes:
        group_id (None | str):
        recipient_account_id (None | str):
        shared_by_account_id (str):
    """

    group_id: None | str
    recipient_account_id: None | str
    shared_by_account_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        group_id: None | str
        group_id = self.group_id

        recipient_account_id: None | str
        recipient_account_id = self.recipient_account_id

        shared_by_account_id = self.shared_by_account_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "group_id": group_id,
                "recipient_account_id": recipient_account_id,
                "shared_by_account_id": shared_by_account_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_group_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        group_id = _parse_group_id(d.pop("group_id"))

        def _parse_recipient_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        recipient_account_id = _parse_recipient_account_id(d.pop("recipient_account_id"))

        shared_by_account_id = d.pop("shared_by_account_id")

        share_out = cls(
            group_id=group_id,
            recipient_account_id=recipient_account_id,
            shared_by_account_id=shared_by_account_id,
        )

        share_out.additional_properties = d
        return share_out

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
