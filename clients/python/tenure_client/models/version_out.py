from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VersionOut")


@_attrs_define
class VersionOut:
    """
    Attributes:
        id (str):
        loaded_at (datetime.datetime):
        loaded_by (str): Who loaded it: actor kind and id, e.g. staff:key_….
        sha256 (str):
        version (int):
    """

    id: str
    loaded_at: datetime.datetime
    loaded_by: str
    sha256: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        loaded_at = self.loaded_at.isoformat()

        loaded_by = self.loaded_by

        sha256 = self.sha256

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "loaded_at": loaded_at,
                "loaded_by": loaded_by,
                "sha256": sha256,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        loaded_at = datetime.datetime.fromisoformat(d.pop("loaded_at"))

        loaded_by = d.pop("loaded_by")

        sha256 = d.pop("sha256")

        version = d.pop("version")

        version_out = cls(
            id=id,
            loaded_at=loaded_at,
            loaded_by=loaded_by,
            sha256=sha256,
            version=version,
        )

        version_out.additional_properties = d
        return version_out

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
