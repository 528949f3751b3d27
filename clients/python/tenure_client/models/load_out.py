from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LoadOut")


@_attrs_define
class LoadOut:
    """
    Attributes:
        created (bool): False when the catalog was identical to the current version (no new version was stored).
        id (str):
        loaded_at (datetime.datetime):
        loaded_by (str): Who loaded it: actor kind and id, e.g. staff:key_….
        plans (int):
        products (int):
        sha256 (str):
        version (int):
    """

    created: bool
    id: str
    loaded_at: datetime.datetime
    loaded_by: str
    plans: int
    products: int
    sha256: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        id = self.id

        loaded_at = self.loaded_at.isoformat()

        loaded_by = self.loaded_by

        plans = self.plans

        products = self.products

        sha256 = self.sha256

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "id": id,
                "loaded_at": loaded_at,
                "loaded_by": loaded_by,
                "plans": plans,
                "products": products,
                "sha256": sha256,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created = d.pop("created")

        id = d.pop("id")

        loaded_at = datetime.datetime.fromisoformat(d.pop("loaded_at"))

        loaded_by = d.pop("loaded_by")

        plans = d.pop("plans")

        products = d.pop("products")

        sha256 = d.pop("sha256")

        version = d.pop("version")

        load_out = cls(
            created=created,
            id=id,
            loaded_at=loaded_at,
            loaded_by=loaded_by,
            plans=plans,
            products=products,
            sha256=sha256,
            version=version,
        )

        load_out.additional_properties = d
        return load_out

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
