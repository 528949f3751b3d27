from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.device_out_status import DeviceOutStatus

T = TypeVar("T", bound="DeviceOut")


@_attrs_define
class DeviceOut:
    """
    Attributes:
        account_id (str):
        app_version (None | str):
        fingerprint (None | str):
        id (str):
        installed_at (datetime.datetime | None):
        is_vm (bool):
        last_check_in_at (datetime.datetime | None):
        linked_at (datetime.datetime):
        name (str):
        os_version (None | str):
        platform (str):
        region (None | str):
        status (DeviceOutStatus):
        subscription_id (None | str): The subscription the app on it uses.
        unlinked_at (datetime.datetime | None):
    """

    account_id: str
    app_version: None | str
    fingerprint: None | str
    id: str
    installed_at: datetime.datetime | None
    is_vm: bool
    last_check_in_at: datetime.datetime | None
    linked_at: datetime.datetime
    name: str
    os_version: None | str
    platform: str
    region: None | str
    status: DeviceOutStatus
    subscription_id: None | str
    unlinked_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        app_version: None | str
        app_version = self.app_version

        fingerprint: None | str
        fingerprint = self.fingerprint

        id = self.id

        installed_at: None | str
        if isinstance(self.installed_at, datetime.datetime):
            installed_at = self.installed_at.isoformat()
        else:
            installed_at = self.installed_at

        is_vm = self.is_vm

        last_check_in_at: None | str
        if isinstance(self.last_check_in_at, datetime.datetime):
            last_check_in_at = self.last_check_in_at.isoformat()
        else:
            last_check_in_at = self.last_check_in_at

        linked_at = self.linked_at.isoformat()

        name = self.name

        os_version: None | str
        os_version = self.os_version

        platform = self.platform

        region: None | str
        region = self.region

        status = self.status.value

        subscription_id: None | str
        subscription_id = self.subscription_id

        unlinked_at: None | str
        if isinstance(self.unlinked_at, datetime.datetime):
            unlinked_at = self.unlinked_at.isoformat()
        else:
            unlinked_at = self.unlinked_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "app_version": app_version,
                "fingerprint": fingerprint,
                "id": id,
                "installed_at": installed_at,
                "is_vm": is_vm,
                "last_check_in_at": last_check_in_at,
                "linked_at": linked_at,
                "name": name,
                "os_version": os_version,
                "platform": platform,
                "region": region,
                "status": status,
                "subscription_id": subscription_id,
                "unlinked_at": unlinked_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        def _parse_app_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        app_version = _parse_app_version(d.pop("app_version"))

        def _parse_fingerprint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fingerprint = _parse_fingerprint(d.pop("fingerprint"))

        id = d.pop("id")

        def _parse_installed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                installed_at_type_0 = datetime.datetime.fromisoformat(data)

                return installed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        installed_at = _parse_installed_at(d.pop("installed_at"))

        is_vm = d.pop("is_vm")

        def _parse_last_check_in_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_check_in_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_check_in_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_check_in_at = _parse_last_check_in_at(d.pop("last_check_in_at"))

        linked_at = datetime.datetime.fromisoformat(d.pop("linked_at"))

        name = d.pop("name")

        def _parse_os_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        os_version = _parse_os_version(d.pop("os_version"))

        platform = d.pop("platform")

        def _parse_region(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region = _parse_region(d.pop("region"))

        status = DeviceOutStatus(d.pop("status"))

        def _parse_subscription_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subscription_id = _parse_subscription_id(d.pop("subscription_id"))

        def _parse_unlinked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                unlinked_at_type_0 = datetime.datetime.fromisoformat(data)

                return unlinked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        unlinked_at = _parse_unlinked_at(d.pop("unlinked_at"))

        device_out = cls(
            account_id=account_id,
            app_version=app_version,
            fingerprint=fingerprint,
            id=id,
            installed_at=installed_at,
            is_vm=is_vm,
            last_check_in_at=last_check_in_at,
            linked_at=linked_at,
            name=name,
            os_version=os_version,
            platform=platform,
            region=region,
            status=status,
            subscription_id=subscription_id,
            unlinked_at=unlinked_at,
        )

        device_out.additional_properties = d
        return device_out

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
