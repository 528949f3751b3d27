from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RefundIn")


@_attrs_define
class RefundIn:
    """
    Attributes:
        override_window (bool | Unset): Staff only: refund outside the money-back window. Default: False.
    """

    override_window: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        override_window = self.override_window

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if override_window is not UNSET:
            field_dict["override_window"] = override_window

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        override_window = d.pop("override_window", UNSET)

        refund_in = cls(
            override_window=override_window,
        )

        return refund_in
