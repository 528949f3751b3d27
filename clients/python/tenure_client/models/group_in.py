from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GroupIn")


@_attrs_define
class GroupIn:
    """
    Attributes:
        group_id (str):
        members (list[str] | Unset):
        name (str | Unset):  Default: ''.
    """

    group_id: str
    members: list[str] | Unset = UNSET
    name: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        group_id = self.group_id

        members: list[str] | Unset = UNSET
        if not isinstance(self.members, Unset):
            members = self.members

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "group_id": group_id,
            }
        )
        if members is not UNSET:
            field_dict["members"] = members
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        group_id = d.pop("group_id")

        members = cast(list[str], d.pop("members", UNSET))

        name = d.pop("name", UNSET)

        group_in = cls(
            group_id=group_id,
            members=members,
            name=name,
        )

        return group_in
