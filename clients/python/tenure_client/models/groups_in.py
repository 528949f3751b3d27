from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.group_in import GroupIn


T = TypeVar("T", bound="GroupsIn")


@_attrs_define
class GroupsIn:
    """
    Attributes:
        groups (list[GroupIn]):
    """

    groups: list[GroupIn]

    def to_dict(self) -> dict[str, Any]:
        groups = []
        for groups_item_data in self.groups:
            groups_item = groups_item_data.to_dict()
            groups.append(groups_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "groups": groups,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group_in import GroupIn  # noqa: PLC0415

        d = dict(src_dict)
        groups = []
        _groups = d.pop("groups")
        for groups_item_data in _groups:
            groups_item = GroupIn.from_dict(groups_item_data)

            groups.append(groups_item)

        groups_in = cls(
            groups=groups,
        )

        return groups_in
