from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.catalog_product_out import CatalogProductOut


T = TypeVar("T", bound="CatalogOut")


@_attrs_define
class CatalogOut:
    """The catalog in force. Plans with ``public: false`` are shown to staff only.

    Attributes:
        id (str):
        loaded_at (datetime.datetime):
        products (list[CatalogProductOut]):
        vendor (str):
        version (int):
    """

    id: str
    loaded_at: datetime.datetime
    products: list[CatalogProductOut]
    vendor: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        loaded_at = self.loaded_at.isoformat()

        products = []
        for products_item_data in self.products:
            products_item = products_item_data.to_dict()
            products.append(products_item)

        vendor = self.vendor

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "loaded_at": loaded_at,
                "products": products,
                "vendor": vendor,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.catalog_product_out import CatalogProductOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        loaded_at = datetime.datetime.fromisoformat(d.pop("loaded_at"))

        products = []
        _products = d.pop("products")
        for products_item_data in _products:
            products_item = CatalogProductOut.from_dict(products_item_data)

            products.append(products_item)

        vendor = d.pop("vendor")

        version = d.pop("version")

        catalog_out = cls(
            id=id,
            loaded_at=loaded_at,
            products=products,
            vendor=vendor,
            version=version,
        )

        catalog_out.additional_properties = d
        return catalog_out

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
