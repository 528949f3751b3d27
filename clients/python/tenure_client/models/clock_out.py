from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClockOut")


@_attrs_define
class ClockOut:
    """
    Attributes:
        now (datetime.datetime):
        simulated (bool | Unset):  Default: True.
        transitions_run (int | Unset):  Default: 0.
    """

    now: datetime.datetime
    simulated: bool | Unset = True
    transitions_run: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        now = self.now.isoformat()

        simulated = self.simulated

        transitions_run = self.transitions_run

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "now": now,
            }
        )
        if simulated is not UNSET:
            field_dict["simulated"] = simulated
        if transitions_run is not UNSET:
            field_dict["transitions_run"] = transitions_run

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        now = datetime.datetime.fromisoformat(d.pop("now"))

        simulated = d.pop("simulated", UNSET)

        transitions_run = d.pop("transitions_run", UNSET)

        clock_out = cls(
            now=now,
            simulated=simulated,
            transitions_run=transitions_run,
        )

        clock_out.additional_properties = d
        return clock_out

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
