from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.invitation_in_role import InvitationInRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="InvitationIn")


@_attrs_define
class InvitationIn:
    """
    Attributes:
        email (str):
        role (InvitationInRole | Unset):  Default: InvitationInRole.MEMBER.
    """

    email: str
    role: InvitationInRole | Unset = InvitationInRole.MEMBER

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        _role = d.pop("role", UNSET)
        role: InvitationInRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = InvitationInRole(_role)

        invitation_in = cls(
            email=email,
            role=role,
        )

        return invitation_in
