from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PayingMethodOut")


@_attrs_define
class PayingMethodOut:
    """The payment method the subscription's next charge uses (VL-3, SUB-9).

    Attributes:
        brand (None | str):
        id (str):
        label (None | str):
        last4 (None | str):
        source (str): `subscription`: the subscription's own method; `account_default`: its own method was deleted (or
            none was chosen), so the account's default pays.
        type_ (str):
    """

    brand: None | str
    id: str
    label: None | str
    last4: None | str
    source: str
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        brand: None | str
        brand = self.brand

        id = self.id

        label: None | str
        label = self.label

        last4: None | str
        last4 = self.last4

        source = self.source

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "brand": brand,
                "id": id,
                "label": label,
                "last4": last4,
                "source": source,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_brand(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        brand = _parse_brand(d.pop("brand"))

        id = d.pop("id")

        def _parse_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))

        def _parse_last4(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last4 = _parse_last4(d.pop("last4"))

        source = d.pop("source")

        type_ = d.pop("type")

        paying_method_out = cls(
            brand=brand,
            id=id,
            label=label,
            last4=last4,
            source=source,
            type_=type_,
        )

        paying_method_out.additional_properties = d
        return paying_method_out

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
