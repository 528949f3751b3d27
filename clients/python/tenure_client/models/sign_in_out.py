from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SignInOut")


@_attrs_define
class SignInOut:
    """
    Attributes:
        account_id (str):
        device_id (None | str):
        expires_at (datetime.datetime | None):
        license_id (str):
        token (str): `Authorization: Bearer <token>`. Shown once.
        kind (Literal['licensee'] | Unset):  Default: 'licensee'.
    """

    account_id: str
    device_id: None | str
    expires_at: datetime.datetime | None
    license_id: str
    token: str
    kind: Literal["licensee"] | Unset = "licensee"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        device_id: None | str
        device_id = self.device_id

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        license_id = self.license_id

        token = self.token

        kind = self.kind

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "device_id": device_id,
                "expires_at": expires_at,
                "license_id": license_id,
                "token": token,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        def _parse_device_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        device_id = _parse_device_id(d.pop("device_id"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        license_id = d.pop("license_id")

        token = d.pop("token")

        kind = cast(Literal["licensee"] | Unset, d.pop("kind", UNSET))
        if kind != "licensee" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'licensee', got '{kind}'")

        sign_in_out = cls(
            account_id=account_id,
            device_id=device_id,
            expires_at=expires_at,
            license_id=license_id,
            token=token,
            kind=kind,
        )

        sign_in_out.additional_properties = d
        return sign_in_out

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
