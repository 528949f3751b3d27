from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.directory_in_kind import DirectoryInKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="DirectoryIn")


@_attrs_define
class DirectoryIn:
    """
    Attributes:
        kind (DirectoryInKind):
        name (str | Unset):  Default: ''.
    """

    kind: DirectoryInKind
    name: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = DirectoryInKind(d.pop("kind"))

        name = d.pop("name", UNSET)

        directory_in = cls(
            kind=kind,
            name=name,
        )

        return directory_in
