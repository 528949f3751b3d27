from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.device_in_platform import DeviceInPlatform
from ..types import UNSET, Unset

T = TypeVar("T", bound="DeviceIn")


@_attrs_define
class DeviceIn:
    """The installation that signs in (VL-13: it becomes one of the license's devices).

    Attributes:
        name (str):
        platform (DeviceInPlatform):
        app_version (None | str | Unset):
        fingerprint (None | str | Unset):
        is_vm (bool | Unset): A virtual machine (counts like any device). Default: False.
        os_version (None | str | Unset):
    """

    name: str
    platform: DeviceInPlatform
    app_version: None | str | Unset = UNSET
    fingerprint: None | str | Unset = UNSET
    is_vm: bool | Unset = False
    os_version: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        platform = self.platform.value

        app_version: None | str | Unset
        if isinstance(self.app_version, Unset):
            app_version = UNSET
        else:
            app_version = self.app_version

        fingerprint: None | str | Unset
        if isinstance(self.fingerprint, Unset):
            fingerprint = UNSET
        else:
            fingerprint = self.fingerprint

        is_vm = self.is_vm

        os_version: None | str | Unset
        if isinstance(self.os_version, Unset):
            os_version = UNSET
        else:
            os_version = self.os_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "platform": platform,
            }
        )
        if app_version is not UNSET:
            field_dict["app_version"] = app_version
        if fingerprint is not UNSET:
            field_dict["fingerprint"] = fingerprint
        if is_vm is not UNSET:
            field_dict["is_vm"] = is_vm
        if os_version is not UNSET:
            field_dict["os_version"] = os_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        platform = DeviceInPlatform(d.pop("platform"))

        def _parse_app_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        app_version = _parse_app_version(d.pop("app_version", UNSET))

        def _parse_fingerprint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fingerprint = _parse_fingerprint(d.pop("fingerprint", UNSET))

        is_vm = d.pop("is_vm", UNSET)

        def _parse_os_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        os_version = _parse_os_version(d.pop("os_version", UNSET))

        device_in = cls(
            name=name,
            platform=platform,
            app_version=app_version,
            fingerprint=fingerprint,
            is_vm=is_vm,
            os_version=os_version,
        )

        return device_in
