from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.catalog_body import CatalogBody


T = TypeVar("T", bound="VersionDetailOut")


@_attrs_define
class VersionDetailOut:
    """
    Attributes:
        catalog (CatalogBody):
        id (str):
        loaded_at (datetime.datetime):
        loaded_by (str): Who loaded it: actor kind and id, e.g. staff:key_….
        sha256 (str):
        source (str): The catalog file exactly as it was loaded.
        version (int):
    """

    catalog: CatalogBody
    id: str
    loaded_at: datetime.datetime
    loaded_by: str
    sha256: str
    source: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        catalog = self.catalog.to_dict()

        id = self.id

        loaded_at = self.loaded_at.isoformat()

        loaded_by = self.loaded_by

        sha256 = self.sha256

        source = self.source

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "catalog": catalog,
                "id": id,
                "loaded_at": loaded_at,
                "loaded_by": loaded_by,
                "sha256": sha256,
                "source": source,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.catalog_body import CatalogBody  # noqa: PLC0415

        d = dict(src_dict)
        catalog = CatalogBody.from_dict(d.pop("catalog"))

        id = d.pop("id")

        loaded_at = datetime.datetime.fromisoformat(d.pop("loaded_at"))

        loaded_by = d.pop("loaded_by")

        sha256 = d.pop("sha256")

        source = d.pop("source")

        version = d.pop("version")

        version_detail_out = cls(
            catalog=catalog,
            id=id,
            loaded_at=loaded_at,
            loaded_by=loaded_by,
            sha256=sha256,
            source=source,
            version=version,
        )

        version_detail_out.additional_properties = d
        return version_detail_out

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
