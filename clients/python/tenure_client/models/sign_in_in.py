from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.device_in import DeviceIn


T = TypeVar("T", bound="SignInIn")


@_attrs_define
class SignInIn:
    """
    Attributes:
        password (str):
        username (str):
        device (DeviceIn | None | Unset): Give it to connect from this installation (VL-13).
    """

    password: str
    username: str
    device: DeviceIn | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.device_in import DeviceIn  # noqa: PLC0415

        password = self.password

        username = self.username

        device: dict[str, Any] | None | Unset
        if isinstance(self.device, Unset):
            device = UNSET
        elif isinstance(self.device, DeviceIn):
            device = self.device.to_dict()
        else:
            device = self.device

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "password": password,
                "username": username,
            }
        )
        if device is not UNSET:
            field_dict["device"] = device

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.device_in import DeviceIn  # noqa: PLC0415

        d = dict(src_dict)
        password = d.pop("password")

        username = d.pop("username")

        def _parse_device(data: object) -> DeviceIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                device_type_0 = DeviceIn.from_dict(data)

                return device_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeviceIn | None | Unset, data)

        device = _parse_device(d.pop("device", UNSET))

        sign_in_in = cls(
            password=password,
            username=username,
            device=device,
        )

        return sign_in_in
