from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DownloadOut")


@_attrs_define
class DownloadOut:
    """
    Attributes:
        expires_at (datetime.datetime):
        platforms (list[str]):
        product (str):
        product_name (str):
    """

    expires_at: datetime.datetime
    platforms: list[str]
    product: str
    product_name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_at = self.expires_at.isoformat()

        platforms = self.platforms

        product = self.product

        product_name = self.product_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expires_at": expires_at,
                "platforms": platforms,
                "product": product,
                "product_name": product_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        platforms = cast(list[str], d.pop("platforms"))

        product = d.pop("product")

        product_name = d.pop("product_name")

        download_out = cls(
            expires_at=expires_at,
            platforms=platforms,
            product=product,
            product_name=product_name,
        )

        download_out.additional_properties = d
        return download_out

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
