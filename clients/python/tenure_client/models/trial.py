from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Trial")


@_attrs_define
class Trial:
    """
    Attributes:
        days (int):
        requires_payment_method (bool | Unset):  Default: False.
    """

    days: int
    requires_payment_method: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        requires_payment_method = self.requires_payment_method

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "days": days,
            }
        )
        if requires_payment_method is not UNSET:
            field_dict["requires_payment_method"] = requires_payment_method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days")

        requires_payment_method = d.pop("requires_payment_method", UNSET)

        trial = cls(
            days=days,
            requires_payment_method=requires_payment_method,
        )

        return trial
