from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="LicenseConnectIn")


@_attrs_define
class LicenseConnectIn:
    """
    Attributes:
        device_id (str): From the sign-in answer.
    """

    device_id: str

    def to_dict(self) -> dict[str, Any]:
        device_id = self.device_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "device_id": device_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        device_id = d.pop("device_id")

        license_connect_in = cls(
            device_id=device_id,
        )

        return license_connect_in
