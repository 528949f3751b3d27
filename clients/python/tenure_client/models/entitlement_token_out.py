from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EntitlementTokenOut")


@_attrs_define
class EntitlementTokenOut:
    """
    Attributes:
        expires_at (datetime.datetime):
        kid (str):
        token (str): A compact JWS (EdDSA, Ed25519) of the entitlement's claims; verify it with the key named by its kid
            at /.well-known/jwks.json.
    """

    expires_at: datetime.datetime
    kid: str
    token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_at = self.expires_at.isoformat()

        kid = self.kid

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expires_at": expires_at,
                "kid": kid,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        kid = d.pop("kid")

        token = d.pop("token")

        entitlement_token_out = cls(
            expires_at=expires_at,
            kid=kid,
            token=token,
        )

        entitlement_token_out.additional_properties = d
        return entitlement_token_out

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
