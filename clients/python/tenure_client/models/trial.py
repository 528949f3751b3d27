from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Trial")


@_attrs_define
class Trial:
    """
    Attributes:
        days (int):
        regions (list[str] | Unset): Where the free trial is offered (ISO country codes, or '*'); for an App Store plan,
            the storefronts with the introductory offer (APP-11).
        requires_payment_method (bool | Unset):  Default: False.
    """

    days: int
    regions: list[str] | Unset = UNSET
    requires_payment_method: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        regions: list[str] | Unset = UNSET
        if not isinstance(self.regions, Unset):
            regions = self.regions

        requires_payment_method = self.requires_payment_method

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "days": days,
            }
        )
        if regions is not UNSET:
            field_dict["regions"] = regions
        if requires_payment_method is not UNSET:
            field_dict["requires_payment_method"] = requires_payment_method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days")

        regions = cast(list[str], d.pop("regions", UNSET))

        requires_payment_method = d.pop("requires_payment_method", UNSET)

        trial = cls(
            days=days,
            regions=regions,
            requires_payment_method=requires_payment_method,
        )

        return trial
