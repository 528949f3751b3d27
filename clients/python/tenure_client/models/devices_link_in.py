from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.devices_link_in_platform import DevicesLinkInPlatform
from ..types import UNSET, Unset

T = TypeVar("T", bound="DevicesLinkIn")


@_attrs_define
class DevicesLinkIn:
    """What a new installation tells about itself when it redeems a link code (DEV-2).

    Attributes:
        code (str):
        name (str):
        platform (DevicesLinkInPlatform):
        app_version (None | str | Unset):
        fingerprint (None | str | Unset):
        is_vm (bool | Unset): A virtual machine (counts like any device). Default: False.
        os_version (None | str | Unset):
        region (None | str | Unset): ISO 3166 country code, e.g. DK.
    """

    code: str
    name: str
    platform: DevicesLinkInPlatform
    app_version: None | str | Unset = UNSET
    fingerprint: None | str | Unset = UNSET
    is_vm: bool | Unset = False
    os_version: None | str | Unset = UNSET
    region: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

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

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
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
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        platform = DevicesLinkInPlatform(d.pop("platform"))

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

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        devices_link_in = cls(
            code=code,
            name=name,
            platform=platform,
            app_version=app_version,
            fingerprint=fingerprint,
            is_vm=is_vm,
            os_version=os_version,
            region=region,
        )

        return devices_link_in
