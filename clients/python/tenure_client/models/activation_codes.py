from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.activation_codes_slot_kind import ActivationCodesSlotKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ActivationCodes")


@_attrs_define
class ActivationCodes:
    """Antivirus-style activation codes (DEV-7): each subscription gets one with slots.

    Attributes:
        slots (int):
        slot_kind (ActivationCodesSlotKind | Unset):  Default: ActivationCodesSlotKind.DEVICES.
    """

    slots: int
    slot_kind: ActivationCodesSlotKind | Unset = ActivationCodesSlotKind.DEVICES

    def to_dict(self) -> dict[str, Any]:
        slots = self.slots

        slot_kind: str | Unset = UNSET
        if not isinstance(self.slot_kind, Unset):
            slot_kind = self.slot_kind.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "slots": slots,
            }
        )
        if slot_kind is not UNSET:
            field_dict["slot_kind"] = slot_kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        slots = d.pop("slots")

        _slot_kind = d.pop("slot_kind", UNSET)
        slot_kind: ActivationCodesSlotKind | Unset
        if isinstance(_slot_kind, Unset):
            slot_kind = UNSET
        else:
            slot_kind = ActivationCodesSlotKind(_slot_kind)

        activation_codes = cls(
            slots=slots,
            slot_kind=slot_kind,
        )

        return activation_codes
