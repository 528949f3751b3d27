from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InvitationPreviewOut")


@_attrs_define
class InvitationPreviewOut:
    """
    Attributes:
        email (str):
        expires_at (datetime.datetime):
        organization_id (str):
        organization_name (str):
        role (str):
        status (str):
    """

    email: str
    expires_at: datetime.datetime
    organization_id: str
    organization_name: str
    role: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        expires_at = self.expires_at.isoformat()

        organization_id = self.organization_id

        organization_name = self.organization_name

        role = self.role

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "expires_at": expires_at,
                "organization_id": organization_id,
                "organization_name": organization_name,
                "role": role,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        organization_id = d.pop("organization_id")

        organization_name = d.pop("organization_name")

        role = d.pop("role")

        status = d.pop("status")

        invitation_preview_out = cls(
            email=email,
            expires_at=expires_at,
            organization_id=organization_id,
            organization_name=organization_name,
            role=role,
            status=status,
        )

        invitation_preview_out.additional_properties = d
        return invitation_preview_out

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
