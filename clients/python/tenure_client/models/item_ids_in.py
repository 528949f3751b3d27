from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ItemIdsIn")


@_attrs_define
class ItemIdsIn:
    """
    Attributes:
        item_ids (list[str]):
    """

    item_ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        item_ids = self.item_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "item_ids": item_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        item_ids = cast(list[str], d.pop("item_ids"))

        item_ids_in = cls(
            item_ids=item_ids,
        )

        return item_ids_in
